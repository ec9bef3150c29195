"""The work waiting for a user: what each role's home page lists and the menu's badges.

One entry per kind of work, with how many are waiting and the page where it is done
(that page itself when there is exactly one, so a single click resumes it). Every count
is scoped by the user's regions through the apps' own selectors, and each role counts
only what it does: a regency operator fixes returned rows, finishes uploads, submits
drafts and follows up overdue actions; province staff verify (maker-checker), resolve
NIK conflicts, issue and send decrees and watch extracts and reconciliations; a BPJS
officer reviews links and registers decreed workers. A leader (pimpinan) gets a
summary of where the province stands (`leader_summary`), built from the coverage
indicators and outlook, not from the registry.

`for_request` computes the entries once per request: the menu (context processor) and
the home page share them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ucj.accounts import rights
from ucj.accounts.models import Role, User
from ucj.accounts.selectors import region_scope

# Menu entries a queue entry counts towards (base.html's badges).
NAV_SUBMISSIONS = "submissions"
NAV_CONFLICTS = "conflicts"
NAV_MONITORING = "monitoring"
NAV_MEMBERSHIP = "membership"
NAV_DECREES = "decrees"

#: Regencies listed as furthest behind their target on the leader's summary.
BEHIND_SHOWN = 5


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    count: int
    url: str
    nav: str
    decrees: int = 0  # in how many decrees, when the work is about decrees


def today() -> date:
    return timezone.localdate()


def _one_or_list(ids: list[int], one: str, many: str, *, query: str = "") -> str:
    """The page of the only object waiting, or the list where they all are."""
    if len(ids) == 1:
        return reverse(one, args=[ids[0]]) + query
    return reverse(many)


# --- counts --------------------------------------------------------------------------------


def _returned_rows(codes: frozenset[str]) -> Entry:
    from ucj.decrees.models import ProposalRow, RowStatus

    per_proposal = dict(ProposalRow.objects.filter(
        proposal__regency_id__in=codes, status=RowStatus.RETURNED)
        .values_list("proposal_id").annotate(n=Count("pk")).order_by())
    return Entry("returned_rows", _("Returned proposal rows to fix"),
                 sum(per_proposal.values()),
                 _one_or_list(sorted(per_proposal), "decrees:proposal", "decrees:overview",
                              query="?status=returned"), NAV_DECREES)


def _mapping_uploads(codes: frozenset[str]) -> Entry:
    from ucj.registry.models import Submission, SubmissionStatus

    ids = list(Submission.objects.filter(regency_id__in=codes, status=SubmissionStatus.MAPPING)
               .order_by("uploaded_at", "pk").values_list("pk", flat=True))
    return Entry("mapping_uploads", _("Uploads waiting for their columns"), len(ids),
                 _one_or_list(ids, "registry:mapping", "registry:submissions"), NAV_SUBMISSIONS)


def _proposals(user: User, codes: frozenset[str], status: str, *, others_only: bool) -> list[int]:
    from ucj.decrees.models import Proposal

    found = Proposal.objects.filter(regency_id__in=codes, status=status)
    if others_only:  # maker-checker: not what the user made or submitted
        found = found.exclude(created_by=user).exclude(submitted_by=user)
    return list(found.order_by("created_at", "pk").values_list("pk", flat=True))


def _draft_proposals(user: User, codes: frozenset[str]) -> Entry:
    from ucj.decrees.models import ProposalStatus

    ids = _proposals(user, codes, ProposalStatus.DRAFT, others_only=False)
    return Entry("draft_proposals", _("Draft proposals not yet submitted"), len(ids),
                 _one_or_list(ids, "decrees:proposal", "decrees:overview"), NAV_DECREES)


def _to_verify(user: User, codes: frozenset[str]) -> Entry:
    from ucj.decrees.models import ProposalStatus

    ids = _proposals(user, codes, ProposalStatus.SUBMITTED, others_only=True)
    return Entry("to_verify", _("Proposals waiting for a verifier (not made by you)"), len(ids),
                 _one_or_list(ids, "decrees:proposal", "decrees:overview"), NAV_DECREES)


def _overdue_actions(user: User, on: date) -> Entry:
    from ucj.monitoring.selectors import overdue_items

    return Entry("overdue_actions", _("Overdue follow-up actions"),
                 overdue_items(user, on=on).count(),
                 reverse("monitoring:items") + "?terlambat=1", NAV_MONITORING)


def _sent_not_registered(codes: frozenset[str], on: date) -> tuple[dict[int, int], dict[int, int]]:
    """Beneficiaries in `codes` of decrees sent to BPJS whom no reconciliation since the
    sending shows active, per decree: (all of them, those past the registration grace
    period on `on`). One query."""
    from ucj.decrees.models import AnnexRow, Decree, DecreeStatus
    from ucj.decrees.selectors import registration_due
    from ucj.membership.models import CoverageStatus, JobStatus, WorkerMembership

    registered = WorkerMembership.objects.filter(
        worker=OuterRef("worker_id"), status=CoverageStatus.ACTIVE,
        reconciliation__status=JobStatus.DONE,
        reconciliation__extract__as_of__gte=OuterRef("decree__sent_on"))
    found = (AnnexRow.objects.filter(decree__status=DecreeStatus.SENT, regency_code__in=codes)
             .filter(~Exists(registered))
             .values_list("decree_id", "decree__sent_on").annotate(n=Count("pk")).order_by())
    waiting: dict[int, int] = {}
    overdue: dict[int, int] = {}
    for decree_id, sent_on, n in found:
        waiting[decree_id] = n
        due = registration_due(Decree(sent_on=sent_on, status=DecreeStatus.SENT))
        if due is not None and on >= due:
            overdue[decree_id] = n
    return waiting, overdue


def _decrees(user: User) -> list[Entry]:
    from ucj.decrees.models import Decree, DecreeStatus

    found = list(Decree.objects.filter(status__in=[DecreeStatus.DRAFT, DecreeStatus.ISSUED])
                 .order_by("created_at", "pk").values_list("pk", "status"))
    drafts = [pk for pk, status in found if status == DecreeStatus.DRAFT]
    issued = [pk for pk, status in found if status == DecreeStatus.ISSUED]
    return [
        Entry("decrees_to_issue", _("Draft decrees to issue"), len(drafts),
              _one_or_list(drafts, "decrees:decree", "decrees:overview"), NAV_DECREES),
        Entry("decrees_to_send", _("Issued decrees to send to BPJS"), len(issued),
              _one_or_list(issued, "decrees:decree", "decrees:overview"), NAV_DECREES),
    ]


def _conflicts(user: User) -> Entry:
    from ucj.registry.selectors import conflicts_for

    return Entry("nik_conflicts", _("NIK conflicts between regencies"),
                 conflicts_for(user, status="open").count(),
                 reverse("registry:conflicts") + "?status=open", NAV_CONFLICTS)


def _membership_jobs() -> list[Entry]:
    """Failed extracts no successful one has followed yet, and reconciliations waiting
    for the province's confirmation."""
    from ucj.membership.models import Extract, JobStatus, Reconciliation

    later_success = Extract.objects.filter(status=JobStatus.DONE,
                                           uploaded_at__gte=OuterRef("uploaded_at"))
    failed = list(Extract.objects.filter(status=JobStatus.FAILED).filter(~Exists(later_success))
                  .order_by("uploaded_at", "pk").values_list("pk", flat=True))
    awaiting = list(Reconciliation.objects.filter(status=JobStatus.AWAITING)
                    .order_by("pk").values_list("pk", flat=True))
    return [
        Entry("failed_extracts", _("Failed BPJS extracts"), len(failed),
              _one_or_list(failed, "membership:extract", "membership:overview"), NAV_MEMBERSHIP),
        Entry("reconciliations_awaiting", _("Reconciliations awaiting confirmation"),
              len(awaiting),
              _one_or_list(awaiting, "membership:confirm", "membership:overview"),
              NAV_MEMBERSHIP),
    ]


def _links_to_review(user: User) -> Entry:
    from ucj.membership.selectors import candidates_for_review, latest_reconciliation

    run = latest_reconciliation()
    count = candidates_for_review(user, run).count() if run is not None else 0
    url = (reverse("membership:review", args=[run.pk]) if run is not None
           else reverse("membership:overview"))
    return Entry("links_to_review", _("Link candidates to review"), count, url, NAV_MEMBERSHIP)


# --- per role ------------------------------------------------------------------------------


def entries(user: User, *, on: date | None = None) -> list[Entry]:
    """The work waiting for `user`, every kind the role has (counts may be 0)."""
    if not user.is_authenticated or not user.is_active:
        return []
    on = on or today()
    codes = region_scope(user).regency_codes
    if not codes:
        return []
    role = Role.PROVINSI if user.is_superuser else user.role
    if role == Role.KABUPATEN:
        overdue = _sent_not_registered(codes, on)[1]
        return [
            _returned_rows(codes), _mapping_uploads(codes), _draft_proposals(user, codes),
            _overdue_actions(user, on),
            Entry("unregistered", _("Decreed workers not yet registered at BPJS"),
                  sum(overdue.values()), reverse("decrees:unregistered"), NAV_DECREES),
        ]
    if role == Role.PROVINSI:
        found = [_to_verify(user, codes)]
        if rights.may(user, rights.Action.RESOLVE_NIK_CONFLICTS):
            found.append(_conflicts(user))
        return [*found, *_decrees(user), *_membership_jobs(), _overdue_actions(user, on)]
    if role == Role.BPJS:
        waiting = _sent_not_registered(codes, on)[0]
        ids = sorted(waiting)
        return [
            _links_to_review(user),
            Entry("awaiting_registration",
                  _("Decreed workers sent to BPJS and awaiting registration"),
                  sum(waiting.values()),
                  _one_or_list(ids, "decrees:decree", "decrees:overview", query="?status=sent"),
                  NAV_DECREES,
                  decrees=len(ids)),
            _overdue_actions(user, on),
        ]
    if role == Role.PIMPINAN:
        return [_overdue_actions(user, on)]
    return []


@dataclass
class Queue:
    entries: list[Entry] = field(default_factory=list)

    @property
    def waiting(self) -> list[Entry]:
        return [e for e in self.entries if e.count]

    @property
    def badges(self) -> dict[str, int]:
        """Menu entry -> work waiting behind it; "home" is the total."""
        found: dict[str, int] = {}
        for entry in self.waiting:
            found[entry.nav] = found.get(entry.nav, 0) + entry.count
        if found:
            found["home"] = sum(e.count for e in self.waiting)
        return found


def for_request(request) -> Queue:
    """The user's queue, computed once per request."""
    cached = getattr(request, "_ucj_queue", None)
    if cached is None:
        cached = Queue(entries(request.user))
        request._ucj_queue = cached
    return cached


# --- the leader's summary ------------------------------------------------------------------


@dataclass(frozen=True)
class Behind:
    code: str
    name: str
    rate: float
    target_rate: float
    target_year: int
    gap: int | None
    year_target: object | None = None  # coverage.models.Target of the summary's year
    year_gap: int | None = None

    @property
    def shortfall(self) -> float:
        return self.target_rate - self.rate


@dataclass(frozen=True)
class LeaderSummary:
    year: int
    outlook: object  # coverage.selectors.Outlook of the province
    year_point: object | None  # projections.PathPoint at the end of `year`, if on the path
    budget_amount: int
    committed: int
    spent: int
    decreed_workers: int
    behind: list[Behind]
    overdue: int

    @property
    def committed_share(self) -> float | None:
        return self.committed / self.budget_amount if self.budget_amount else None

    @property
    def spent_share(self) -> float | None:
        return self.spent / self.committed if self.committed else None


def leader_summary(user: User, *, on: date | None = None,
                   overdue: int | None = None) -> LeaderSummary:
    """Where the province stands in the year of `on`: coverage against the target path
    (coverage.selectors.outlook), the budgets of the year (amount, committed by their
    adopted scenarios) and what decrees in force spend of them, the workers those decrees
    name, the regencies furthest behind their target (coverage.selectors.ranking), and
    the overdue follow-up actions (`overdue` when the caller has counted them)."""
    from ucj.budget.selectors import budgets_for
    from ucj.coverage import selectors as coverage
    from ucj.decrees.models import AnnexRow, Decree, DecreeStatus
    from ucj.monitoring.selectors import overdue_items

    on = on or today()
    year = on.year
    # Against the target of this year (if one is set) as well as the final one.
    province = coverage.outlook(user, settings.UCJ_PROVINCE_CODE, year=year)
    year_point = next((p for p in province.path if p.year == year), None)
    budgets = budgets_for(user).filter(fiscal_year=year).aggregate(
        amount=Sum("amount"), committed=Sum("adopted_scenario__cost"))
    in_force = Q(status__in=[DecreeStatus.ISSUED, DecreeStatus.SENT], budget__fiscal_year=year)
    spent = Decree.objects.filter(in_force).aggregate(
        total=Sum(F("annex_count") * F("premium_per_worker")))["total"] or 0
    decreed = (AnnexRow.objects.filter(decree__status__in=[DecreeStatus.ISSUED, DecreeStatus.SENT],
                                       decree__budget__fiscal_year=year)
               .values("worker_id").distinct().count())
    behind = []
    for row in coverage.ranking(user, year=year):
        target = row.outlook.target
        if row.rate is None or target is None:
            continue
        behind.append(Behind(code=row.indicator.region_code, name=row.indicator.region_name,
                             rate=row.rate, target_rate=float(target.rate),
                             target_year=target.year, gap=row.outlook.gap,
                             year_target=(row.outlook.year_target
                                          if not row.outlook.year_target_is_final else None),
                             year_gap=row.outlook.year_gap))
    behind = sorted((b for b in behind if b.shortfall > 0),
                    key=lambda b: (-b.shortfall, b.code))[:BEHIND_SHOWN]
    return LeaderSummary(
        year=year, outlook=province, year_point=year_point,
        budget_amount=budgets["amount"] or 0, committed=budgets["committed"] or 0,
        spent=spent, decreed_workers=decreed, behind=behind,
        overdue=overdue_items(user, on=on).count() if overdue is None else overdue)
