"""The pure rules: overdue, status changes, the calendar grid."""

from datetime import date

import pytest

from ucj.monitoring import rules

TODAY = date(2026, 7, 5)


@pytest.mark.parametrize(("due", "status", "overdue"), [
    (date(2026, 7, 4), rules.OPEN, True),
    (date(2026, 7, 4), rules.IN_PROGRESS, True),
    (date(2026, 7, 5), rules.OPEN, False),  # due today: not yet
    (date(2026, 7, 6), rules.IN_PROGRESS, False),
    (date(2026, 1, 1), rules.DONE, False),
    (date(2026, 1, 1), rules.DROPPED, False),
])
def test_overdue_rule(due, status, overdue):
    assert rules.is_overdue(due=due, status=status, today=TODAY) is overdue
    assert rules.days_overdue(due=due, status=status, today=TODAY) == (
        (TODAY - due).days if overdue else 0)


def test_transitions():
    rules.check_transition(current=rules.OPEN, new=rules.IN_PROGRESS, has_evidence=False, note="")
    rules.check_transition(current=rules.DONE, new=rules.OPEN, has_evidence=True, note="")
    rules.check_transition(current=rules.OPEN, new=rules.DONE, has_evidence=True, note="")
    rules.check_transition(current=rules.OPEN, new=rules.DROPPED, has_evidence=False,
                           note="tidak relevan lagi")
    for current, new, evidence, note, code in [
        (rules.OPEN, rules.OPEN, False, "", "unchanged"),
        (rules.IN_PROGRESS, rules.DONE, False, "sudah", "evidence_required"),
        (rules.OPEN, rules.DROPPED, True, "  ", "reason_required"),
        (rules.OPEN, "closed", True, "x", "unknown_status"),
    ]:
        with pytest.raises(rules.TransitionError) as error:
            rules.check_transition(current=current, new=new, has_evidence=evidence, note=note)
        assert error.value.code == code


def test_month_grid_and_shift():
    weeks = rules.month_grid(2025, 8, {date(2025, 8, 27): ["sambas"]})
    assert weeks[0][0].day == date(2025, 7, 28)  # Monday first
    assert all(len(week) == 7 for week in weeks)
    days = {d.day: d for week in weeks for d in week}
    assert days[date(2025, 8, 27)].items == ("sambas",)
    assert not days[date(2025, 7, 28)].in_month and days[date(2025, 8, 1)].in_month
    assert rules.shift_month(2025, 12, 1) == (2026, 1)
    assert rules.shift_month(2026, 1, -1) == (2025, 12)
