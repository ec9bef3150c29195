"""Writes for proposals, verification and decrees.

Rules kept here (the views and the API only call these):
- a proposal needs a budget with an adopted scenario, an ecosystem the budget pays for
  and a regency it pays in;
- maker-checker: rows are verified by province staff who neither made nor submitted
  the proposal;
- a regency's accepted rows never exceed its allocation in the adopted scenario (the
  allocation row is locked while counting);
- a worker is never a beneficiary of two decrees in force for the same month: checked
  when a row is accepted and when a decree is issued, and enforced by the unique
  (worker, month) of DecreeCoverage, so two decrees issued at once cannot both pass;
- an issued decree is frozen: its annex rows are copies, their SHA-256 goes into the
  audit trail, and every change is an amending decree with a full new annex.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import polars as pl
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ucj.accounts import rights
from ucj.accounts.models import AuditAction, User
from ucj.accounts.rights import Action
from ucj.accounts.services import record_audit
from ucj.budget.models import Budget, ScenarioRegency
from ucj.budget.selectors import budget_regencies, budget_request
from ucj.core.bulk import id_array_sql, insert_frame
from ucj.core.messages import explain
from ucj.decrees import annex, images, legal_form, selectors
from ucj.decrees.models import (
    AnnexRow,
    ClausePart,
    Decree,
    DecreeClause,
    DecreeCoverage,
    DecreeStatus,
    DocumentImage,
    ImageKind,
    Issuer,
    Proposal,
    ProposalRow,
    ProposalStatus,
    RowStatus,
)
from ucj.identity.masking import mask_nik
from ucj.premiums import pricing
from ucj.premiums import selectors as premiums
from ucj.registry.models import Ecosystem

MAX_IDS = 10_000  # rows named one by one in a request


class DecreeError(Exception):
    """What is wrong and how to fix it, in the reader's language."""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _names(rows: list[tuple[str, str]], limit: int = 5) -> str:
    shown = ", ".join(f"{name} ({mask_nik(nik)})" for nik, name in rows[:limit])
    more = len(rows) - limit
    return shown + (_(" and %(count)s more") % {"count": more} if more > 0 else "")


# --- proposals -----------------------------------------------------------------------------


@transaction.atomic
def create_proposal(*, user: User, budget: Budget, regency: str, ecosystem: Ecosystem | str,
                    note: str = "", request=None) -> Proposal:
    _require(selectors.can_propose(user, regency) and regency in selectors.scope_codes(user))
    ecosystem_code = ecosystem.pk if isinstance(ecosystem, Ecosystem) else ecosystem
    if budget.adopted_scenario_id is None:
        raise DecreeError(_(
            "The budget “%(budget)s” has no adopted allocation yet, so nobody knows how many "
            "workers each regency may propose: the province must adopt one of its "
            "allocation scenarios first.") % {"budget": budget})
    if regency not in budget_regencies(budget):
        raise DecreeError(_("The budget “%(budget)s” does not pay for %(regency)s: choose "
                            "a province budget or the regency's own.")
                          % {"budget": budget, "regency": regency})
    if not budget.ecosystems.filter(pk=ecosystem_code).exists():
        raise DecreeError(_("The budget “%(budget)s” does not pay for the ecosystem "
                            "%(ecosystem)s: choose one of %(allowed)s.") % {
            "budget": budget, "ecosystem": ecosystem_code,
            "allowed": ", ".join(budget.ecosystems.values_list("code", flat=True))})
    if selectors.allocation(budget, regency) == 0:
        raise DecreeError(_("The adopted allocation of “%(budget)s” gives %(regency)s no "
                            "workers, so there is nothing to propose.")
                          % {"budget": budget, "regency": regency})
    proposal = Proposal.objects.create(budget=budget, regency_id=regency,
                                       ecosystem_id=ecosystem_code, note=note, created_by=user)
    record_audit(actor=user, action=AuditAction.CREATE, obj=proposal, request=request,
                 region_code=regency, detail={"budget": budget.pk, "ecosystem": ecosystem_code})
    return proposal


def _owner(user: User, proposal: Proposal) -> None:
    _require(selectors.can_propose(user, proposal.regency_id)
             and proposal.regency_id in selectors.scope_codes(user))


@transaction.atomic
def add_workers(*, user: User, proposal: Proposal, worker_ids: Iterable[int] | None = None,
                nik: str = "", name: str = "", desa: str = "", submission: int | None = None,
                only_not_active: bool = True, request=None) -> int:
    """Adds the chosen workers (`worker_ids`), or every candidate matching the filters,
    to a draft proposal. Workers the regency does not list in the proposal's ecosystem,
    or already proposed for the budget, are skipped. Returns the number added."""
    _owner(user, proposal)
    if proposal.status != ProposalStatus.DRAFT:
        raise DecreeError(_("This proposal was submitted: workers can only be added to a "
                            "draft. Start a new proposal for more workers."))
    found = selectors.candidates(proposal, nik=nik, name=name, desa=desa,
                                 submission=submission,
                                 only_not_active=only_not_active and worker_ids is None)
    if worker_ids is not None:
        ids = sorted({int(i) for i in worker_ids})
        if len(ids) > MAX_IDS:
            raise DecreeError(_("At most %(max)s workers can be named at once.")
                              % {"max": MAX_IDS})
        found = found.filter(pk__in=ids)
    rows = [ProposalRow(proposal=proposal, worker_id=pk, bpjs_status=status or "")
            for pk, status in found.values_list("pk", "bpjs_status")]
    ProposalRow.objects.bulk_create(rows, batch_size=2000)
    if rows:
        record_audit(actor=user, action=AuditAction.UPDATE, obj=proposal, request=request,
                     region_code=proposal.regency_id, detail={"added": len(rows)})
    return len(rows)


@transaction.atomic
def remove_rows(*, user: User, proposal: Proposal, row_ids: Iterable[int], request=None) -> int:
    """Takes workers out of a draft proposal, or returned workers out of any proposal."""
    _owner(user, proposal)
    rows = proposal.rows.filter(pk__in=list(row_ids)[:MAX_IDS])
    allowed = rows.filter(status=RowStatus.RETURNED)
    if proposal.status == ProposalStatus.DRAFT:
        allowed = rows.filter(status__in=[RowStatus.PENDING, RowStatus.RETURNED])
    if allowed.count() != rows.count():
        raise DecreeError(_("Only returned workers can be taken out of a submitted proposal; "
                            "accepted ones leave only through an amending decree."))
    count, _details = allowed.delete()
    if count:
        record_audit(actor=user, action=AuditAction.UPDATE, obj=proposal, request=request,
                     region_code=proposal.regency_id, detail={"removed": count})
    return count


def _check_room(proposal: Proposal, adding: int) -> None:
    allowed = selectors.allocation(proposal.budget, proposal.regency_id)
    accepted = selectors.accepted_count(proposal.budget, proposal.regency_id)
    if accepted + adding > allowed:
        remaining = max(allowed - accepted, 0)
        raise DecreeError(_(
            "%(rows)s workers are too many: the allocation of %(regency)s in “%(budget)s” is "
            "%(allowed)s workers and %(accepted)s are already accepted, so %(remaining)s more "
            "fit. Take out %(excess)s workers (or ask the province for a larger allocation).")
            % {"rows": adding, "regency": proposal.regency.name, "budget": proposal.budget,
               "allowed": allowed, "accepted": accepted, "remaining": remaining,
               "excess": accepted + adding - allowed})


def check_submittable(proposal: Proposal) -> int:
    """Raises DecreeError saying why `proposal` cannot be submitted (not a draft, no
    worker, more workers than the allocation leaves); else returns its waiting workers.
    Reads only: the review page asks it before the confirmation."""
    if proposal.status != ProposalStatus.DRAFT:
        raise DecreeError(_("This proposal was already submitted."))
    pending = proposal.rows.filter(status=RowStatus.PENDING).count()
    if pending == 0:
        raise DecreeError(_("The proposal names no worker yet: add workers before "
                            "submitting it."))
    _check_room(proposal, pending)
    return pending


@transaction.atomic
def submit_proposal(*, user: User, proposal: Proposal, request=None) -> Proposal:
    _owner(user, proposal)
    proposal = Proposal.objects.select_for_update().select_related(
        "budget", "regency").get(pk=proposal.pk)
    pending = check_submittable(proposal)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_by = user
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["status", "submitted_by", "submitted_at"])
    record_audit(actor=user, action=AuditAction.UPDATE, obj=proposal, request=request,
                 region_code=proposal.regency_id, detail={"event": "submitted", "rows": pending})
    return proposal


@transaction.atomic
def resubmit_returned(*, user: User, proposal: Proposal, request=None) -> int:
    """Sends the returned workers (corrected in the registry meanwhile) back for
    verification."""
    _owner(user, proposal)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    count = proposal.rows.filter(status=RowStatus.RETURNED).update(
        status=RowStatus.PENDING, decided_by=None, decided_at=None)
    if count == 0:
        raise DecreeError(_("No worker of this proposal was returned."))
    if proposal.status != ProposalStatus.DRAFT:
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_by = user
        proposal.submitted_at = timezone.now()
        proposal.save(update_fields=["status", "submitted_by", "submitted_at"])
    record_audit(actor=user, action=AuditAction.UPDATE, obj=proposal, request=request,
                 region_code=proposal.regency_id, detail={"event": "resubmitted", "rows": count})
    return count


def _budget_months(budget: Budget) -> list[date]:
    return annex.months_of(budget.start_month, budget.months)


def double_decree_conflicts(rows, months: list[date], *, exclude_proposal: int | None = None,
                            exclude_decree: int | None = None) -> list[tuple[str, str, str]]:
    """Workers of `rows` (ProposalRow queryset) already paid for in one of `months` by a
    decree in force, or accepted for another budget covering one of them: (nik, name,
    where)."""
    workers = rows.values("worker_id")
    found: dict[int, tuple[str, str, str]] = {}
    covered = DecreeCoverage.objects.filter(worker_id__in=workers, month__in=months)
    if exclude_decree:
        covered = covered.exclude(decree_id=exclude_decree)
    for worker_id, nik, name, number in covered.values_list(
            "worker_id", "worker__nik", "worker__name", "decree__number").distinct():
        found.setdefault(worker_id, (nik, name, number))
    accepted = ProposalRow.objects.filter(worker_id__in=workers, status=RowStatus.ACCEPTED,
                                          decree__isnull=True)
    if exclude_proposal:
        accepted = accepted.exclude(proposal_id=exclude_proposal)
    wanted = set(months)
    for worker_id, nik, name, start, count, proposal_id in accepted.values_list(
            "worker_id", "worker__nik", "worker__name", "proposal__budget__start_month",
            "proposal__budget__months", "proposal_id"):
        if wanted & set(annex.months_of(start, count)):
            found.setdefault(worker_id, (nik, name, _("proposal #%(id)s") % {"id": proposal_id}))
    return list(found.values())


@transaction.atomic
def decide(*, user: User, proposal: Proposal, accept: bool, row_ids: Iterable[int] | None = None,
           reason: str = "", request=None) -> int:
    """Accepts or returns (with a reason) the chosen waiting rows, or all of them when
    `row_ids` is None. Returns the number decided."""
    _require(selectors.can_verify(user))
    proposal = Proposal.objects.select_for_update().select_related(
        "budget", "regency").get(pk=proposal.pk)
    if user.pk in (proposal.submitted_by_id, proposal.created_by_id):
        raise DecreeError(_("You made or submitted this proposal, so another province officer "
                            "must verify it (maker-checker)."))
    if proposal.status != ProposalStatus.SUBMITTED:
        raise DecreeError(_("Only a submitted proposal with workers waiting for verification "
                            "can be verified."))
    rows = proposal.rows.filter(status=RowStatus.PENDING)
    if row_ids is not None:
        ids = list({int(i) for i in row_ids})[:MAX_IDS]
        chosen = proposal.rows.filter(pk__in=ids)
        if chosen.exclude(status=RowStatus.PENDING).exists() or chosen.count() != len(ids):
            raise DecreeError(_("Some of the chosen workers are not waiting for verification "
                                "(already decided, or not in this proposal): reload the page."))
        rows = chosen
    count = rows.count()
    if count == 0:
        raise DecreeError(_("No worker is waiting for verification in this proposal."))
    now = timezone.now()
    if not accept:
        reason = reason.strip()
        if not reason:
            raise DecreeError(_("Say why the workers are returned, so that the regency can "
                                "correct them."))
        rows.update(status=RowStatus.RETURNED, reason=reason[:500], decided_by=user,
                    decided_at=now)
    else:
        # Lock the regency's allocation row: accepting elsewhere waits for this count.
        list(ScenarioRegency.objects.select_for_update().filter(
            scenario_id=proposal.budget.adopted_scenario_id, regency_id=proposal.regency_id))
        _check_room(proposal, count)
        conflicts = double_decree_conflicts(rows, _budget_months(proposal.budget),
                                            exclude_proposal=proposal.pk)
        if conflicts:
            raise DecreeError(_(
                "%(count)s workers are already paid for in some of these months by another "
                "decree or accepted proposal: %(names)s. Return them instead.") % {
                "count": len(conflicts),
                "names": _names([(nik, f"{name} — {where}") for nik, name, where in conflicts])})
        rows.update(status=RowStatus.ACCEPTED, reason="", decided_by=user, decided_at=now)
    if not proposal.rows.filter(status=RowStatus.PENDING).exists():
        proposal.status = ProposalStatus.VERIFIED
        proposal.save(update_fields=["status"])
    record_audit(actor=user, action=AuditAction.UPDATE, obj=proposal, request=request,
                 region_code=proposal.regency_id,
                 detail={"event": "accepted" if accept else "returned", "rows": count})
    return count


@transaction.atomic
def correct_row(*, user: User, proposal: Proposal, row_id: int, changes: dict[str, str],
                reason: str = "", request=None) -> int:
    """The verifier corrects the worker of a proposal row (name, sex, birth date, desa)
    before a decree copies it, for example after an intake warning: province staff only,
    for a row waiting for verification or accepted and not yet in a decree. Returns the
    number of fields changed (each kept in the worker's history and the audit trail)."""
    from ucj.registry import services as registry

    _require(selectors.can_verify(user))
    row = proposal.rows.select_related("worker").filter(pk=row_id).first()
    if row is None:
        raise DecreeError(_("This worker is not in the proposal: reload the page."))
    if row.decree_id is not None or row.status not in (RowStatus.PENDING, RowStatus.ACCEPTED):
        raise DecreeError(_("Only a worker waiting for verification, or accepted and not yet "
                            "in a decree, can be corrected here; a decreed worker is changed "
                            "through an amending decree."))
    if proposal.status == ProposalStatus.DRAFT:
        raise DecreeError(_("The regency is still building this proposal: it corrects its "
                            "own workers until it submits them."))
    if not any((value or "").strip() for value in changes.values()):
        raise DecreeError(_("Fill in the fields to correct (empty fields stay as they are)."))
    try:
        values = {field: registry.parse_correction(field, text, proposal.regency_id)
                  for field, text in changes.items() if (text or "").strip()}
        made = registry.correct_worker(
            user=user, worker=row.worker, values=values, request=request,
            regency_code=proposal.regency_id,
            reason=reason.strip() or _("verification of proposal #%(id)s") % {"id": proposal.pk})
    except registry.WorkerCorrectionError as error:
        raise DecreeError(str(error)) from None
    if not made:
        raise DecreeError(_("The values given are the ones already recorded: nothing was "
                            "changed."))
    record_audit(actor=user, action=AuditAction.UPDATE, obj=proposal, request=request,
                 region_code=proposal.regency_id,
                 detail={"event": "corrected", "row": row.pk, "fields": made})
    return len(made)


# --- decrees -------------------------------------------------------------------------------

# Menimbang and Mengingat are not among them: they come from the issuer's templates
# (DecreeClause) and are copied onto the decree when it is issued.
DECREE_FIELDS = ("issuer", "number", "signed_on", "place", "title", "signatory_name",
                 "signatory_title", "signatory_id", "start_month", "months")


def _price(decree: Decree) -> None:
    budget = decree.budget
    decree.start_month = decree.start_month.replace(day=1)
    budget_months = _budget_months(budget)
    months = annex.months_of(decree.start_month, decree.months or 0)
    if not months or not set(months) <= set(budget_months):
        raise DecreeError(_("A decree of this budget covers months from %(start)s to %(end)s: "
                            "choose its first month and number of months inside them.")
                          % {"start": date_format(budget.start_month, "YEAR_MONTH_FORMAT"),
                             "end": date_format(budget.end_month, "YEAR_MONTH_FORMAT")})
    try:
        quote = premiums.quote(replace(budget_request(budget), start=decree.start_month,
                                       months=decree.months))
    except pricing.PricingError as error:
        raise DecreeError(explain(error)) from None
    decree.monthly_premium = quote.monthly_per_worker
    decree.premium_per_worker = quote.per_worker


def _default_title(budget: Budget) -> str:
    return (f"Penerima Bantuan Iuran Jaminan Sosial Ketenagakerjaan bagi "
            f"{budget.get_programme_display()} Tahun Anggaran {budget.fiscal_year}")


def _check_issuer(decree: Decree) -> None:
    """A regent's or mayor's decree needs a budget held by a regency or city."""
    try:
        selectors.decree_office(decree)
    except legal_form.FormError:
        raise DecreeError(_(
            "A regent's or mayor's decree is for a budget held by a regency or city; "
            "“%(budget)s” is held by %(holder)s: choose the governor or the head of office.")
            % {"budget": decree.budget, "holder": decree.budget.holder.name}) from None


@transaction.atomic
def create_decree(*, user: User, budget: Budget, title: str = "", request=None,
                  **fields) -> Decree:
    """A draft decree for `budget` (period: the budget's, unless given). Its Menimbang and
    Mengingat are its issuer's templates until it is issued."""
    _require(selectors.can_manage_decrees(user))
    unknown = set(fields) - set(DECREE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    decree = Decree(budget=budget, title=title or _default_title(budget), created_by=user,
                    start_month=fields.pop("start_month", None) or budget.start_month,
                    months=fields.pop("months", None) or budget.months,
                    issuer=fields.pop("issuer", None) or Issuer.GOVERNOR)
    _check_issuer(decree)
    decree.signatory_title = selectors.decree_office(decree)[0]
    for key, value in fields.items():
        setattr(decree, key, value)
    _price(decree)
    decree.full_clean(exclude=["number"])
    decree.save()
    record_audit(actor=user, action=AuditAction.CREATE, obj=decree, request=request,
                 detail={"budget": budget.pk})
    return decree


def _frozen() -> DecreeError:
    return DecreeError(_("An issued decree cannot be changed: make an amending decree "
                         "(SK perubahan) instead."))


@transaction.atomic
def update_decree(*, user: User, decree: Decree, request=None, **fields) -> Decree:
    _require(selectors.can_manage_decrees(user))
    decree = Decree.objects.select_for_update().select_related("budget").get(pk=decree.pk)
    if not decree.is_draft:
        raise _frozen()
    unknown = set(fields) - set(DECREE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for key, value in fields.items():
        setattr(decree, key, value)
    _check_issuer(decree)
    _price(decree)
    decree.full_clean(exclude=["number"])
    decree.save()
    record_audit(actor=user, action=AuditAction.UPDATE, obj=decree, request=request,
                 detail={"fields": sorted(fields)})
    return decree


@transaction.atomic
def delete_draft(*, user: User, decree: Decree, request=None) -> None:
    _require(selectors.can_manage_decrees(user))
    if not decree.is_draft:
        raise _frozen()
    record_audit(actor=user, action=AuditAction.DELETE, obj=decree, request=request)
    decree.delete()


@transaction.atomic
def create_amendment(*, user: User, decree: Decree, request=None) -> Decree:
    """A draft SK perubahan of an issued decree: its annex starts as the amended one's;
    accepted rows not yet decreed join it, and beneficiaries can be taken out."""
    _require(selectors.can_manage_decrees(user))
    decree = Decree.objects.select_for_update().get(pk=decree.pk)
    if not decree.is_in_force:
        raise DecreeError(_("Only a decree in force can be amended."))
    if decree.amendments.exclude(status=DecreeStatus.AMENDED).exists():
        raise DecreeError(_("This decree already has an amending decree (draft or issued): "
                            "continue with that one."))
    amendment = Decree(
        budget=decree.budget, amends=decree, issuer=decree.issuer, place=decree.place,
        title=f"Perubahan atas Keputusan Nomor {decree.number} tentang {decree.title}"[:400],
        signatory_name=decree.signatory_name, signatory_title=decree.signatory_title,
        signatory_id=decree.signatory_id,
        # The current templates' Mengingat, then the decree it amends (selectors.decree_text).
        legal_basis=f"Keputusan Nomor {decree.number} tentang {decree.title}",
        considerations=(
            f"bahwa penerima bantuan iuran yang ditetapkan dengan Keputusan Nomor "
            f"{decree.number} perlu diubah\nbahwa berdasarkan pertimbangan sebagaimana "
            f"dimaksud dalam huruf a, perlu menetapkan Keputusan tentang perubahan atas "
            f"Keputusan tersebut"),
        start_month=decree.start_month, months=decree.months, created_by=user)
    _price(amendment)
    amendment.save()
    record_audit(actor=user, action=AuditAction.CREATE, obj=amendment, request=request,
                 detail={"amends": decree.pk})
    return amendment


@transaction.atomic
def set_removals(*, user: User, decree: Decree, worker_ids: Iterable[int], reason: str = "",
                 restore: bool = False, request=None) -> int:
    """Takes beneficiaries out of an amendment's annex (with a reason), or puts them back."""
    _require(selectors.can_manage_decrees(user))
    decree = Decree.objects.select_for_update().get(pk=decree.pk)
    if not decree.is_draft:
        raise _frozen()
    if not decree.amends_id:
        raise DecreeError(_("Beneficiaries are taken out through an amending decree: this "
                            "is a first decree, whose annex is the accepted workers."))
    ids = {int(i) for i in worker_ids}
    named = set(AnnexRow.objects.filter(decree_id=decree.amends_id, worker_id__in=ids)
                .values_list("worker_id", flat=True))
    if named != ids:
        raise DecreeError(_("Some of the chosen workers are not in the amended decree."))
    removals = dict(decree.removals or {})
    if restore:
        for worker in ids:
            removals.pop(str(worker), None)
    else:
        reason = reason.strip()
        if not reason:
            raise DecreeError(_("Say why the beneficiaries leave the annex (for example: "
                                "died, moved away, already paid by an employer)."))
        removals.update({str(worker): reason[:500] for worker in ids})
    decree.removals = removals
    decree.save(update_fields=["removals"])
    record_audit(actor=user, action=AuditAction.UPDATE, obj=decree, request=request,
                 detail={"removed" if not restore else "restored": len(ids)})
    return len(ids)


def _update_rows(ids: list[int], sql_set: str, params: list) -> None:
    if not ids:
        return
    source, source_params = id_array_sql(ids)
    table = connection.ops.quote_name(ProposalRow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {sql_set} WHERE id IN (SELECT value FROM {source})",
                       [*params, *source_params])


@transaction.atomic
def issue_decree(*, user: User, decree: Decree, request=None) -> Decree:
    """Freezes the decree: its annex (the accepted rows, or the amended annex changed)
    is copied into AnnexRow, its months into DecreeCoverage, and the SHA-256 of the
    annex's canonical form goes into the audit trail."""
    _require(selectors.can_manage_decrees(user))
    decree = Decree.objects.select_for_update().select_related("budget").get(pk=decree.pk)
    # One issue at a time per budget.
    list(Budget.objects.select_for_update().filter(pk=decree.budget_id))
    if not decree.is_draft:
        raise DecreeError(_("This decree is already issued."))
    missing = [str(Decree._meta.get_field(f).verbose_name) for f in
               ("number", "signed_on", "title", "signatory_name", "signatory_title")
               if not getattr(decree, f)]
    if missing:
        raise DecreeError(_("Fill in %(fields)s before issuing the decree.")
                          % {"fields": ", ".join(missing)})
    if Decree.objects.filter(number=decree.number).exclude(pk=decree.pk).exists():
        raise DecreeError(_("Another decree already has the number %(number)s: check the "
                            "number with the legal bureau.") % {"number": decree.number})
    amended = None
    if decree.amends_id:
        amended = Decree.objects.select_for_update().get(pk=decree.amends_id)
        if not amended.is_in_force:
            raise DecreeError(_("The amended decree is no longer in force."))
    plan = selectors.planned_annex(decree)
    frame = plan.frame
    if frame.height == 0:
        raise DecreeError(_("No beneficiary: verify proposals of this budget first (only "
                            "accepted workers enter a decree)."))
    budget = decree.budget
    for code, count in frame.group_by("regency_code").len().iter_rows():
        allowed = selectors.allocation(budget, code)
        if count > allowed:
            raise DecreeError(_("The annex names %(count)s workers of %(regency)s but its "
                                "allocation is %(allowed)s: return some of them or adopt a "
                                "larger allocation.")
                              % {"count": count, "regency": code, "allowed": allowed})
    sha = annex.annex_sha256(frame)
    if amended is not None:
        DecreeCoverage.objects.filter(decree=amended).delete()
    coverage = frame.select(
        pl.lit(decree.pk, pl.Int64).alias("decree_id"), "worker_id",
        pl.date_ranges("start_month",
                       pl.col("start_month").dt.offset_by(
                           pl.format("{}mo", pl.col("months") - 1)),
                       interval="1mo").alias("month")).explode("month")
    try:
        with transaction.atomic(), connection.wrap_database_errors:
            insert_frame(DecreeCoverage._meta.db_table, coverage)
    except IntegrityError:
        clashes = DecreeCoverage.objects.filter(
            worker_id__in=ProposalRow.objects.filter(pk__in=frame["proposal_row"].to_list()[
                :MAX_IDS]).values("worker_id"),
            month__in=coverage["month"].unique().to_list()).exclude(decree=amended)
        rows = list(clashes.values_list("worker__nik", "worker__name").distinct()[:50])
        raise DecreeError(_(
            "Some beneficiaries are already paid for in the same months by another decree in "
            "force (perhaps issued a moment ago): %(names)s. Take them out of this decree's "
            "proposals, or amend the other decree.")
            % {"names": _names(rows) if rows else "?"}) from None
    text = ["nik", "name", "sex", "desa_code", "desa", "kecamatan", "regency_code", "regency",
            "ecosystem_code", "ecosystem", "change"]
    insert_frame(AnnexRow._meta.db_table, frame.select(
        pl.lit(decree.pk, pl.Int64).alias("decree_id"), "number", "worker_id",
        pl.col("proposal_row").alias("proposal_row_id"),
        *[pl.col(c).fill_null("") for c in text], "birth_date", "start_month", "months",
        "premium"))
    _update_rows(frame["proposal_row"].drop_nulls().to_list(), "decree_id = %s", [decree.pk])
    for removed in plan.removed:
        if removed.proposal_row:
            _update_rows([removed.proposal_row], "status = %s, reason = %s, decree_id = %s",
                         [RowStatus.REMOVED, removed.reason, decree.pk])
    if amended is not None:
        amended.status = DecreeStatus.AMENDED
        amended.save(update_fields=["status"])
    # The text as issued: the templates as they read now, kept on the decree so that later
    # template edits change neither it nor its PDF.
    text = selectors.decree_text(decree)
    decree.considerations = "\n".join(text.considerations)
    decree.legal_basis = "\n".join(text.basis)
    decree.letterhead = "\n".join(text.letterhead)
    # And the picture of its heading (emblem or office logo): later uploads do not change it.
    picture = selectors.heading_image(decree)
    decree.heading_image = picture
    decree.status = DecreeStatus.ISSUED
    decree.issued_by = user
    decree.issued_at = timezone.now()
    decree.annex_count = frame.height
    decree.annex_sha256 = sha
    decree.save(update_fields=["status", "issued_by", "issued_at", "annex_count",
                               "annex_sha256", "considerations", "legal_basis", "letterhead",
                               "heading_image"])
    record_audit(actor=user, action=AuditAction.UPDATE, obj=decree, request=request,
                 detail={"event": "issued", "annex_sha256": sha, "annex_rows": frame.height,
                         "amends": amended.pk if amended else None,
                         "removed": len(plan.removed),
                         "heading_image_sha256": picture.sha256 if picture else None,
                         "premium_total": int(frame["premium"].sum())})
    return decree


@transaction.atomic
def mark_sent(*, user: User, decree: Decree, sent_on: date, request=None) -> Decree:
    """Records that the decree (its registration file) went to BPJS Ketenagakerjaan."""
    _require(selectors.can_manage_decrees(user))
    decree = Decree.objects.select_for_update().get(pk=decree.pk)
    if decree.status != DecreeStatus.ISSUED:
        raise DecreeError(_("Only an issued decree not yet sent can be marked as sent."))
    if decree.signed_on and sent_on < decree.signed_on:
        raise DecreeError(_("The decree cannot have been sent before its date (%(day)s).")
                          % {"day": date_format(decree.signed_on)})
    decree.status = DecreeStatus.SENT
    decree.sent_on = sent_on
    decree.sent_by = user
    decree.save(update_fields=["status", "sent_on", "sent_by"])
    record_audit(actor=user, action=AuditAction.UPDATE, obj=decree, request=request,
                 detail={"event": "sent", "sent_on": sent_on.isoformat()})
    return decree


def record_download(*, user: User | None, decree: Decree, kind: str, rows: int,
                    excerpt: frozenset[str] | None = None, request=None) -> None:
    """A document with beneficiaries' names (and, for the BPJS file, full NIKs) left the
    system: who, which decree, which file, how many rows."""
    record_audit(actor=user, action=AuditAction.EXPORT_PERSONAL, obj=decree, request=request,
                 region_code=",".join(sorted(excerpt))[:13] if excerpt and len(excerpt) == 1
                 else "",
                 detail={"file": kind, "rows": rows,
                         "regencies": sorted(excerpt) if excerpt is not None else "all",
                         "annex_sha256": decree.annex_sha256})


# --- decree text templates -----------------------------------------------------------------

CLAUSE_FIELDS = ("issuer", "part", "rank", "year", "position", "text", "source", "confirmed",
                 "first_year", "last_year", "regency_code")


@transaction.atomic
def save_clause(*, user: User, clause: DecreeClause | None = None, request=None,
                **fields) -> DecreeClause:
    """Adds an entry to an issuer's decree text template, or changes one. Drafts show the
    change at once; issued decrees keep the text they were issued with."""
    rights.require(user, Action.VERIFY_AND_DECREE)
    unknown = set(fields) - set(CLAUSE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    created = clause is None
    clause = DecreeClause() if created else DecreeClause.objects.select_for_update().get(
        pk=clause.pk)
    for key, value in fields.items():
        setattr(clause, key, value)
    clause.text = " ".join((clause.text or "").split())
    if not clause.text:
        raise DecreeError(_("Write the text of the entry as the decree prints it."))
    if (clause.first_year and clause.last_year and clause.first_year > clause.last_year):
        raise DecreeError(_("The first fiscal year comes after the last one: swap them."))
    if clause.part == ClausePart.LETTERHEAD and clause.issuer != Issuer.HEAD_OF_OFFICE:
        raise DecreeError(_("Only a head of office's decree has a letterhead; a governor's "
                            "or regent's decree carries the national emblem instead."))
    clause.updated_by = user
    clause.full_clean()
    clause.save()
    record_audit(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                 obj=clause, request=request, detail={"fields": sorted(fields)})
    return clause


@transaction.atomic
def delete_clause(*, user: User, clause: DecreeClause, request=None) -> None:
    rights.require(user, Action.VERIFY_AND_DECREE)
    record_audit(actor=user, action=AuditAction.DELETE, obj=clause, request=request,
                 detail={"issuer": clause.issuer, "part": clause.part, "text": clause.text[:200]})
    clause.delete()


# --- pictures of the decree's heading ------------------------------------------------------


def _refusal(error: images.ImageRefused) -> str:
    accepted = _("Accepted: a PNG image or an SVG drawing of at most %(max)s MB.") % {
        "max": images.MAX_BYTES // (1024 * 1024)}
    reasons = {
        images.TOO_BIG: _("The file is larger than %(max)s MB.") % {
            "max": images.MAX_BYTES // (1024 * 1024)},
        images.EMPTY: _("The file is empty."),
        images.NOT_AN_IMAGE: _("The file is neither a PNG image nor an SVG drawing (its "
                               "content is checked, not its name)."),
        images.BROKEN_PNG: _("The file starts like a PNG image but is damaged."),
        images.BROKEN_SVG: _("The SVG drawing is not well-formed XML."),
        images.UNSAFE_SVG: _("The SVG drawing contains a script, an event handler, a DTD or "
                             "a link to another file or address; save it as a plain SVG "
                             "(or export it as PNG)."),
        images.NOT_DRAWN: _("The picture cannot be drawn (the file is cut short or its "
                            "format is not supported)."),
    }
    return f"{reasons.get(error.reason, reasons[images.NOT_AN_IMAGE])} {accepted}"


@transaction.atomic
def upload_image(*, user: User, kind: str, data: bytes, file_name: str = "",
                 request=None) -> DocumentImage:
    """Installs the national emblem or the office logo that decrees print in their
    heading. The upload becomes the current picture of its kind: draft decrees print it
    at once; issued decrees keep the one they were issued with (earlier uploads are kept)."""
    rights.require(user, Action.VERIFY_AND_DECREE)
    if kind not in ImageKind.values:
        raise DecreeError(_("Choose which picture this is: the national emblem or the office "
                            "logo."))
    try:
        picture = images.identify(data)
        images.renders(data, picture)
    except images.ImageRefused as error:
        raise DecreeError(_refusal(error)) from None
    sha = hashlib.sha256(data).hexdigest()
    current = selectors.current_image(kind)
    if current is not None and current.sha256 == sha:
        raise DecreeError(_("This picture is already the current one."))
    image = DocumentImage(kind=kind, extension=picture.extension, size=len(data), sha256=sha,
                          file_name=file_name[:200], uploaded_by=user)
    image.file.save(f"{sha}.{picture.extension}", ContentFile(data), save=False)
    image.save()
    record_audit(actor=user, action=AuditAction.CREATE, obj=image, request=request,
                 detail={"kind": kind, "sha256": sha, "size": len(data),
                         "type": picture.content_type,
                         "replaces": current.sha256 if current else None})
    return image
