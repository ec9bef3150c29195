"""The pure stage rule: one stage per worker from the facts."""

from __future__ import annotations

from datetime import date

import pytest

from ucj.registry import stage
from ucj.registry.stage import Facts, stage_of


@pytest.mark.parametrize(("facts", "code"), [
    (Facts(), stage.NOT_RECONCILED),
    (Facts(bpjs_status="active"), stage.ACTIVE),
    (Facts(bpjs_status="lapsed"), stage.LAPSED),
    (Facts(bpjs_status="not_enrolled"), stage.NOT_ENROLLED),
    (Facts(bpjs_status="active", row_status="pending", proposal_status="draft"), stage.PROPOSED),
    (Facts(row_status="pending", proposal_status="submitted"), stage.PROPOSED),
    (Facts(bpjs_status="not_enrolled", row_status="returned"), stage.RETURNED),
    (Facts(row_status="accepted"), stage.ACCEPTED),
    # a decree still in draft, or one replaced, does not name the worker
    (Facts(row_status="accepted", decree_id=3, decree_status="amended"), stage.ACCEPTED),
    (Facts(row_status="accepted", decree_id=3, decree_status="issued"), stage.DECREED),
    (Facts(row_status="accepted", decree_id=3, decree_status="sent",
           sent_on=date(2026, 7, 1)), stage.SENT),
    (Facts(bpjs_status="active", row_status="accepted", decree_id=3, decree_status="sent",
           sent_on=date(2026, 7, 1), registered=True), stage.REGISTERED),
    # registered only counts once the decree was sent
    (Facts(row_status="accepted", decree_id=3, decree_status="issued", registered=True),
     stage.DECREED),
    # a row an amending decree removed is no stage: the BPJS status speaks
    (Facts(bpjs_status="lapsed", row_status="removed"), stage.LAPSED),
])
def test_stage_of_the_facts(facts, code):
    found = stage_of(facts)
    assert found.code == code
    assert found.label == stage.LABELS[code]
    assert found.facts is facts


def test_stages_are_in_the_order_of_the_loop_and_each_has_a_label():
    assert stage.CODES[0] == stage.NOT_RECONCILED and stage.CODES[-1] == stage.REGISTERED
    assert stage_of(Facts(row_status="pending")).step < stage_of(
        Facts(row_status="accepted")).step
    assert all(stage.LABELS[code] for code in stage.CODES)


def test_draft_and_the_months_a_decree_pays():
    assert stage_of(Facts(row_status="pending", proposal_status="draft")).is_draft
    assert not stage_of(Facts(row_status="pending", proposal_status="submitted")).is_draft
    decreed = stage_of(Facts(row_status="accepted", decree_id=1, decree_status="issued",
                             start_month=date(2025, 11, 1), months=6))
    assert decreed.end_month == date(2026, 4, 1)
    assert stage_of(Facts()).end_month is None
