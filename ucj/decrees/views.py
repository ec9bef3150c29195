
import base64
from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ucj.accounts import rights
from ucj.accounts.models import AuditAction
from ucj.accounts.selectors import regencies_in_scope
from ucj.accounts.services import record_audit
from ucj.budget.selectors import get_budget_for_user
from ucj.core.bounds import id_list
from ucj.core.confirm import ConfirmForm
from ucj.core.responses import requested_date
from ucj.decrees import documents, images, legal_form, registration, selectors, services
from ucj.decrees.forms import (
    CandidateFilterForm,
    ClauseForm,
    CorrectionForm,
    DecreeForm,
    ImageForm,
    ProposalForm,
    RemovalForm,
    SentConfirmForm,
    SentForm,
)
from ucj.decrees.models import (
    ClausePart,
    DecreeClause,
    DecreeStatus,
    Issuer,
    ProposalStatus,
    RowStatus,
)
from ucj.decrees.selectors import Stage


def _forbidden_as_404(func):
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except PermissionDenied:
            raise Http404 from None
    wrapper.__name__ = func.__name__
    return wrapper


def _ids(request, name: str) -> list[int]:
    return id_list(request.POST.getlist(name), most=services.MAX_IDS)


def _personal(request, obj_type: str, repr_: str, shown: int, **detail) -> None:
    if shown:
        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL, object_type=obj_type,
                     object_repr=repr_, detail={"shown": shown, **detail}, request=request)


# --- overview ------------------------------------------------------------------------------


@require_safe
def overview(request):
    user = request.user
    budgets = list(selectors.open_budgets(user))
    return render(request, "decrees/overview.html", {
        "budgets": [(b, selectors.allocation_use(user, b)) for b in budgets],
        "proposals": selectors.proposals_for(user)[:100],
        "decrees": selectors.decrees_for(user)[:100],
        "can_propose": selectors.can_propose(user) and budgets,
        "can_manage": selectors.can_manage_decrees(user),
    })


# --- proposals -----------------------------------------------------------------------------


def proposal_create(request):
    user = request.user
    if not selectors.can_propose(user):
        raise Http404
    regencies = rights.regencies_where(user, rights.Action.PROPOSE)
    rights.require_posted_regency(request, rights.Action.PROPOSE)
    from ucj.registry.models import Ecosystem

    form = ProposalForm(request.POST or None, budgets=selectors.open_budgets(user),
                        regencies=regencies, ecosystems=Ecosystem.objects.all(),
                        initial={"budget": request.GET.get("anggaran")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.create_proposal(
                user=user, budget=get_budget_for_user(user, data["budget"]),
                regency=data["regency"], ecosystem=data["ecosystem"], note=data["note"],
                request=request)
        except services.DecreeError as error:
            form.add_error(None, str(error))
        except PermissionDenied:
            raise Http404 from None
        else:
            return redirect("decrees:proposal", proposal.pk)
    return render(request, "decrees/proposal_form.html", {"form": form})


@require_safe
def proposal_detail(request, proposal_id: int):
    user = request.user
    proposal = selectors.get_proposal(user, proposal_id)
    status = request.GET.get("status", "")
    rows = selectors.proposal_rows(proposal, status=status if status in RowStatus.values else "")
    page = Paginator(rows, 100).get_page(request.GET.get("halaman"))
    for row in page.object_list:
        row.proposal = proposal
        row.stage = selectors.row_stage(row)
    owner = (selectors.can_propose(user, proposal.regency_id)
             and proposal.regency_id in selectors.scope_codes(user))
    candidates_page, filter_form, candidate_counts = None, None, None
    if owner and proposal.status == ProposalStatus.DRAFT:
        filter_form = CandidateFilterForm(request.GET or None,
                                          submissions=selectors.submissions_for_proposal(proposal))
        filters = _filters(filter_form)
        found = selectors.candidates(proposal, **filters)
        candidates_page = Paginator(found, 50).get_page(request.GET.get("calon"))
        if candidates_page.paginator.count == 0:
            candidate_counts = selectors.candidate_counts(proposal, **filters)
        candidate_warnings = selectors.intake_warnings(proposal.regency_id,
                                                       list(candidates_page.object_list))
    row_warnings = selectors.intake_warnings(proposal.regency_id,
                                             [row.worker for row in page.object_list])
    for row in page.object_list:
        row.warnings = row_warnings.get(row.worker_id, [])
        row.correctable = (row.decree_id is None
                           and row.status in (RowStatus.PENDING, RowStatus.ACCEPTED))
    if candidates_page is not None:
        for worker in candidates_page.object_list:
            worker.warnings = candidate_warnings.get(worker.pk, [])
    shown = len(page.object_list) + (len(candidates_page.object_list) if candidates_page else 0)
    _personal(request, "decrees.proposal", f"#{proposal.pk}", shown, proposal=proposal.pk)
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "decrees/proposal.html", {
        "proposal": proposal, "page": page, "query": query.urlencode(), "status": status,
        "statuses": RowStatus.choices, "owner": owner, "filter_form": filter_form,
        "candidates": candidates_page,
        "allocation": next((a for a in selectors.allocation_use(user, proposal.budget)
                            if a.regency == proposal.regency_id), None),
        "can_verify": (selectors.can_verify(user) and proposal.status == ProposalStatus.SUBMITTED
                       and user.pk not in (proposal.submitted_by_id, proposal.created_by_id)),
        "maker": user.pk in (proposal.submitted_by_id, proposal.created_by_id),
        "run": selectors.latest_bpjs_status(),
        "candidate_counts": candidate_counts,
        "can_correct": (selectors.can_verify(user) and proposal.status != ProposalStatus.DRAFT),
        "correctable_fields": CorrectionForm.FIELDS,
        "NOT_RECONCILED": selectors.NOT_RECONCILED,
        "desas": (selectors.regency_desas(proposal.regency_id)
                  if selectors.can_verify(user) and proposal.status != ProposalStatus.DRAFT
                  else []),
    })


def _filters(form: CandidateFilterForm) -> dict:
    if not form.is_bound:
        return {"only_not_active": True}
    if not form.is_valid():
        return {"only_not_active": True}
    data = form.cleaned_data
    return {"nik": data["nik"], "name": data["name"], "desa": data["desa"],
            "submission": data["submission"], "only_not_active": data["only_not_active"]}


def _run(request, proposal_id: int, action, success: str):
    proposal = selectors.get_proposal(request.user, proposal_id)
    try:
        result = action(proposal)
    except services.DecreeError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, success % {"count": result} if "%(count)" in success
                         else success)
    return redirect("decrees:proposal", proposal.pk)


@require_POST
def proposal_add(request, proposal_id: int):
    proposal = selectors.get_proposal(request.user, proposal_id)
    if request.POST.get("all"):
        form = CandidateFilterForm(request.POST,
                                   submissions=selectors.submissions_for_proposal(proposal))
        filters = _filters(form)
        return _run(request, proposal_id, lambda p: services.add_workers(
            user=request.user, proposal=p, request=request, **filters),
            _("%(count)s workers added."))
    ids = _ids(request, "worker")
    return _run(request, proposal_id, lambda p: services.add_workers(
        user=request.user, proposal=p, worker_ids=ids, request=request),
        _("%(count)s workers added."))


@require_POST
def proposal_remove(request, proposal_id: int):
    ids = _ids(request, "row")
    return _run(request, proposal_id, lambda p: services.remove_rows(
        user=request.user, proposal=p, row_ids=ids, request=request),
        _("%(count)s workers taken out."))


# A review page (GET, read-only) states what an irreversible step does; the step is
# taken only by a POST with the box "I understand this cannot be undone" ticked.
review_or_confirm = require_http_methods(["GET", "HEAD", "POST"])


def _review(request, *, heading: str, subject: str, review, effects: list[str], form,
            action: str, back: str, button: str):
    return render(request, "core/review.html", {
        "heading": heading, "subject": subject, "review": review, "effects": effects,
        "form": form, "action": action, "back": back, "button": button})


def _confirmed(request, form) -> bool:
    return request.method == "POST" and form.is_valid()


@review_or_confirm
def proposal_submit(request, proposal_id: int):
    user = request.user
    proposal = selectors.get_proposal(user, proposal_id)
    if not (selectors.can_propose(user, proposal.regency_id)
            and proposal.regency_id in selectors.scope_codes(user)):
        raise Http404
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if _confirmed(request, form):
        return _run(request, proposal_id, lambda p: services.submit_proposal(
            user=user, proposal=p, request=request),
            _("The proposal is submitted to the province for verification."))
    review = selectors.submit_review(proposal)
    try:
        services.check_submittable(proposal)
    except services.DecreeError as error:
        review = replace(review, refusal=str(error))
    return _review(
        request, heading=_("Submit the proposal to the province"),
        subject=_("Proposal #%(id)s: %(regency)s, %(ecosystem)s") % {
            "id": proposal.pk, "regency": proposal.regency.name,
            "ecosystem": proposal.ecosystem.label},
        review=review, form=form, button=_("Submit to the province"),
        effects=[_("These workers go to the province for verification against the "
                   "allocation of %(regency)s in “%(budget)s”.")
                 % {"regency": proposal.regency.name, "budget": proposal.budget},
                 _("After submitting, workers can no longer be added to or taken out of this "
                   "proposal; returned workers can be corrected and sent again.")],
        action=reverse("decrees:proposal_submit", args=[proposal.pk]),
        back=reverse("decrees:proposal", args=[proposal.pk]))


@require_POST
def proposal_resubmit(request, proposal_id: int):
    return _run(request, proposal_id, lambda p: services.resubmit_returned(
        user=request.user, proposal=p, request=request),
        _("%(count)s returned workers are sent back for verification."))


@require_POST
def proposal_decide(request, proposal_id: int):
    accept = request.POST.get("decision") == "accept"
    ids = None if request.POST.get("scope") == "all" else _ids(request, "row")
    if ids == []:
        messages.error(request, _("Tick the workers to decide on, or choose all waiting."))
        return redirect("decrees:proposal", proposal_id)
    return _run(request, proposal_id, lambda p: services.decide(
        user=request.user, proposal=p, accept=accept, row_ids=ids,
        reason=request.POST.get("reason", ""), request=request),
        _("%(count)s workers accepted.") if accept else _("%(count)s workers returned."))


@require_POST
def proposal_correct(request, proposal_id: int, row_id: int):
    """The verifier corrects a proposed worker's record (province staff only)."""
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        selectors.get_proposal(request.user, proposal_id)
        messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                         for e in errors))
        return redirect("decrees:proposal", proposal_id)
    changes = {f: form.cleaned_data[f] for f in CorrectionForm.FIELDS}
    reason = form.cleaned_data["reason"]
    return _run(request, proposal_id, lambda p: services.correct_row(
        user=request.user, proposal=p, row_id=row_id, changes=changes, reason=reason,
        request=request),
        _("%(count)s fields of the worker corrected; the decree will carry the new values."))


# --- decrees -------------------------------------------------------------------------------


def decree_create(request, budget_id: int):
    user = request.user
    if not selectors.can_manage_decrees(user):
        raise Http404
    budget = get_budget_for_user(user, budget_id)
    form = DecreeForm(request.POST or None, initial={
        "start_month": budget.start_month, "months": budget.months,
        "title": services._default_title(budget), "place": "Pontianak",
        "signatory_title": "GUBERNUR KALIMANTAN BARAT"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        title = data.pop("title")
        try:
            decree = services.create_decree(user=user, budget=budget, title=title,
                                            request=request, **data)
        except services.DecreeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft decree is saved."))
            return redirect("decrees:decree", decree.pk)
    return render(request, "decrees/decree_form.html", {"form": form, "budget": budget,
                                                        "decree": None})


@_forbidden_as_404
def decree_edit(request, decree_id: int):
    user = request.user
    decree = selectors.get_decree(user, decree_id)
    if not selectors.can_manage_decrees(user) or not decree.is_draft:
        raise Http404
    form = DecreeForm(request.POST or None, instance=decree)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_decree(user=user, decree=decree, request=request,
                                   **{f: form.cleaned_data[f] for f in services.DECREE_FIELDS})
        except services.DecreeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft decree is saved."))
            return redirect("decrees:decree", decree.pk)
    return render(request, "decrees/decree_form.html", {"form": form, "budget": decree.budget,
                                                        "decree": decree})


@require_safe
def decree_detail(request, decree_id: int):
    user = request.user
    decree = selectors.get_decree(user, decree_id)
    on = requested_date(request, selectors.today())
    stage = request.GET.get("status", "")
    context = {"decree": decree, "on": on, "stage": stage,
               "can_manage": selectors.can_manage_decrees(user),
               "can_csv": selectors.can_download_registration(user) and not decree.is_draft,
               "sent_form": SentForm(initial={"sent_on": selectors.today()}),
               "removal_form": RemovalForm(), "removed": selectors.removed_by(decree),
               "text": _decree_text(decree),
               "emblem_missing": selectors.emblem_missing(decree)}
    if decree.is_draft:
        frame = selectors.document_frame(decree, selectors.excerpt_codes(user, decree))
        context["planned"] = frame.height
        context["planned_total"] = int(frame["premium"].sum() or 0)
        context["planned_rows"] = frame.head(200).to_dicts()
        shown = min(frame.height, 200)
        if decree.amends_id:
            context["amended_rows"] = selectors.beneficiaries(user, decree.amends)[:500]
            shown += len(context["amended_rows"])
    else:
        rows = selectors.beneficiaries(user, decree, stage=stage, on=on)
        page = Paginator(rows, 100).get_page(request.GET.get("halaman"))
        context["page"] = page
        context["progress"] = selectors.progress(user, decree, on=on)
        context["overdue"] = selectors.overdue_applies(decree, on)
        query = request.GET.copy()
        query.pop("halaman", None)
        context["query"] = query.urlencode()
        shown = len(page.object_list)
    _personal(request, "decrees.decree", str(decree), shown, decree=decree.pk)
    return render(request, "decrees/decree.html", context)


def _decree_text(decree):
    try:
        return selectors.decree_text(decree)
    except legal_form.FormError:
        return None


def _decree_action(request, decree_id: int, action, success: str):
    decree = selectors.get_decree(request.user, decree_id)
    try:
        result = action(decree)
    except services.DecreeError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, success)
        if result is not None and getattr(result, "pk", None) and result.pk != decree.pk:
            return redirect("decrees:decree", result.pk)
    return redirect("decrees:decree", decree.pk)


def _managed_decree(request, decree_id: int):
    decree = selectors.get_decree(request.user, decree_id)
    if not selectors.can_manage_decrees(request.user):
        raise Http404
    return decree


def _decree_review(request, decree, *, name: str, heading: str, review, effects, form,
                   button: str):
    return _review(request, heading=heading, subject=_("Decree %(decree)s") % {"decree": decree},
                   review=review, effects=effects, form=form, button=button,
                   action=reverse(f"decrees:{name}", args=[decree.pk]),
                   back=reverse("decrees:decree", args=[decree.pk]))


@review_or_confirm
def decree_issue(request, decree_id: int):
    decree = _managed_decree(request, decree_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if _confirmed(request, form):
        return _decree_action(request, decree_id, lambda d: services.issue_decree(
            user=request.user, decree=d, request=request),
            _("The decree is issued; its annex is frozen."))
    review = selectors.issue_review(decree) if decree.is_draft else replace(
        selectors.issued_review(decree), refusal=_("This decree is already issued."))
    effects = [_("The annex is frozen as it stands now: its SHA-256 goes into the audit "
                 "trail, and these workers are paid for in these months by this decree "
                 "(they cannot be in another decree for the same months)."),
               _("The decree can then no longer be edited or deleted; any change needs an "
                 "amending decree.")]
    if decree.amends_id:
        effects.append(_("It replaces decree %(decree)s, which is then no longer in force.")
                       % {"decree": decree.amends})
    if decree.is_draft and selectors.emblem_missing(decree):
        effects.append(_("The national emblem is not installed: the decree is issued with the "
                         "dashed box in its place, and keeps it (upload the emblem first on the "
                         "templates page)."))
    return _decree_review(request, decree, name="decree_issue", review=review, form=form,
                          heading=_("Issue the decree"), effects=effects,
                          button=_("Issue the decree"))


@review_or_confirm
def decree_sent(request, decree_id: int):
    decree = _managed_decree(request, decree_id)
    if request.method == "POST":
        form = SentConfirmForm(request.POST)
    else:
        asked = SentForm(request.GET)
        form = SentConfirmForm(initial={"sent_on": asked.cleaned_data["sent_on"]
                                        if asked.is_valid() else selectors.today()})
    if _confirmed(request, form):
        sent_on = form.cleaned_data["sent_on"]
        return _decree_action(request, decree_id, lambda d: services.mark_sent(
            user=request.user, decree=d, sent_on=sent_on, request=request),
            _("Recorded: sent to BPJS on %(day)s.") % {"day": date_format(sent_on)})
    review = selectors.issued_review(decree)
    if decree.status != DecreeStatus.ISSUED:
        review = replace(review, refusal=_("Only an issued decree not yet sent can be "
                                           "marked as sent."))
    return _decree_review(
        request, decree, name="decree_sent", review=review, form=form,
        heading=_("Record the decree as sent to BPJS"), button=_("Record as sent to BPJS"),
        effects=[_("The decree is recorded as sent to BPJS Ketenagakerjaan on the date "
                   "below; from then on each beneficiary is followed until BPJS registers "
                   "them, and flagged two months after that date."),
                 _("The date cannot be changed afterwards.")])


@review_or_confirm
def decree_amend(request, decree_id: int):
    decree = _managed_decree(request, decree_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if _confirmed(request, form):
        return _decree_action(request, decree_id, lambda d: services.create_amendment(
            user=request.user, decree=d, request=request),
            _("A draft amending decree is made: take beneficiaries out or verify new ones, "
              "then issue it."))
    review = selectors.issued_review(decree)
    if not decree.is_in_force:
        review = replace(review, refusal=_("Only a decree in force can be amended."))
    elif decree.amendments.exclude(status=DecreeStatus.AMENDED).exists():
        review = replace(review, refusal=_(
            "This decree already has an amending decree (draft or issued): continue with "
            "that one."))
    return _decree_review(
        request, decree, name="decree_amend", review=review, form=form,
        heading=_("Make an amending decree"), button=_("Make an amending decree"),
        effects=[_("A draft amending decree (SK perubahan) is made with these beneficiaries; "
                   "workers accepted since join it, and beneficiaries can be taken out."),
                 _("This decree stays in force until the amendment is issued, and can have "
                   "only this one amending decree.")])


@require_POST
def decree_removals(request, decree_id: int):
    ids = _ids(request, "worker")
    restore = request.POST.get("restore") == "1"
    return _decree_action(request, decree_id, lambda d: services.set_removals(
        user=request.user, decree=d, worker_ids=ids, reason=request.POST.get("reason", ""),
        restore=restore, request=request), _("The annex of the draft is changed."))


@require_POST
@_forbidden_as_404
def decree_delete(request, decree_id: int):
    decree = selectors.get_decree(request.user, decree_id)
    try:
        services.delete_draft(user=request.user, decree=decree, request=request)
    except services.DecreeError as error:
        messages.error(request, str(error))
        return redirect("decrees:decree", decree.pk)
    messages.success(request, _("The draft decree is deleted."))
    return redirect("decrees:overview")


def _download(request, document: documents.Document, decree, kind: str) -> HttpResponse:
    services.record_download(user=request.user, decree=decree, kind=kind, rows=document.rows,
                             excerpt=document.excerpt, request=request)
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    return response


@require_safe
def decree_pdf(request, decree_id: int):
    decree = selectors.get_decree(request.user, decree_id)
    return _download(request, documents.pdf(request.user, decree), decree, "pdf")


@require_safe
def decree_xlsx(request, decree_id: int):
    decree = selectors.get_decree(request.user, decree_id)
    return _download(request, documents.workbook(request.user, decree), decree, "xlsx")


@require_safe
def decree_csv(request, decree_id: int):
    decree = selectors.get_decree(request.user, decree_id)
    if not selectors.can_download_registration(request.user) or decree.is_draft:
        raise Http404
    return _download(request, documents.registration_csv(request.user, decree), decree,
                     "bpjs_csv")


@require_safe
def decree_registration_xlsx(request, decree_id: int):
    """The BPJS registration file as a workbook people open (NIKs as text cells)."""
    decree = selectors.get_decree(request.user, decree_id)
    if not selectors.can_download_registration(request.user) or decree.is_draft:
        raise Http404
    return _download(request, registration.registration_xlsx(request.user, decree), decree,
                     "bpjs_xlsx")


@require_safe
def unregistered(request):
    on = requested_date(request, selectors.today())
    regency = request.GET.get("wilayah", "")
    rows = selectors.unregistered(request.user, on=on, regency=regency)
    _personal(request, "decrees.annexrow", _("not registered"), min(len(rows), 500))
    return render(request, "decrees/unregistered.html", {
        "rows": rows[:500], "count": len(rows), "on": on, "regency": regency,
        "regencies": regencies_in_scope(request.user),
        "grace": selectors.REGISTRATION_GRACE_MONTHS, "stage_sent": DecreeStatus.SENT,
        "Stage": Stage})


# --- decree text templates -----------------------------------------------------------------


def _template_manager(request) -> None:
    if not selectors.can_manage_decrees(request.user):
        raise Http404


@require_safe
def decree_texts(request):
    """Each issuer's Menimbang, Mengingat (in the order decrees print them) and letterhead,
    with sources and what is still unconfirmed."""
    _template_manager(request)
    clauses = list(selectors.decree_clauses())
    groups = [(issuer, label, [(part, part_label, [c for c in clauses
                                                    if c.issuer == issuer and c.part == part])
                               for part, part_label in ClausePart.choices])
              for issuer, label in Issuer.choices]
    return render(request, "decrees/texts.html", {
        "groups": groups, "unconfirmed": sum(1 for c in clauses if not c.confirmed)})


def _save_clause(request, clause: DecreeClause | None):
    _template_manager(request)
    form = ClauseForm(request.POST or None, instance=clause,
                      initial=None if clause else {"issuer": request.GET.get("penerbit", ""),
                                                   "part": request.GET.get("bagian", "")})
    if request.method == "POST" and form.is_valid():
        try:
            if clause is not None and form.cleaned_data["remove"]:
                services.delete_clause(user=request.user, clause=clause, request=request)
                messages.success(request, _("The entry is removed from the template; issued "
                                            "decrees keep their text."))
                return redirect("decrees:texts")
            services.save_clause(user=request.user, clause=clause, request=request,
                                 **{f: form.cleaned_data[f] for f in services.CLAUSE_FIELDS})
        except services.DecreeError as error:
            form.add_error(None, str(error))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The template is saved: draft decrees show it at once; "
                                        "issued decrees keep the text they were issued with."))
            return redirect("decrees:texts")
    return render(request, "decrees/text_form.html", {"form": form, "clause": clause})


@require_http_methods(["GET", "HEAD", "POST"])
def decree_text_create(request):
    return _save_clause(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
def decree_text_edit(request, clause_id: int):
    _template_manager(request)
    clause = DecreeClause.objects.filter(pk=clause_id).first()
    if clause is None:
        raise Http404
    return _save_clause(request, clause)


@require_http_methods(["GET", "HEAD", "POST"])
def decree_images(request):
    """The national emblem and the office logo that decree headings print: upload (the
    upload becomes the current one), the current ones shown, earlier ones listed."""
    _template_manager(request)
    form = ImageForm(request.POST or None, request.FILES or None,
                     initial={"kind": request.GET.get("jenis", "")})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.upload_image(user=request.user, kind=form.cleaned_data["kind"],
                                  data=upload.read(images.MAX_BYTES + 1),
                                  file_name=upload.name, request=request)
        except services.DecreeError as error:
            form.add_error("file", str(error))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The picture is installed: draft decrees print it at "
                                        "once; issued decrees keep the picture they were issued "
                                        "with."))
            return redirect("decrees:images")
    groups = []
    for kind, label, uploads in selectors.document_images():
        preview = None
        if uploads:
            try:
                preview = _data_uri(uploads[0])
            except (OSError, documents.ImageChanged):
                preview = None
        groups.append((kind, label, uploads, preview))
    return render(request, "decrees/images.html", {"form": form, "groups": groups,
                                                   "max_mb": images.MAX_BYTES // 2**20})


def _data_uri(image) -> str:
    """The picture inline in the page (shown by <img>, where an SVG runs no script)."""
    content_type = images.CONTENT_TYPES[image.extension]
    encoded = base64.b64encode(documents.image_bytes(image)).decode()
    return f"data:{content_type};base64,{encoded}"
