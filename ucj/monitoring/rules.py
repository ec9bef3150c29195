"""Rules of action items and the visit calendar, in plain Python (no Django): which
status changes are allowed, when an item is overdue, and the weeks of a month.

"Today" is always passed in, so the rules can be tested on any date and a page can show
the state on a chosen date."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

OPEN = "open"
IN_PROGRESS = "in_progress"
DONE = "done"
DROPPED = "dropped"
STATUSES = (OPEN, IN_PROGRESS, DONE, DROPPED)
# Items still to be done: only these can be overdue.
PENDING = (OPEN, IN_PROGRESS)


class TransitionError(ValueError):
    """A status change that is not allowed; `code` says why (the caller words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def is_overdue(*, due: date | None, status: str, today: date) -> bool:
    """Overdue: the due date has passed (due < today) and the item is open or in progress.
    An item due today is not yet overdue; done and dropped items never are."""
    return due is not None and status in PENDING and due < today


def days_overdue(*, due: date | None, status: str, today: date) -> int:
    return (today - due).days if is_overdue(due=due, status=status, today=today) else 0


def check_transition(*, current: str, new: str, has_evidence: bool, note: str) -> None:
    """Raise TransitionError unless `current` -> `new` is allowed.

    Every change between the four statuses is allowed (an item can be reopened), except:
    - to the same status ("unchanged"),
    - to done without any evidence (a file or a link): "evidence_required",
    - to dropped without a note saying why: "reason_required".
    """
    if new not in STATUSES:
        raise TransitionError("unknown_status")
    if new == current:
        raise TransitionError("unchanged")
    if new == DONE and not has_evidence:
        raise TransitionError("evidence_required")
    if new == DROPPED and not note.strip():
        raise TransitionError("reason_required")


@dataclass(frozen=True)
class Day:
    day: date
    in_month: bool
    items: tuple


def month_grid(year: int, month: int, items_by_day: dict[date, list]) -> list[list[Day]]:
    """The weeks (Monday first) covering the month, each day with its items."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(day=d, in_month=d.month == month, items=tuple(items_by_day.get(d, ())))
             for d in week] for week in weeks]


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1
