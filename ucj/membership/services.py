"""Writes for BPJS membership: extract versions, reconciliations and review decisions.

The matching itself is pure computation (ucj.membership.reconcile, DuckDB and splink);
this module reads the registry for it and stores what it found, each step in one
transaction, so a failure leaves the previous state untouched."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ucj.accounts import rights
from ucj.accounts.models import AuditAction, User
from ucj.accounts.services import record_audit
from ucj.core.bulk import insert_frame
from ucj.core.formatting import rate, thousands
from ucj.core.jobs import enqueue_job
from ucj.core.messages import reason_label
from ucj.core.reasons import Kind
from ucj.coverage import summaries
from ucj.membership import reconcile as core
from ucj.membership import selectors
from ucj.membership.extract import ExtractError, read_extract
from ucj.membership.models import (
    CandidateState,
    CoverageStatus,
    Decision,
    Extract,
    ExtractRow,
    JobStatus,
    LinkCandidate,
    LinkDecision,
    MatchMethod,
    MembershipSettings,
    Reconciliation,
    WorkerMembership,
)
from ucj.membership.names import normalised_name

Progress = Callable[[str, int], None]


class MembershipError(ValueError):
    """Bad input: the message (Indonesian) says what is wrong and how to fix it."""


def _no_progress(step: str, percent: int) -> None:
    return None


def _check_can_manage(user: User | None) -> None:
    if user is not None:
        rights.require(user, rights.Action.MANAGE_MEMBERSHIP)


# Extracts -----------------------------------------------------------------------------


def create_extract(*, user: User | None, file_name: str, data: bytes, as_of: date) -> Extract:
    """Keep an uploaded extract as a new version, queued for checking. The same file for
    the same date twice is refused: it would only duplicate a version."""
    _check_can_manage(user)
    if not data:
        raise MembershipError(_("The file is empty. Choose an extract file (CSV or XLSX)."))
    if as_of > timezone.localdate():
        raise MembershipError(_("The extract's date may not lie in the future."))
    digest = hashlib.sha256(data).hexdigest()
    earlier = Extract.objects.filter(file_sha256=digest, as_of=as_of).exclude(
        status=JobStatus.FAILED).first()
    if earlier:
        raise MembershipError(
            _("The same file with the date %(day)s was imported already as extract "
              "#%(number)s; nothing was added.")
            % {"day": date_format(as_of), "number": earlier.pk})
    extract = Extract(as_of=as_of, file_name=file_name[:255], file_sha256=digest,
                      uploaded_by=user)
    extract.file.save(file_name, ContentFile(data), save=False)
    extract.save()
    return extract


def run_extract_import(*, extract_id: int, progress: Progress = _no_progress) -> Extract:
    """Check an extract's rows and keep the accepted ones as its Parquet file. All or
    nothing: on any error the extract is marked failed with the reason. An extract that
    accepted nothing, or a share of its rows below the province's minimum, fails too
    (its rejected rows are kept, to show what to fix) and is never used."""
    extract = Extract.objects.get(pk=extract_id)
    if extract.status not in (JobStatus.QUEUED, JobStatus.FAILED):
        return extract
    _progress(extract, "reading", 5, progress)
    refusal = ""
    try:
        with extract.file.open("rb") as handle:
            checked = read_extract(handle.read(), extract.file_name, as_of=extract.as_of)
        counts = checked.counts
        refusal = _acceptance_refusal(counts, checked.reasons,
                                      selectors.membership_settings().min_accepted_percent)
        _progress(extract, "storing", 60, progress)
        buffer = io.BytesIO()
        if not refusal:
            # The normalised name is kept with the participants: every reconciliation of
            # this version needs it, and it is the costliest column to compute.
            key = normalised_name(pl.col("name"))
            checked.participants.with_columns(
                pl.when(key != "").then(key).alias(core.NAME_KEY),
            ).write_parquet(buffer, compression="zstd")
        with transaction.atomic():
            if not refusal:
                extract.participants.save(f"ekstrak-{extract.pk}.parquet",
                                          ContentFile(buffer.getvalue()), save=False)
            ExtractRow.objects.filter(extract=extract).delete()  # of an earlier attempt
            rejected = checked.rows.filter(pl.col("verdict") == "rejected")
            insert_frame(ExtractRow._meta.db_table, rejected.select(
                pl.lit(extract.pk).alias("extract_id"),
                pl.col("row").alias("row_number"),
                pl.col("reasons").list.join(",").str.slice(0, 300).alias("reasons"),
                pl.col("message").fill_null(""),
                pl.col("nik_input").fill_null("").str.slice(0, 64),
                pl.col("kpj_input").fill_null("").str.slice(0, 64),
                pl.col("name_input").fill_null("").str.slice(0, 200),
            ))
            extract.header_row = checked.header_row
            extract.rows, extract.accepted = counts["rows"], counts["accepted"]
            extract.rejected = counts["rejected"]
            extract.reasons = checked.reasons
            extract.by_category = dict(
                checked.participants.group_by("category").len().sort("category").iter_rows())
            extract.status = JobStatus.FAILED if refusal else JobStatus.DONE
            extract.error = refusal
            extract.progress_step = "failed" if refusal else "done"
            extract.progress_percent = 100
            extract.finished_at = timezone.now()
            extract.save()
            record_audit(actor=extract.uploaded_by, action=AuditAction.IMPORT, obj=extract,
                         detail={"rows": extract.rows, "accepted": extract.accepted,
                                 "rejected": extract.rejected,
                                 "as_of": extract.as_of.isoformat(),
                                 **({"failed": "accepted_share"} if refusal else {})})
    except Exception as error:
        if extract.participants:
            extract.participants.delete(save=False)
        message = extract_error_message(error) if isinstance(error, ExtractError) else (
            _("Processing failed (%(error)s); no data was stored. Try again; if it fails "
              "again, contact the province's administrator.")
            % {"error": type(error).__name__})
        extract.mark_failed(message)
        if isinstance(error, ExtractError):
            raise MembershipError(message) from None
        raise
    if refusal:
        raise MembershipError(refusal)
    progress("done", 100)
    return extract


def _acceptance_refusal(counts: dict[str, int], reasons: dict[str, int],
                        minimum: Decimal) -> str:
    """Why an extract with these counts is no basis for reconciliation ("" when it is)."""
    rows, accepted = counts["rows"], counts["accepted"]
    share = 100 * accepted / rows if rows else 0.0
    if accepted and share >= minimum:
        return ""
    top = ", ".join(_("%(reason)s (%(rows)s rows)")
                    % {"reason": reason_label(code, Kind.EXTRACT), "rows": thousands(count)}
                    for code, count in list(reasons.items())[:3])
    found = (_("not a single row was accepted") if not accepted else
             _("only %(accepted)s rows (%(share)s) were accepted")
             % {"accepted": thousands(accepted), "share": rate(share, 1)})
    return _("Extract failed: of %(rows)s data rows %(found)s; the minimum the province set "
             "is %(minimum)s of rows accepted. This extract is not used for reconciliation, "
             "coverage or budgets. Most frequent reasons for rejection: %(top)s. Correct the "
             "rejected rows (listed with their reasons on the extract's page) or ask BPJS to "
             "send the complete extract again, then import it again.") % {
        "rows": thousands(rows), "found": found, "minimum": rate(minimum), "top": top or "-"}


#: The columns of an extract as the reader names them (extract.FIELD_LABELS in Indonesian).
EXTRACT_FIELD_LABELS = {
    "nik": gettext_lazy("NIK"),
    "kpj": gettext_lazy("KPJ number"),
    "nama": gettext_lazy("Name"),
    "tanggal_lahir": gettext_lazy("Birth date"),
    "kategori": gettext_lazy("Category (PU/BPU/JAKON/PMI)"),
    "status": gettext_lazy("Status (AKTIF/NONAKTIF)"),
    "bulan_bayar": gettext_lazy("Last month paid (YYYY-MM)"),
    "kode_wilayah": gettext_lazy("Regency/city code (Kemendagri)"),
}


def extract_error_message(error: ExtractError) -> str:
    """Why a file is no extract, in the reader's language."""
    if error.code == "no_rows":
        return _("The extract holds no data rows under its column headings.")
    if error.code == "header_incomplete":
        def names(fields):
            return ", ".join(str(EXTRACT_FIELD_LABELS[f]) for f in fields)

        return _("The extract's row of column headings is incomplete: the columns %(missing)s "
                 "were not found (recognised: %(found)s). An extract must hold the columns "
                 "NIK, KPJ, name, birth date, category, status, last month paid and "
                 "regency/city code.") % {"missing": names(error.missing),
                                          "found": names(error.found) or _("none")}
    return str(error)  # the reader's own sentence (a file it cannot open)


def import_extract(*, data: bytes, file_name: str, as_of: date, user: User | None = None,
                   progress: Progress = _no_progress) -> Extract:
    """The batch path of `ucj import-membership`: create and check in this process."""
    extract = create_extract(user=user, file_name=file_name, data=data, as_of=as_of)
    return run_extract_import(extract_id=extract.pk, progress=progress)


def _progress(job: Extract | Reconciliation, step: str, percent: int,
              progress: Progress) -> None:
    job.set_progress(step, percent)
    progress(step, percent)


# Reconciliation -------------------------------------------------------------------------


def start_reconciliation(*, user: User | None, extract: Extract | None = None,
                         upper: float | None = None, lower: float | None = None
                         ) -> Reconciliation:
    """Queue the reconciliation of the registry against `extract` (the newest checked
    extract by default). An earlier result for the same extract stays current until
    this one is done; one not done (failed, waiting, discarded) is replaced at once."""
    _check_can_manage(user)
    if extract is not None and extract.status == JobStatus.FAILED:
        raise MembershipError(
            _("Extract #%(number)s failed its check, so it cannot be reconciled: %(error)s Run "
              "the reconciliation with an extract that passed its check.")
            % {"number": extract.pk, "error": extract.error})
    extract = extract or selectors.latest_extract()
    if extract is None or extract.status != JobStatus.DONE:
        raise MembershipError(_("No BPJS extract has been checked yet. Import an extract "
                                "first."))
    upper = core.DEFAULT_UPPER if upper is None else upper
    lower = core.DEFAULT_LOWER if lower is None else lower
    if not 0 < lower <= upper <= 1:
        raise MembershipError(_("Thresholds must be 0 < review threshold ≤ automatic "
                                "threshold ≤ 1."))
    with transaction.atomic():
        Extract.objects.select_for_update().filter(pk=extract.pk).first()  # one start at a time
        runs = Reconciliation.objects.filter(extract=extract)
        if runs.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).exists():
            raise MembershipError(_("The reconciliation of extract #%(number)s is running.")
                                  % {"number": extract.pk})
        runs.exclude(status=JobStatus.DONE).delete()
        return Reconciliation.objects.create(extract=extract, started_by=user,
                                             upper_threshold=upper, lower_threshold=lower)


def run_reconciliation(*, reconciliation_id: int,
                       progress: Progress = _no_progress) -> Reconciliation:
    """Match every registered worker against the extract and store one status per
    worker and the record-linkage candidates, in one transaction. A result that would
    turn more active workers into "not enrolled" than the province allows is kept
    waiting for confirmation (AWAITING); until then the current one stays current."""
    run = Reconciliation.objects.select_related("extract").get(pk=reconciliation_id)
    if run.status not in (JobStatus.QUEUED, JobStatus.FAILED):
        return run
    try:
        _progress(run, "reading", 2, progress)
        workers = selectors.registry_workers()
        decisions = selectors.decisions_frame()
        result = core.reconcile(
            workers=workers, participants=run.extract.participants.path,
            as_of=run.extract.as_of, decisions=decisions,
            thresholds=core.Thresholds(upper=run.upper_threshold, lower=run.lower_threshold),
            progress=lambda step, percent: _progress(run, step, 5 + percent * 85 // 100,
                                                     progress))
        _progress(run, "storing", 92, progress)
        with transaction.atomic():
            _store(run, result)
            limit = selectors.membership_settings().max_loss_percent
            current = selectors.latest_reconciliation()
            if current is not None and current.pk != run.pk \
                    and selectors.becomes_current(run, current):
                run.compared_with = current
                run.active_before, run.lost = selectors.active_lost(run, current)
                run.loss_limit = limit
            waits = run.active_before > 0 and run.lost_percent > float(limit)
            run.error = ""
            run.progress_step, run.progress_percent = "done", 100
            run.finished_at = timezone.now()
            if waits:
                run.status = JobStatus.AWAITING
                run.save()
            else:
                _make_current(run)
            record_audit(actor=run.started_by, action=AuditAction.CREATE, obj=run,
                         detail={"extract": run.extract_id, "active": run.active,
                                 "lapsed": run.lapsed, "not_enrolled": run.not_enrolled,
                                 "review": run.review, "status": run.status,
                                 **_loss_detail(run)})
    except Exception as error:
        message = (f"Rekonsiliasi gagal ({type(error).__name__}); hasil sebelumnya tidak "
                   "berubah. Coba lagi; jika gagal lagi, hubungi admin provinsi.")
        run.mark_failed(message)
        raise
    progress("done", 100)
    return run


def _loss_detail(run: Reconciliation) -> dict:
    if run.compared_with_id is None:
        return {}
    return {"compared_with": run.compared_with_id, "active_before": run.active_before,
            "lost": run.lost, "limit_percent": str(run.loss_limit)}


def _make_current(run: Reconciliation) -> None:
    """Mark `run` done, replacing the earlier results of the same extract (inside the
    caller's transaction)."""
    replaced = Reconciliation.objects.filter(extract_id=run.extract_id).exclude(pk=run.pk)
    if run.compared_with_id in set(replaced.values_list("pk", flat=True)):
        run.compared_with = None  # the figures stay; the row they came from goes
    replaced.delete()
    run.status = JobStatus.DONE
    run.save()
    if selectors.latest_reconciliation() == run:  # every status changes at once
        summaries.rebuild()


def confirm_reconciliation(*, user: User, run: Reconciliation) -> Reconciliation:
    """Province staff accept a reconciliation that was waiting (it takes many workers
    out of coverage): it becomes current, if its extract is the newest."""
    return _decide_waiting(user=user, run=run, confirm=True)


def discard_reconciliation(*, user: User, run: Reconciliation) -> Reconciliation:
    """Province staff refuse a waiting reconciliation: the current one stays current and
    the statuses this one found are deleted (its counts are kept)."""
    return _decide_waiting(user=user, run=run, confirm=False)


def _decide_waiting(*, user: User, run: Reconciliation, confirm: bool) -> Reconciliation:
    rights.require(user, rights.Action.CONFIRM_RECONCILIATION)
    with transaction.atomic():
        run = Reconciliation.objects.select_for_update().select_related("extract").get(
            pk=run.pk)
        if run.status != JobStatus.AWAITING:
            raise MembershipError(
                _("Reconciliation #%(number)s is not waiting for a confirmation (its status: "
                  "%(status)s); nothing was changed.")
                % {"number": run.pk, "status": run.get_status_display()})
        run.decided_by, run.decided_at = user, timezone.now()
        if confirm:
            _make_current(run)
        else:
            WorkerMembership.objects.filter(reconciliation=run).delete()
            LinkCandidate.objects.filter(reconciliation=run).delete()
            run.status = JobStatus.DISCARDED
            run.save()
        record_audit(actor=user, action=AuditAction.UPDATE, obj=run,
                     detail={"decision": "confirmed" if confirm else "discarded",
                             **_loss_detail(run)})
    return run


def _store(run: Reconciliation, result: core.Reconciled) -> None:
    statuses = result.statuses
    insert_frame(WorkerMembership._meta.db_table, statuses.select(
        pl.lit(run.pk).alias("reconciliation_id"),
        "worker_id", "status", "method",
        pl.col("kpj").fill_null(""),
        pl.col("participant_nik").fill_null(""),
        pl.col("category").fill_null(""),
        "last_paid", "match_probability",
    ))
    insert_frame(LinkCandidate._meta.db_table, result.candidates.select(
        pl.lit(run.pk).alias("reconciliation_id"),
        "worker_id", "kpj", "participant_nik",
        pl.col("participant_name").fill_null("").str.slice(0, 200),
        "participant_birth_date", "category", "participant_status", "last_paid", "coverage",
        "match_probability", "match_weight", "evidence", "state",
    ))
    counted = dict(statuses.group_by("status").len().iter_rows())
    methods = dict(statuses.group_by("method").len().iter_rows())
    run.workers = statuses.height
    run.active = counted.get(CoverageStatus.ACTIVE, 0)
    run.lapsed = counted.get(CoverageStatus.LAPSED, 0)
    run.not_enrolled = counted.get(CoverageStatus.NOT_ENROLLED, 0)
    run.linked_exact = methods.get(MatchMethod.EXACT, 0)
    run.linked_probabilistic = methods.get(MatchMethod.PROBABILISTIC, 0)
    run.linked_reviewed = methods.get(MatchMethod.REVIEWED, 0)
    run.review = methods.get(MatchMethod.REVIEW, 0)
    run.model = result.model
    run.timings = {step: round(seconds, 3) for step, seconds in result.timings.items()}


def reconcile(*, user: User | None = None, extract_id: int | None = None,
              upper: float | None = None, lower: float | None = None,
              progress: Progress = _no_progress) -> Reconciliation:
    """The batch path of `ucj reconcile`."""
    extract = None
    if extract_id is not None:
        extract = Extract.objects.filter(pk=extract_id).first()
        if extract is None:
            raise MembershipError(_("There is no extract #%(number)s.") % {"number": extract_id})
    run = start_reconciliation(user=user, extract=extract, upper=upper, lower=lower)
    return run_reconciliation(reconciliation_id=run.pk, progress=progress)


# Province settings --------------------------------------------------------------------


def set_membership_settings(*, user: User, min_accepted_percent: Decimal,
                            max_loss_percent: Decimal) -> MembershipSettings:
    """Change the guards on extracts and reconciliations (province staff), audited."""
    rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    values = {"min_accepted_percent": min_accepted_percent, "max_loss_percent": max_loss_percent}
    for field, value in values.items():
        if not isinstance(value, Decimal) or not value.is_finite() or not 0 <= value <= 100:
            label = MembershipSettings._meta.get_field(field).verbose_name
            raise MembershipError(_("%(label)s: fill in a number from 0 to 100, not %(value)s.")
                                  % {"label": label, "value": value})
        values[field] = value.quantize(Decimal("0.01"))
    with transaction.atomic():
        found = MembershipSettings.objects.select_for_update().filter(pk=1).first()
        before = selectors.membership_settings() if found is None else found
        previous = {field: str(getattr(before, field)) for field in values}
        saved, _created = MembershipSettings.objects.update_or_create(
            pk=1, defaults={**values, "updated_by": user, "updated_at": timezone.now()})
        record_audit(actor=user, action=AuditAction.UPDATE, obj=saved,
                     object_repr="membership settings",
                     detail={"before": previous,
                             "after": {field: str(value) for field, value in values.items()}})
    return saved


# Review -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    status: str
    method: str


def decide(*, user: User, candidate: LinkCandidate, decision: str) -> LinkCandidate:
    """Record a reviewer's word on a candidate link and apply it to the reconciliation
    at once; the decision is kept for every later reconciliation."""
    _require_link_review(user, candidate)
    if decision not in Decision.values:
        raise MembershipError(_("The decision must be “the same person” or “different "
                                "people”."))
    with transaction.atomic():
        candidate = LinkCandidate.objects.select_for_update().get(pk=candidate.pk)
        run = Reconciliation.objects.select_for_update().get(pk=candidate.reconciliation_id)
        membership = WorkerMembership.objects.get(reconciliation=run, worker_id=candidate.worker_id)
        LinkDecision.objects.update_or_create(
            worker_id=candidate.worker_id, kpj=candidate.kpj,
            defaults={"decision": decision, "decided_by": user,
                      "match_probability": candidate.match_probability})
        before = _Outcome(status=membership.status, method=membership.method)
        if decision == Decision.CONFIRMED:
            candidate.state = CandidateState.CONFIRMED
            membership.status, membership.method = candidate.coverage, MatchMethod.REVIEWED
            membership.kpj, membership.participant_nik = candidate.kpj, candidate.participant_nik
            membership.category, membership.last_paid = candidate.category, candidate.last_paid
        else:
            candidate.state = CandidateState.REJECTED
            membership.status, membership.method = CoverageStatus.NOT_ENROLLED, MatchMethod.NONE
            membership.kpj = membership.participant_nik = membership.category = ""
            membership.last_paid = None
        _save_review(user, run, candidate, membership, before,
                     {"decision": decision, "reconciliation": run.pk,
                      "probability": round(candidate.match_probability, 4)})
    return candidate


def undo_decision(*, user: User, candidate: LinkCandidate) -> LinkCandidate:
    """Take back a reviewer's word on a candidate link: the decision is removed (later
    reconciliations no longer apply it), the candidate waits for review again and its
    worker is "not enrolled, waiting for review" in this reconciliation, as before the
    decision. Only by someone who manages membership in a regency listing the worker."""
    _require_link_review(user, candidate)
    with transaction.atomic():
        candidate = LinkCandidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.state not in (CandidateState.CONFIRMED, CandidateState.REJECTED):
            raise MembershipError(_("This link has not been decided; there is no decision "
                                    "to undo."))
        run = Reconciliation.objects.select_for_update().get(pk=candidate.reconciliation_id)
        membership = WorkerMembership.objects.get(reconciliation=run, worker_id=candidate.worker_id)
        previous = candidate.state
        LinkDecision.objects.filter(worker_id=candidate.worker_id, kpj=candidate.kpj).delete()
        before = _Outcome(status=membership.status, method=membership.method)
        candidate.state = CandidateState.REVIEW
        membership.status, membership.method = CoverageStatus.NOT_ENROLLED, MatchMethod.REVIEW
        membership.kpj = membership.participant_nik = membership.category = ""
        membership.last_paid = None
        _save_review(user, run, candidate, membership, before,
                     {"undone": previous, "reconciliation": run.pk})
    return candidate


def _require_link_review(user: User | None, candidate: LinkCandidate) -> None:
    """Reviewing a link is managing membership in a regency that lists its worker (the
    command line, with no user, acts for the province)."""
    if user is None:
        return
    from ucj.registry.models import WorkerListing

    regencies = set(WorkerListing.objects.filter(worker_id=candidate.worker_id)
                    .values_list("regency_id", flat=True))
    if not any(rights.may(user, rights.Action.MANAGE_MEMBERSHIP, code) for code in regencies):
        raise PermissionDenied(f"{rights.Action.MANAGE_MEMBERSHIP} not allowed for this link")


def _save_review(user: User | None, run: Reconciliation, candidate: LinkCandidate,
                 membership: WorkerMembership, before: _Outcome, detail: dict) -> None:
    """Store a decision (or its undoing) on the candidate and its worker's status, move
    the run's counts, and tell the summaries and the audit trail."""
    membership.match_probability = candidate.match_probability
    candidate.save(update_fields=["state"])
    with summaries.track([membership.worker_id]):
        membership.save()
    _shift_counts(run, before, _Outcome(status=membership.status, method=membership.method))
    record_audit(actor=user, action=AuditAction.UPDATE, obj=candidate,
                 object_repr=f"link #{candidate.pk}", detail=detail)


_STATUS_FIELD = {CoverageStatus.ACTIVE: "active", CoverageStatus.LAPSED: "lapsed",
                 CoverageStatus.NOT_ENROLLED: "not_enrolled"}
_METHOD_FIELD = {MatchMethod.EXACT: "linked_exact",
                 MatchMethod.PROBABILISTIC: "linked_probabilistic",
                 MatchMethod.REVIEWED: "linked_reviewed", MatchMethod.REVIEW: "review"}


def _shift_counts(run: Reconciliation, before: _Outcome, after: _Outcome) -> None:
    changes: dict[str, int] = {}
    for field, step in ((_STATUS_FIELD.get(before.status), -1),
                        (_STATUS_FIELD.get(after.status), 1),
                        (_METHOD_FIELD.get(before.method), -1),
                        (_METHOD_FIELD.get(after.method), 1)):
        if field:
            changes[field] = changes.get(field, 0) + step
    updates = {field: F(field) + step for field, step in changes.items() if step}
    if updates:
        Reconciliation.objects.filter(pk=run.pk).update(**updates)


# Background jobs -------------------------------------------------------------------------


def queue_extract_check(extract: Extract) -> None:
    from ucj.membership.tasks import check_extract  # tasks imports services

    enqueue_job(check_extract, extract)


def queue_reconciliation(run: Reconciliation) -> None:
    from ucj.membership.tasks import reconcile as reconcile_task

    enqueue_job(reconcile_task, run)
