"""A worker's stage in the monthly loop, from the facts (plain Python, no Django).

    registered, not yet reconciled -> active / lapsed / not enrolled at BPJS -> proposed
    (or returned) -> accepted -> decreed (which decree, which months) -> sent to BPJS ->
    registered

`stage_of(facts)` is the one definition; `ucj.registry.stages` gathers the facts for
many workers at once (set-based) and translates the labels. The rule: the worker's
latest proposal row that an amending decree did not remove decides (pending: proposed;
returned; accepted: accepted, decreed, sent or registered by its decree); without one,
the worker's status in the current reconciliation (none: not yet reconciled).

Labels are English msgids marked with `_` (an identity here, so makemessages finds them);
pages translate them with gettext."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def _(text: str) -> str:
    return text


NOT_RECONCILED = "not_reconciled"
ACTIVE = "active"
LAPSED = "lapsed"
NOT_ENROLLED = "not_enrolled"
PROPOSED = "proposed"
RETURNED = "returned"
ACCEPTED = "accepted"
DECREED = "decreed"
SENT = "sent"
REGISTERED = "registered"

#: The stages in the order of the loop, with their labels.
LABELS: dict[str, str] = {
    NOT_RECONCILED: _("Registered, not yet reconciled with BPJS"),
    ACTIVE: _("Active at BPJS"),
    LAPSED: _("Lapsed at BPJS"),
    NOT_ENROLLED: _("Not enrolled at BPJS"),
    PROPOSED: _("Proposed"),
    RETURNED: _("Returned to the regency"),
    ACCEPTED: _("Accepted, waiting for a decree"),
    DECREED: _("Decreed"),
    SENT: _("Sent to BPJS"),
    REGISTERED: _("Registered at BPJS"),
}
CODES: tuple[str, ...] = tuple(LABELS)

# Fact values (the models' choices, repeated here as plain strings).
BPJS_STATUSES = {"active": ACTIVE, "lapsed": LAPSED, "not_enrolled": NOT_ENROLLED}
ROW_PENDING, ROW_ACCEPTED, ROW_RETURNED, ROW_REMOVED = "pending", "accepted", "returned", "removed"
DECREE_SENT = "sent"
DECREE_IN_FORCE = ("issued", "sent")
PROPOSAL_DRAFT = "draft"


@dataclass(frozen=True)
class Facts:
    """What the registry, membership and decrees know of one worker."""

    bpjs_status: str | None = None  # in the current reconciliation; None: not in it
    row_status: str | None = None  # the latest proposal row not removed; None: none
    proposal_id: int | None = None
    proposal_status: str | None = None  # draft / submitted / verified
    decree_id: int | None = None  # the decree in force naming the row
    decree_number: str = ""
    decree_status: str | None = None  # issued / sent
    start_month: date | None = None  # the months the decree pays for this worker
    months: int | None = None
    sent_on: date | None = None
    registered: bool = False  # active in a reconciliation of an extract dated >= sent_on


@dataclass(frozen=True)
class Stage:
    code: str
    label: str  # English msgid; translate where shown
    facts: Facts

    @property
    def step(self) -> int:
        """Position in the loop (0 = first), for sorting."""
        return CODES.index(self.code)

    @property
    def is_draft(self) -> bool:
        """Proposed in a proposal not yet submitted."""
        return self.code == PROPOSED and self.facts.proposal_status == PROPOSAL_DRAFT

    @property
    def end_month(self) -> date | None:
        facts = self.facts
        if facts.start_month is None or not facts.months:
            return None
        index = facts.start_month.year * 12 + facts.start_month.month - 1 + facts.months - 1
        return date(index // 12, index % 12 + 1, 1)


def stage_code(facts: Facts) -> str:
    """The stage code for these facts (see the module's rule)."""
    if facts.row_status == ROW_PENDING:
        return PROPOSED
    if facts.row_status == ROW_RETURNED:
        return RETURNED
    if facts.row_status == ROW_ACCEPTED:
        if facts.decree_id is None or facts.decree_status not in DECREE_IN_FORCE:
            return ACCEPTED
        if facts.decree_status != DECREE_SENT:
            return DECREED
        return REGISTERED if facts.registered else SENT
    return BPJS_STATUSES.get(facts.bpjs_status or "", NOT_RECONCILED)


def stage_of(facts: Facts) -> Stage:
    code = stage_code(facts)
    return Stage(code=code, label=LABELS[code], facts=facts)
