from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ucj.accounts import rights
from ucj.accounts.models import AuditAction
from ucj.accounts.personal_data import NikSearchRefused, shown_change, shown_text
from ucj.accounts.rights import Action
from ucj.accounts.selectors import can_see_full_nik, regencies_in_scope
from ucj.accounts.services import record_audit
from ucj.core.jobs import recover_abandoned_jobs
from ucj.core.messages import reason_rows
from ucj.registry import charts, exports, selectors, services
from ucj.registry.forms import (
    ConflictDecisionForm,
    ConflictFilterForm,
    EcosystemForm,
    MappingForm,
    UploadForm,
    WorkerCorrectionForm,
    WorkerSearchForm,
)
from ucj.registry.labels import FIELD_LABELS
from ucj.registry.models import Ecosystem, SubmissionStatus, Worker
from ucj.registry.stages import label as stage_label
from ucj.registry.stages import stages_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _search(request, *, listing: bool = False):
    """The worker search of the list and its export: (form, filters, queryset, count).
    For the list (`listing`) the count stops above SEARCH_COUNT_CAP
    (selectors.search_list); the export counts nothing (None)."""
    form = WorkerSearchForm(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    if "ecosystem" in filters:
        filters["ecosystem"] = filters["ecosystem"].code
    count = None
    try:
        if listing:
            found, count = selectors.search_list(request.user, first_rows_only=True,
                                                  **filters)
        else:
            found = selectors.search_workers(request.user, **filters)
    except NikSearchRefused as refused:  # a leader's NIK longer than the region prefix
        form.add_error("nik", str(refused))
        found, count = Worker.objects.none(), 0
    return form, filters, found, count


class CappedPaginator(Paginator):
    """Pages of a list whose length is known only up to a cap: `count` is the known
    length (at most `cap`); `more` says there are more matches than that, which the
    pages do not reach."""

    def __init__(self, object_list, per_page, *, count: int, cap: int):
        super().__init__(object_list, per_page)
        self.more = count > cap
        self.known = min(count, cap)

    @property
    def count(self) -> int:
        return self.known

    def page(self, number):
        """The page's rows read in two steps (selectors.rows_of)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(selectors.rows_of(self.object_list, bottom, top), number, self)


@require_safe
def workers(request):
    form, filters, found, count = _search(request, listing=True)
    page = CappedPaginator(found, 50, count=count, cap=selectors.SEARCH_COUNT_CAP).get_page(
        request.GET.get("halaman"))
    stages = stages_for(w.pk for w in page.object_list)
    for worker in page.object_list:
        worker.stage = stages[worker.pk]
        worker.stage_label = stage_label(worker.stage)
    if len(page.object_list):  # names (and NIKs for most roles): a view of personal data
        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL,
                     object_type="registry.worker", object_repr=_("worker search"),
                     detail={"filters": sorted(filters), "shown": len(page.object_list)},
                     request=request)
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "registry/workers.html", {"form": form, "page": page,
                                                     "query": query.urlencode()})


@require_safe
def workers_export(request):
    """The filtered list as XLSX, every row with its stage: an export of personal data."""
    form, filters, found, _count = _search(request)
    return workers_export_response(request, found, filters=sorted(filters))


def workers_export_response(request, found, *, filters: list[str], via: str = "web"):
    content, rows = exports.workers_workbook(request.user, found)
    record_audit(actor=request.user, action=AuditAction.EXPORT_PERSONAL,
                 object_type="registry.worker", object_repr=_("worker list"),
                 detail={"filters": filters, "rows": rows, "via": via}, request=request)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="pekerja.xlsx"'
    return response


@require_safe
def worker_detail(request, worker_id: int):
    worker = selectors.get_worker_for_user(request.user, worker_id)
    record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL, obj=worker,
                 object_repr=f"#{worker.pk}", request=request)
    return render(request, "registry/worker_detail.html", _worker_context(request, worker))


def _worker_context(request, worker, correction_form=None) -> dict:
    user = request.user
    stage = stages_for([worker.pk])[worker.pk]
    history = selectors.worker_history(user, worker)
    for entry in history.submissions:
        if entry.row is not None:
            entry.explained = shown_text(user, selectors.explain_row(
                entry.row.verdict, entry.row.warnings, entry.row.message, entry.row.reasons))
    changes = list(worker.changes.all()[:50])
    for change in changes:  # a birth date before and after: the year only for leaders
        change.old_shown = shown_change(user, change.field, change.old_value)
        change.new_shown = shown_change(user, change.field, change.new_value)
    may_correct = services.can_correct_worker(user, worker)
    if may_correct and correction_form is None:
        correction_form = WorkerCorrectionForm(worker=worker)
    return {"worker": worker, "listings": selectors.listings_of(user, worker),
            "changes": changes, "stage": stage, "stage_label": stage_label(stage),
            "history": history, "correction_form": correction_form if may_correct else None}


@require_POST
def worker_correct(request, worker_id: int):
    """Province staff correct the worker's fields; each change is kept (WorkerChange) and
    audited with its old and new value."""
    worker = selectors.get_worker_for_user(request.user, worker_id)
    if not services.can_correct_worker(request.user, worker):
        raise Http404
    form = WorkerCorrectionForm(request.POST, worker=worker)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            changed = services.correct_worker(user=request.user, worker=worker, values=values,
                                              reason=form.cleaned_data["reason"],
                                              request=request)
        except services.WorkerCorrectionError as refused:
            form.add_error(None, str(refused))
        except PermissionDenied:
            raise Http404 from None
        else:
            if changed:
                messages.success(request, _("Corrected: %(fields)s.") % {
                    "fields": ", ".join(changed)})
            else:
                messages.info(request, _("Nothing changed: every field already had that value."))
            return redirect("registry:worker", worker.pk)
    worker.refresh_from_db()
    record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL, obj=worker,
                 object_repr=f"#{worker.pk}", request=request)
    response = render(request, "registry/worker_detail.html",
                      _worker_context(request, worker, correction_form=form))
    response.status_code = 422
    return response


@require_safe
def submissions(request):
    page = Paginator(selectors.submissions_for(request.user), 30).get_page(request.GET.get("halaman"))
    uploads_in = {r.code for r in rights.regencies_where(request.user, Action.UPLOAD_WORKERS)}
    return render(request, "registry/submissions.html", {
        "page": page, "can_upload": bool(uploads_in), "uploads_in": uploads_in})


def upload(request):
    regencies = rights.regencies_where(request.user, rights.Action.UPLOAD_WORKERS)
    if not regencies:
        raise Http404
    rights.require_posted_regency(request, rights.Action.UPLOAD_WORKERS)
    form = UploadForm(request.POST or None, request.FILES or None, regencies=regencies)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            submission = services.create_submission(
                user=request.user, regency_code=form.cleaned_data["regency"],
                ecosystem_code=form.cleaned_data["ecosystem"].code,
                file_name=upload_file.name, data=upload_file.read())
        except services.IntakeError as error:
            form.add_error("file", str(error))
        else:
            if submission.status == SubmissionStatus.DUPLICATE:
                return redirect("registry:submission", submission.pk)
            return redirect("registry:mapping", submission.pk)
    return render(request, "registry/upload.html", {"form": form})


def mapping(request, submission_id: int):
    submission = selectors.get_submission_for_user(request.user, submission_id)
    if submission.status != SubmissionStatus.MAPPING:
        return redirect("registry:submission", submission.pk)
    form = MappingForm(request.POST or None, columns=submission.columns,
                       mapping=submission.mapping)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_mapping(submission=submission, user=request.user,
                                     mapping=form.cleaned_data)
        except services.IntakeError as error:
            form.add_error(None, str(error))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.info(request, _("The file is being processed; this page shows its progress."))
            return redirect("registry:submission", submission.pk)
    preview = selectors.preview_for(request.user, submission)
    if preview:  # the file's first rows: names, NIKs and birth dates as written
        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL, obj=submission,
                     region_code=submission.regency_id,
                     detail={"shown": len(preview), "page": "mapping"}, request=request)
    return render(request, "registry/mapping.html", {
        "submission": submission, "form": form,
        "columns": list(submission.columns.values()), "preview": preview,
        "field_labels": FIELD_LABELS,
    })


@require_safe
def submission_detail(request, submission_id: int):
    submission = selectors.get_submission_for_user(request.user, submission_id)
    problem_rows = list(selectors.submission_rows(submission, verdict="rejected")[:200])
    for row in problem_rows:
        row.explained = selectors.explain_row(row.verdict, row.warnings, row.message,
                                              row.reasons)
    chart = None
    if submission.status == SubmissionStatus.DONE and submission.rows:
        chart = charts.verdict_bar(title=_("Verdicts"), counts=[
            (_("Accepted"), submission.accepted - submission.warned, "#2f9e6e"),
            (_("Accepted with warnings"), submission.warned, "#e0a800"),
            (_("Rejected"), submission.rejected, "#d64545"),
        ])
    return render(request, "registry/submission.html", {
        "submission": submission, "problem_rows": problem_rows, "chart": chart,
        "reasons": _described(submission.reasons), "warnings": _described(submission.warnings),
        "can_upload": rights.may(request.user, Action.UPLOAD_WORKERS, submission.regency_id),
    })


@require_POST
def submission_retry(request, submission_id: int):
    """Run a failed submission again from its kept file (a failed run stored nothing)."""
    submission = selectors.get_submission_for_user(request.user, submission_id)
    try:
        services.retry_submission(submission=submission, user=request.user)
    except services.IntakeError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The check runs again; this page follows its progress."))
    return redirect("registry:submission", submission.pk)


@require_POST
def submission_cancel(request, submission_id: int):
    """Cancel an upload waiting for its column mapping (nothing of it was stored)."""
    submission = selectors.get_submission_for_user(request.user, submission_id)
    try:
        services.cancel_submission(submission=submission, user=request.user)
    except services.IntakeError as refused:
        messages.error(request, str(refused))
        return redirect("registry:submission", submission.pk)
    messages.success(request, _("The upload is cancelled; nothing of it was stored. The same "
                                "file may be uploaded again."))
    return redirect("registry:submissions")


@require_safe
def submission_progress(request, submission_id: int):
    submission = selectors.get_submission_for_user(request.user, submission_id)
    if not submission.is_finished:  # a worker that died shows as a failure, not forever
        recover_abandoned_jobs(throttle=5)
        submission.refresh_from_db()
    response = render(request, "registry/_progress.html", {"submission": submission})
    if submission.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_safe
def error_workbook_download(request, submission_id: int):
    submission = selectors.get_submission_for_user(request.user, submission_id)
    if submission.status != SubmissionStatus.DONE:
        raise Http404
    return error_workbook_response(request, submission,
                                   only_problems=request.GET.get("baris") == "bermasalah")


def error_workbook_response(request, submission, *, only_problems: bool, via: str = "web"):
    """The checked file as an XLSX download, recorded as an export of personal data
    (it holds NIKs and names). Serves the page and the API alike. The file holds whole
    NIKs as they were sent, so roles that see masked NIKs (leaders) do not get it."""
    if not can_see_full_nik(request.user):
        raise Http404
    content = selectors.error_workbook(submission, only_problems=only_problems)
    record_audit(actor=request.user, action=AuditAction.EXPORT_PERSONAL, obj=submission,
                 region_code=submission.regency_id, request=request,
                 detail={"only_problems": only_problems, "via": via})
    name = f"hasil-pemeriksaan-kiriman-{submission.pk}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def conflicts(request):
    """The province's queue of NIK conflicts between regencies."""
    if not selectors.can_resolve_nik_conflicts(request.user):
        raise Http404
    form = ConflictFilterForm(request.GET or None, regencies=regencies_in_scope(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.conflicts_for(request.user, status=filters.get("status") or "open",
                                    regency=filters.get("regency") or "")
    page = Paginator(found, 50).get_page(request.GET.get("halaman"))
    if len(page.object_list):  # names as sent and as registered: personal data
        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL,
                     object_type="registry.nikconflict", object_repr=_("NIK conflicts"),
                     detail={"shown": len(page.object_list)}, request=request)
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "registry/conflicts.html", {"form": form, "page": page,
                                                       "query": query.urlencode()})


@require_safe
def conflict_detail(request, conflict_id: int):
    conflict = selectors.get_conflict_for_user(request.user, conflict_id)
    record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL, obj=conflict,
                 region_code=conflict.regency_id, request=request)
    return render(request, "registry/conflict_detail.html", {
        "conflict": conflict, "worker": conflict.worker,
        "listings": conflict.worker.listings.all(),
        "form": ConflictDecisionForm() if conflict.status == "open" else None,
    })


@require_POST
def conflict_decide(request, conflict_id: int):
    conflict = selectors.get_conflict_for_user(request.user, conflict_id)
    form = ConflictDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the decisions."))
        return redirect("registry:conflict", conflict.pk)
    try:
        services.decide_conflict(user=request.user, conflict=conflict,
                                 decision=form.cleaned_data["decision"],
                                 note=form.cleaned_data["note"])
    except services.ConflictDecisionError as refused:
        messages.error(request, str(refused))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect("registry:conflict", conflict.pk)


def _described(counts: dict[str, int]) -> list[tuple[str, str, int, str]]:
    return reason_rows(counts)


@require_safe
def ecosystems(request):
    """Master data: the ecosystems, named in Indonesian and in English."""
    if not rights.may(request.user, Action.MANAGE_MASTER_DATA):
        raise PermissionDenied
    return render(request, "registry/ecosystems.html",
                  {"ecosystems": Ecosystem.objects.order_by("sort_order", "code")})


@require_http_methods(["GET", "HEAD", "POST"])
def ecosystem_edit(request, code: str):
    """Master data: rename an ecosystem or change its description and place in lists."""
    if not rights.may(request.user, Action.MANAGE_MASTER_DATA):
        raise PermissionDenied
    ecosystem = get_object_or_404(Ecosystem, pk=code)
    form = EcosystemForm(request.POST or None, instance=Ecosystem.objects.get(pk=code))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_ecosystem(
                user=request.user, ecosystem=ecosystem, request=request,
                **{name: form.cleaned_data[name] for name in services.ECOSYSTEM_FIELDS})
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Ecosystem saved: %(ecosystem)s.")
                             % {"ecosystem": saved})
            return redirect("registry:ecosystems")
    return render(request, "core/master_form.html", {
        "form": form, "title": _("Change an ecosystem"),
        "back_url": reverse("registry:ecosystems"), "back_title": _("Ecosystems"),
        "intro": _("Its code (%(code)s) stays: worker lists, proposals and decrees name it. "
                   "The English name is shown to readers who chose English.")
        % {"code": ecosystem.code}})
