"""Workers' stages read set-based from real rows of the registry, the membership
reconciliations and the decrees; and the list filter held equal to them."""

from __future__ import annotations

from datetime import date

import pytest

from tests.budget.conftest import budget, province  # noqa: F401 (fixtures)
from tests.decrees.conftest import (  # noqa: F401 (fixtures)
    adopt,
    adopted,
    checker,
    issued,
    kota_user,
    worker_ids,
)
from tests.membership.conftest import extract_csv, participant, person, register
from ucj.budget import services as budgets
from ucj.decrees import services as decrees
from ucj.membership import services as membership
from ucj.registry import stage
from ucj.registry.models import Worker
from ucj.registry.stages import filter_stage, stages_for

pytestmark = pytest.mark.django_db


def by_name(stages: dict) -> dict[str, str]:
    names = dict(Worker.objects.values_list("pk", "name"))
    return {names[pk]: found.code for pk, found in stages.items()}


def month_loop(issued, provinsi_user, sambas_user, checker):  # noqa: F811
    """August 2026: the decree was sent, BPJS's extract shows E registered, C lapsed;
    a 2026 proposal returns G, accepts B and leaves H waiting; I was registered after
    the reconciliation."""
    decrees.mark_sent(user=provinsi_user, decree=issued, sent_on=date(2026, 7, 1))
    sambas = {c: person(i, f"Warga Sambas {c}", date(1980, 1, i + 1))
              for i, c in enumerate("BCDEFG", start=1)}
    kota_b = person(1, "Warga Kota B", date(1985, 2, 2), regency="61.72")
    membership.import_extract(data=extract_csv([
        participant(sambas["B"], "10000001", paid="2026-08"),
        participant(sambas["C"], "10000002", status="NONAKTIF", paid="2025-01"),
        participant(sambas["E"], "20000001", paid="2026-08"),
        participant(kota_b, "10000003", paid="2026-08")]),
        file_name="agustus.csv", as_of=date(2026, 8, 10))
    run = membership.reconcile()
    if run.status == "awaiting":
        membership.confirm_reconciliation(user=provinsi_user, run=run)
    register([person(7, "Warga Sambas H", date(1980, 1, 8)),
              person(8, "Warga Sambas I", date(1980, 1, 9))])
    later = budgets.create_budget(
        user=provinsi_user, name="Iuran 2026", fiscal_year=2026, programme="rentan",
        funding_source="apbd_provinsi", holder="61", amount=10_000_000,
        start_month=date(2026, 1, 1), months=6, ecosystems=["rentan"])
    adopt(later, {"61.01": 3})
    proposal = decrees.create_proposal(user=sambas_user, budget=later, regency="61.01",
                                       ecosystem="rentan")
    decrees.add_workers(user=sambas_user, proposal=proposal, only_not_active=False,
                        worker_ids=worker_ids("B", "G", "H"))
    decrees.submit_proposal(user=sambas_user, proposal=proposal)
    rows = {r.worker.name[-1]: r.pk for r in proposal.rows.select_related("worker")}
    decrees.decide(user=checker, proposal=proposal, accept=False, row_ids=[rows["G"]],
                   reason="Desa tidak sesuai KTP")
    decrees.decide(user=checker, proposal=proposal, accept=True, row_ids=[rows["B"]])


def test_stages_through_the_loop(issued, provinsi_user, sambas_user, checker):  # noqa: F811
    everyone = list(Worker.objects.values_list("pk", flat=True))
    before = stages_for(everyone)
    assert by_name(before) == {
        "Warga Sambas B": stage.ACTIVE, "Warga Sambas C": stage.ACTIVE,
        "Warga Sambas D": stage.DECREED, "Warga Sambas E": stage.DECREED,
        "Warga Sambas F": stage.DECREED, "Warga Sambas G": stage.NOT_ENROLLED,
        "Warga Kota B": stage.ACTIVE, "Warga Kota C": stage.DECREED,
        "Warga Kota D": stage.NOT_ENROLLED, "Warga Kota E": stage.NOT_ENROLLED}
    d = before[worker_ids("D")[0]]
    assert (d.facts.decree_id, d.facts.decree_number) == (issued.pk, issued.number)
    assert (d.facts.start_month, d.facts.months, d.end_month) == (
        date(2025, 1, 1), 12, date(2025, 12, 1))

    month_loop(issued, provinsi_user, sambas_user, checker)
    everyone = list(Worker.objects.values_list("pk", flat=True))
    after = stages_for(everyone)
    assert by_name(after) == {
        "Warga Sambas B": stage.ACCEPTED, "Warga Sambas C": stage.LAPSED,
        "Warga Sambas D": stage.SENT, "Warga Sambas E": stage.REGISTERED,
        "Warga Sambas F": stage.SENT, "Warga Sambas G": stage.RETURNED,
        "Warga Sambas H": stage.PROPOSED, "Warga Sambas I": stage.NOT_RECONCILED,
        "Warga Kota B": stage.ACTIVE, "Warga Kota C": stage.SENT,
        "Warga Kota D": stage.NOT_ENROLLED, "Warga Kota E": stage.NOT_ENROLLED}
    assert after[worker_ids("E")[0]].facts.sent_on == date(2026, 7, 1)
    # The list filter is the same rule in SQL: every stage picks the same workers.
    for code in stage.CODES:
        filtered = set(filter_stage(Worker.objects.all(), code).values_list("pk", flat=True))
        assert filtered == {pk for pk, found in after.items() if found.code == code}, code
    assert filter_stage(Worker.objects.all(), "nonsense").count() == len(everyone)


def test_stages_for_many_workers_take_a_few_queries(issued, provinsi_user,  # noqa: F811
                                                    django_assert_max_num_queries,
                                                    monkeypatch):
    from ucj.registry import stages

    everyone = list(Worker.objects.values_list("pk", flat=True))
    monkeypatch.setattr(stages, "BATCH", 4)  # 10 workers: three batches
    with django_assert_max_num_queries(2 + 3 * 4):
        found = stages_for(everyone)
    assert len(found) == len(everyone) == 10
    assert stages_for([]) == {}
