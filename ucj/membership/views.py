from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.models import AuditAction
from ucj.accounts.personal_data import shown_nik
from ucj.accounts.selectors import can_manage_membership, can_see_full_nik, regencies_in_scope
from ucj.accounts.services import record_audit
from ucj.core.messages import reason_rows
from ucj.core.reasons import Kind
from ucj.membership import charts, exports, selectors, services
from ucj.membership import review as review_help
from ucj.membership.forms import ExtractUploadForm, SettingsForm, ThresholdForm
from ucj.membership.models import CandidateState, CoverageStatus, Decision, JobStatus
from ucj.membership.reconcile import DEFAULT_LOWER, DEFAULT_UPPER
from ucj.registry.models import Sex
from ucj.registry.selectors import ecosystems

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_manager(user) -> None:
    if not can_manage_membership(user):
        raise Http404


@require_safe
def overview(request):
    """The newest finished reconciliation, and for BPJS and province staff the extract
    versions with their actions."""
    run = selectors.latest_reconciliation()
    if run is not None:
        return reconciliation_detail(request, run.pk)
    return render(request, "membership/reconciliation.html", {
        "run": None, "extracts": _extract_list(request.user),
        "can_manage": can_manage_membership(request.user),
        "can_edit_settings": selectors.can_edit_settings(request.user),
    })


def _extract_list(user):
    return selectors.extracts()[:20] if can_manage_membership(user) else []


def upload(request):
    _require_manager(request.user)
    form = ExtractUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            extract = services.create_extract(user=request.user, file_name=upload_file.name,
                                              data=upload_file.read(),
                                              as_of=form.cleaned_data["as_of"])
        except services.MembershipError as error:
            form.add_error("file", str(error))
        else:
            services.queue_extract_check(extract)
            messages.info(request, _("The extract is being checked; this page shows its progress."))
            return redirect("membership:extract", extract.pk)
    return render(request, "membership/upload.html", {"form": form})


@require_safe
def extract_detail(request, extract_id: int):
    extract = selectors.get_extract(request.user, extract_id)
    reasons = reason_rows(extract.reasons, Kind.EXTRACT)
    return render(request, "membership/extract.html", {
        "extract": extract, "reasons": reasons,
        "rejected_rows": selectors.rejected_rows(extract)[:200],
        "threshold_form": ThresholdForm(initial={"upper": DEFAULT_UPPER, "lower": DEFAULT_LOWER}),
    })


@require_safe
def extract_progress(request, extract_id: int):
    extract = selectors.get_extract(request.user, extract_id)
    response = render(request, "membership/_progress.html", {
        "job": extract, "url": request.path})
    if extract.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
def start_reconciliation(request, extract_id: int):
    extract = selectors.get_extract(request.user, extract_id)
    form = ThresholdForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) + [
                e for field in ("upper", "lower") for e in form.errors.get(field, [])]:
            messages.error(request, error)
        return redirect("membership:extract", extract.pk)
    try:
        run = services.start_reconciliation(user=request.user, extract=extract,
                                            upper=form.cleaned_data["upper"],
                                            lower=form.cleaned_data["lower"])
    except services.MembershipError as error:
        messages.error(request, str(error))
        return redirect("membership:extract", extract.pk)
    except PermissionDenied:
        raise Http404 from None
    services.queue_reconciliation(run)
    messages.info(request, _("The reconciliation is running; this page shows its progress."))
    return redirect("membership:reconciliation", run.pk)


@require_safe
def reconciliation_detail(request, reconciliation_id: int):
    run = selectors.get_reconciliation(reconciliation_id)
    context = {"run": run, "extracts": _extract_list(request.user),
               "can_manage": can_manage_membership(request.user),
               "can_edit_settings": selectors.can_edit_settings(request.user),
               "can_confirm": selectors.can_confirm_reconciliation(request.user)}
    if run.status == JobStatus.DONE:
        rows = selectors.summary(request.user, run)
        previous = selectors.previous_reconciliation(run)
        context |= {
            "rows": rows, "totals": _totals(rows), "previous": previous,
            "diff": selectors.diff(request.user, run, previous) if previous else [],
            "chart": _chart(rows) if rows else None,
            "review_count": selectors.candidates_for_review(request.user, run).count(),
            "regencies": regencies_in_scope(request.user), "ecosystems": ecosystems(),
        }
    return render(request, "membership/reconciliation.html", context)


def _totals(rows) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        for field in ("active", "lapsed", "not_enrolled", "review"):
            totals[field] += getattr(row, field)
    totals["workers"] = totals["active"] + totals["lapsed"] + totals["not_enrolled"]
    return dict(totals)


def _chart(rows) -> dict:
    by_regency: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for status in CoverageStatus.values:
            by_regency[row.regency_name][status] += getattr(row, status)
    data = [{"wilayah": name, "status": status, "pekerja": count}
            for name, counts in by_regency.items() for status, count in counts.items()]
    labels = {status.value: str(status.label) for status in CoverageStatus}
    return charts.coverage_by_regency(data, labels=labels,
                                      title=_("Registered workers by BPJS coverage"))


@require_safe
def reconciliation_progress(request, reconciliation_id: int):
    run = selectors.get_reconciliation(reconciliation_id)
    response = render(request, "membership/_progress.html", {"job": run, "url": request.path})
    if run.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_safe
def download(request, reconciliation_id: int, status: str):
    """Workers of one status (not enrolled, lapsed, active) as XLSX, optionally for one
    regency and ecosystem; an export of personal data, so it is audited."""
    run = selectors.get_reconciliation(reconciliation_id)
    if status not in CoverageStatus.values or run.status != JobStatus.DONE:
        raise Http404
    regency, ecosystem = request.GET.get("wilayah", ""), request.GET.get("ekosistem", "")
    return workbook_response(request, run, status=status, regency=regency, ecosystem=ecosystem)


def workbook_response(request, run, *, status: str, regency: str = "", ecosystem: str = "",
                      via: str = "web") -> HttpResponse:
    content = exports.status_workbook(request.user, run, status=status, regency=regency,
                                      ecosystem=ecosystem)
    record_audit(actor=request.user, action=AuditAction.EXPORT_PERSONAL, obj=run,
                 region_code=regency, request=request,
                 detail={"status": status, "ecosystem": ecosystem, "via": via})
    name = f"kepesertaan-{status.replace('_', '-')}-{run.extract.as_of:%Y%m%d}"
    name += f"-{regency}" if regency else ""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@require_safe
def review(request, reconciliation_id: int):
    _require_manager(request.user)
    run = selectors.get_reconciliation(reconciliation_id)
    candidates = [_for_review(request.user, c, run)
                  for c in selectors.candidates_for_review(request.user, run)[:100]]
    decided = [_for_review(request.user, c, run)
               for c in selectors.decided_candidates(request.user, run)[:100]]
    if candidates or decided:
        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL,
                     object_type="membership.linkcandidate", object_repr=f"review {run.pk}",
                     detail={"shown": len(candidates) + len(decided)}, request=request)
    return render(request, "membership/review.html", {"run": run, "candidates": candidates,
                                                      "decided": decided})


def _reason_texts(run) -> dict[str, str]:
    return {
        review_help.BELOW_UPPER: _("The probability is below the threshold for an automatic "
                                   "link (%(upper)s).") % {
                                       "upper": f"{run.upper_threshold:.10g}"},
        review_help.NAME_NOT_EQUAL: _("The names are not exactly the same; an automatic link "
                                      "needs equal names, however high the probability."),
        review_help.NIK_FAR: _("The NIKs differ in more than two digits (or one is missing); "
                               "an automatic link needs NIKs at most two digits apart."),
    }


def _for_review(user, candidate, run):
    """The candidate with what the review page shows beside it: the NIKs cut into runs of
    equal and differing digits (for <mark>; masked NIKs are not marked), sex and desa on
    both sides ("" when unknown) and, while it waits, why it was not linked."""
    worker = candidate.worker
    differing = review_help.nik_differences(worker.nik, candidate.participant_nik)
    if can_see_full_nik(user):
        candidate.worker_nik_parts = review_help.marked_segments(worker.nik, differing)
        candidate.participant_nik_parts = review_help.marked_segments(candidate.participant_nik,
                                                                      differing)
    else:
        candidate.worker_nik_parts = [(shown_nik(user, worker.nik), False)]
        candidate.participant_nik_parts = [(shown_nik(user, candidate.participant_nik), False)]
    candidate.nik_digits_differ = len(differing)
    sexes = dict(Sex.choices)
    candidate.worker_sex = str(sexes.get(worker.sex, ""))
    candidate.participant_sex = str(sexes.get(review_help.sex_from_nik(candidate.participant_nik),
                                              ""))
    candidate.sex_differs = bool(candidate.worker_sex and candidate.participant_sex
                                 and candidate.worker_sex != candidate.participant_sex)
    candidate.worker_desa = worker.desa.name if worker.desa_id and worker.desa else ""
    texts = _reason_texts(run)
    candidate.wait_reasons = ([texts[code] for code in review_help.review_reasons(
        probability=candidate.match_probability, upper=run.upper_threshold,
        evidence=candidate.evidence)] if candidate.state == CandidateState.REVIEW else [])
    return candidate


@require_POST
def decide(request, candidate_id: int):
    candidate = selectors.get_candidate(request.user, candidate_id)
    decision = request.POST.get("decision", "")
    if decision not in Decision.values:
        raise Http404
    candidate = services.decide(user=request.user, candidate=candidate, decision=decision)
    if request.headers.get("HX-Request"):
        candidate = selectors.get_candidate(request.user, candidate.pk)
        return render(request, "membership/_candidate.html", {
            "candidate": _for_review(request.user, candidate, candidate.reconciliation)})
    return redirect("membership:review", candidate.reconciliation_id)


@require_POST
def undo(request, candidate_id: int):
    """Take back a decision on a link: it waits for review again."""
    candidate = selectors.get_candidate(request.user, candidate_id)
    try:
        candidate = services.undo_decision(user=request.user, candidate=candidate)
    except services.MembershipError as refused:
        messages.error(request, str(refused))
    else:
        if request.headers.get("HX-Request"):
            candidate = selectors.get_candidate(request.user, candidate.pk)
            return render(request, "membership/_candidate.html", {
                "candidate": _for_review(request.user, candidate, candidate.reconciliation)})
        messages.success(request, _("The decision is undone; the pair waits for review again."))
    return redirect("membership:review", candidate.reconciliation_id)


def confirm(request, reconciliation_id: int):
    """The figures of a reconciliation waiting for confirmation, and the buttons that
    confirm or discard it (province staff)."""
    if not selectors.can_confirm_reconciliation(request.user):
        raise Http404
    run = selectors.get_reconciliation(reconciliation_id)
    if run.status != JobStatus.AWAITING:
        return redirect("membership:reconciliation", run.pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ("confirm", "discard"):
            raise Http404
        change = (services.confirm_reconciliation if action == "confirm"
                  else services.discard_reconciliation)
        try:
            run = change(user=request.user, run=run)
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The reconciliation is confirmed; it is used from now on.")
                             if action == "confirm" else
                             _("The reconciliation is discarded; the previous one stays in use."))
        return redirect("membership:reconciliation", run.pk)
    return render(request, "membership/confirm.html", {
        "run": run, "current": selectors.latest_reconciliation()})


def settings_page(request):
    """The province's guards on extracts and reconciliations."""
    if not selectors.can_edit_settings(request.user):
        raise Http404
    current = selectors.membership_settings()
    form = SettingsForm(request.POST or None, initial={
        "min_accepted_percent": current.min_accepted_percent,
        "max_loss_percent": current.max_loss_percent})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_membership_settings(user=request.user, **form.cleaned_data)
        except services.MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The settings are saved; they apply to the next "
                                        "extract and reconciliation."))
            return redirect("membership:settings")
    return render(request, "membership/settings.html", {"form": form, "current": current})
