"""Reads for monitoring, and the one place its region scope is applied: a user sees the
visits, action items, compliance records and socialisation events of the regencies in
their scope; anything else is a 404."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from ucj.accounts import rights
from ucj.accounts.models import User
from ucj.accounts.selectors import get_region_for_user, regencies_in_scope, region_scope
from ucj.monitoring import compliance, rules
from ucj.monitoring.models import (
    ActionItem,
    ComplianceBudget,
    ComplianceRecord,
    ComplianceWeight,
    SocialisationEvent,
    Visit,
    VisitStatus,
    WeightKind,
)
from ucj.regions.models import Level, Region


def today() -> date:
    return timezone.localdate()


# --- permissions ---------------------------------------------------------------------------


def can_write(user: User, regency_code: str | None = None) -> bool:
    """Record and update monitoring data (action items, evidence, compliance,
    socialisation): province staff, BPJS officers and regency operators, each in their
    own regencies. Leaders read only."""
    return rights.may(user, rights.Action.FOLLOW_UP, regency_code)


def can_manage_visits(user: User, regency_code: str | None = None) -> bool:
    """Schedule visits, write their minutes and agree action items: the province and
    BPJS, who run the programme."""
    return rights.may(user, rights.Action.MANAGE_VISITS, regency_code)


def can_edit_weights(user: User) -> bool:
    return rights.may(user, rights.Action.MANAGE_MASTER_DATA)


def scope_codes(user: User) -> frozenset[str]:
    return region_scope(user).regency_codes


def get_regency(user: User, code: str) -> Region:
    region = get_region_for_user(user, code)
    if region.level != Level.KABUPATEN_KOTA:
        raise Http404
    return region


# --- visits --------------------------------------------------------------------------------


def visits_for(user: User, *, regency: str = "", status: str = "", year: int | None = None
               ) -> QuerySet[Visit]:
    visits = Visit.objects.filter(regency_id__in=scope_codes(user)).select_related("regency")
    # Filters outside the known values match nothing (and never reach the database).
    if regency:
        visits = visits.filter(regency_id=regency) if regency in scope_codes(user) \
            else visits.none()
    if status:
        visits = visits.filter(status=status) if status in VisitStatus.values else visits.none()
    if year:
        visits = visits.filter(date__year=year)
    return visits.annotate(item_count=Count("action_items"))


def get_visit(user: User, visit_id: int) -> Visit:
    try:
        return Visit.objects.select_related("regency").get(pk=visit_id,
                                                           regency_id__in=scope_codes(user))
    except Visit.DoesNotExist as missing:
        raise Http404 from missing


def calendar_month(user: User, year: int, month: int) -> list[list[rules.Day]]:
    first = date(year, month, 1)
    next_year, next_month = rules.shift_month(year, month, 1)
    visits = visits_for(user).filter(date__gte=first, date__lt=date(next_year, next_month, 1))
    by_day: dict[date, list[Visit]] = defaultdict(list)
    for visit in visits.order_by("date", "regency_id"):
        by_day[visit.date].append(visit)
    return rules.month_grid(year, month, by_day)


@dataclass(frozen=True)
class ScheduleRow:
    regency: Region
    last_visit: date | None
    next_visit: date | None
    open_items: int
    overdue_items: int


def schedule(user: User, *, on: date | None = None) -> list[ScheduleRow]:
    """Every regency in scope with its last visit held, its next planned visit, and its
    pending and overdue action items (a few queries in all)."""
    on = on or today()
    codes = scope_codes(user)
    visits = {row["regency_id"]: row for row in Visit.objects.filter(regency_id__in=codes)
              .values("regency_id").annotate(
                  last=Max("date", filter=Q(status=VisitStatus.DONE)),
                  next=Min("date", filter=Q(status=VisitStatus.PLANNED, date__gte=on)))}
    items = {row["visit__regency_id"]: row for row in ActionItem.objects.filter(
        visit__regency_id__in=codes).values("visit__regency_id").annotate(
        pending=Count("id", filter=Q(status__in=rules.PENDING)),
        overdue=Count("id", filter=Q(status__in=rules.PENDING, due_date__lt=on)))}
    return [ScheduleRow(regency=r, last_visit=visits.get(r.code, {}).get("last"),
                        next_visit=visits.get(r.code, {}).get("next"),
                        open_items=items.get(r.code, {}).get("pending", 0),
                        overdue_items=items.get(r.code, {}).get("overdue", 0))
            for r in regencies_in_scope(user)]


# --- action items --------------------------------------------------------------------------


def overdue_filter(on: date) -> Q:
    """The overdue rule of rules.is_overdue as a query: due before `on`, still pending."""
    return Q(due_date__lt=on, status__in=rules.PENDING)


def action_items_for(user: User, *, regency: str = "", status: str = "",
                     overdue: bool = False, on: date | None = None) -> QuerySet[ActionItem]:
    items = ActionItem.objects.filter(visit__regency_id__in=scope_codes(user)).select_related(
        "visit", "visit__regency")
    if regency:
        items = items.filter(visit__regency_id=regency) if regency in scope_codes(user) \
            else items.none()
    if status:
        items = items.filter(status=status) if status in rules.STATUSES else items.none()
    if overdue:
        items = items.filter(overdue_filter(on or today()))
    return items.order_by("due_date", "id")


def overdue_items(user: User, *, on: date | None = None, regency: str = ""
                  ) -> QuerySet[ActionItem]:
    return action_items_for(user, regency=regency, overdue=True, on=on)


def get_action_item(user: User, item_id: int) -> ActionItem:
    try:
        return ActionItem.objects.select_related("visit", "visit__regency").get(
            pk=item_id, visit__regency_id__in=scope_codes(user))
    except ActionItem.DoesNotExist as missing:
        raise Http404 from missing


# --- compliance ----------------------------------------------------------------------------


def weights() -> tuple[dict[str, float], dict[str, float]]:
    """(criterion weights, regulation credits) from the table; a key missing there (a
    flushed test database) takes its documented default."""
    found = {w.key: (w.kind, float(w.value)) for w in ComplianceWeight.objects.all()}
    criteria = {key: found[key][1] if found.get(key, ("",))[0] == WeightKind.CRITERION
                else default for key, default in compliance.DEFAULT_WEIGHTS.items()}
    credits = {key: found[key][1] if found.get(key, ("",))[0] == WeightKind.CREDIT
               else default for key, default in compliance.DEFAULT_CREDITS.items()}
    return criteria, credits


def facts(record: ComplianceRecord | None, budget: int | None) -> compliance.Facts:
    if record is None:
        return compliance.Facts()
    return compliance.Facts(
        regulation_type=record.regulation_type, budget=budget,
        non_asn_total=record.non_asn_total, non_asn_enrolled=record.non_asn_enrolled,
        bumd_total=record.bumd_total, bumd_registered=record.bumd_registered,
        village_total=record.village_total, village_covered=record.village_covered,
        ptsp_required=record.ptsp_required)


@dataclass(frozen=True)
class ComplianceRow:
    regency: Region
    record: ComplianceRecord | None
    budget: int | None
    score: compliance.Score
    rank: int = 0

    @property
    def has_data(self) -> bool:
        """Whether anything was entered: a compliance record, or a budget for the year.
        Without either the score is not zero but unknown ("Belum diisi")."""
        return self.record is not None or self.budget is not None


def compliance_table(user: User, *, year: int | None = None,
                     weight_values: tuple[dict, dict] | None = None) -> list[ComplianceRow]:
    """Every regency in scope with its score for `year` (budget of that year), highest
    first. Regencies with nothing entered (no record, no budget for the year) have no
    rank (0) and come after all the others, by code."""
    year = year or today().year
    criteria, credits = weight_values or weights()
    regencies = list(regencies_in_scope(user))
    codes = [r.code for r in regencies]
    records = {r.regency_id: r for r in ComplianceRecord.objects.filter(regency_id__in=codes)}
    budgets = dict(ComplianceBudget.objects.filter(record_id__in=codes, year=year)
                   .values_list("record_id", "amount"))
    rows = {r.code: ComplianceRow(
        regency=r, record=records.get(r.code), budget=budgets.get(r.code),
        score=compliance.score(facts(records.get(r.code), budgets.get(r.code)),
                               weights=criteria, credits=credits)) for r in regencies}
    ranked = compliance.rank({code: row.score for code, row in rows.items() if row.has_data})
    result = [ComplianceRow(regency=rows[code].regency, record=rows[code].record,
                            budget=rows[code].budget, score=rows[code].score, rank=n)
              for n, (code, _) in enumerate(ranked, start=1)]
    return result + [rows[code] for code in sorted(rows) if not rows[code].has_data]


def compliance_for(user: User, code: str, *, year: int | None = None) -> ComplianceRow:
    regency = get_regency(user, code)
    year = year or today().year
    record = ComplianceRecord.objects.filter(regency_id=code).first()
    budget = (ComplianceBudget.objects.filter(record_id=code, year=year)
              .values_list("amount", flat=True).first())
    criteria, credits = weights()
    return ComplianceRow(regency=regency, record=record, budget=budget,
                         score=compliance.score(facts(record, budget), weights=criteria,
                                                credits=credits))


# --- socialisation -------------------------------------------------------------------------


def events_for(user: User, *, regency: str = "") -> QuerySet[SocialisationEvent]:
    events = SocialisationEvent.objects.filter(regency_id__in=scope_codes(user)).select_related(
        "desa", "desa__parent", "regency")
    if regency:
        events = events.filter(regency_id=regency) if regency in scope_codes(user) \
            else events.none()
    return events


@dataclass(frozen=True)
class ReachRow:
    regency: Region
    events: int
    participants: int
    desa_reached: int
    desa_total: int

    @property
    def share(self) -> float | None:
        return self.desa_reached / self.desa_total if self.desa_total else None


def reach_by_regency(user: User) -> list[ReachRow]:
    regencies = list(regencies_in_scope(user))
    codes = [r.code for r in regencies]
    events = {row["regency_id"]: row for row in SocialisationEvent.objects.filter(
        regency_id__in=codes).values("regency_id").annotate(
        n=Count("id"), people=Sum("participants"), desa=Count("desa_id", distinct=True))}
    totals = dict(Region.objects.filter(level=Level.DESA_KELURAHAN, is_current=True,
                                        parent__parent_id__in=codes)
                  .values_list("parent__parent_id").annotate(n=Count("code")))
    return [ReachRow(regency=r, events=events.get(r.code, {}).get("n", 0),
                     participants=events.get(r.code, {}).get("people") or 0,
                     desa_reached=events.get(r.code, {}).get("desa", 0),
                     desa_total=totals.get(r.code, 0)) for r in regencies]


@dataclass(frozen=True)
class UnreachedDesa:
    code: str
    name: str
    kecamatan: str
    not_enrolled: int


def unreached_desa(user: User, regency_code: str, *, limit: int | None = None
                   ) -> list[UnreachedDesa]:
    """The desa/kelurahan of the regency that no socialisation event has reached, the
    most registered workers not active in BPJS first (then by code): where the next
    visit matters most. "Not active" = a registered worker living there whose status in
    the latest reconciliation is not active (lapsed, not enrolled, or not yet reconciled).

    One query: the desa list left-joined to the workers per desa in the summary the
    writes keep (coverage.summaries); the registry itself is not counted."""
    from ucj.coverage.models import AreaSummary

    get_regency(user, regency_code)
    quote = connection.ops.quote_name
    region_table = quote(Region._meta.db_table)
    event_table = quote(SocialisationEvent._meta.db_table)
    counts = f"""SELECT area AS desa_id, workers - active AS n
                 FROM {quote(AreaSummary._meta.db_table)}
                 WHERE area LIKE %s"""
    params: list = [f"{regency_code}.%"]
    sql = f"""
        SELECT d.code, d.name, k.name, COALESCE(c.n, 0) AS not_enrolled
        FROM {region_table} d
        JOIN {region_table} k ON k.code = d.parent_id
        LEFT JOIN ({counts}) c ON c.desa_id = d.code
        WHERE d.level = %s AND d.is_current = %s AND k.parent_id = %s
          AND NOT EXISTS (SELECT 1 FROM {event_table} e WHERE e.desa_id = d.code)
        ORDER BY not_enrolled DESC, d.code"""
    params += [Level.DESA_KELURAHAN.value, True, regency_code]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(int(limit))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [UnreachedDesa(code=code, name=name, kecamatan=kecamatan, not_enrolled=int(n))
                for code, name, kecamatan, n in cursor.fetchall()]


@dataclass(frozen=True)
class KecamatanReach:
    code: str
    name: str
    desa_total: int
    desa_reached: int
    events: int


def kecamatan_reach(user: User, regency_code: str) -> list[KecamatanReach]:
    """The kecamatan of the regency with how many of their desa socialisation reached."""
    get_regency(user, regency_code)
    kecamatan = Region.objects.filter(parent_id=regency_code, level=Level.KECAMATAN,
                                      is_current=True).order_by("code")
    totals = dict(Region.objects.filter(parent__parent_id=regency_code, is_current=True,
                                        level=Level.DESA_KELURAHAN)
                  .values_list("parent_id").annotate(n=Count("code")))
    reached = {row["kec"]: row for row in SocialisationEvent.objects.filter(
        regency_id=regency_code).annotate(kec=Substr("desa_id", 1, len("61.01.01")))
        .values("kec").annotate(desa=Count("desa_id", distinct=True), n=Count("id"))}
    return [KecamatanReach(code=k.code, name=k.name, desa_total=totals.get(k.code, 0),
                           desa_reached=reached.get(k.code, {}).get("desa", 0),
                           events=reached.get(k.code, {}).get("n", 0)) for k in kecamatan]


def desa_choices(user: User, regency_code: str) -> list[tuple[str, str]]:
    """(code, "Kecamatan › Desa") of the regency's current desa, for forms."""
    get_regency(user, regency_code)
    return [(code, f"{kec} › {name}") for code, name, kec in Region.objects.filter(
        parent__parent_id=regency_code, level=Level.DESA_KELURAHAN, is_current=True)
        .order_by("parent__name", "name").values_list("code", "name", "parent__name")]
