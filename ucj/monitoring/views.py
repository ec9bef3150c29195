from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts import rights
from ucj.accounts.selectors import regencies_in_scope
from ucj.core.bounds import YEAR_MAX, YEAR_MIN, int_param, month_param
from ucj.core.responses import download, requested_date
from ucj.monitoring import compliance, exports, report, rules, selectors, services
from ucj.monitoring.forms import (
    CREDIT_LABELS,
    CRITERION_LABELS,
    ActionItemForm,
    AttendeeFormSet,
    BudgetForm,
    ComplianceForm,
    EvidenceForm,
    SocialisationForm,
    StatusForm,
    VisitForm,
    WeightsForm,
)
from ucj.monitoring.models import ActionStatus, Evidence, VisitStatus
from ucj.regions.geometry import rewind_for_d3
from ucj.regions.models import Region

GAP_TEXT = {
    "no_regulation": gettext_lazy("No regulation yet: a Perda scores highest."),
    "regulation_not_perda": gettext_lazy("The regulation is not a Perda yet."),
    "budget_unknown": gettext_lazy("No premium budget recorded for the year."),
    "no_budget": gettext_lazy("The budget of the year allocates nothing for premiums."),
    "non_asn_unknown": gettext_lazy("Non-civil-servant staff and how many are enrolled: not reported."),
    "non_asn_incomplete": gettext_lazy("Not all non-civil-servant staff are enrolled."),
    "bumd_unknown": gettext_lazy("Regional enterprises (BUMD) and how many are registered: not reported."),
    "bumd_incomplete": gettext_lazy("Not all regional enterprises (BUMD) are registered."),
    "village_unknown": gettext_lazy("Village officials and RT/RW covered through village funds: not reported."),
    "village_incomplete": gettext_lazy("Not all village officials and RT/RW are covered through village funds."),
    "no_ptsp": gettext_lazy("Licensing (PTSP) does not yet require active participation."),
}


def _forbidden_as_404(func):
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except PermissionDenied:
            raise Http404 from None
    return wrapper


# --- overview ------------------------------------------------------------------------------


@require_safe
def overview(request):
    on = requested_date(request, selectors.today())
    user = request.user
    overdue = list(selectors.overdue_items(user, on=on)[:100])
    for item in overdue:
        item.overdue = True
    return render(request, "monitoring/overview.html", {
        "on": on, "is_today": on == selectors.today(), "overdue": overdue,
        "upcoming": selectors.visits_for(user, status=VisitStatus.PLANNED)
        .filter(date__gte=selectors.today()).order_by("date")[:10],
        "schedule": selectors.schedule(user, on=on),
        "can_manage_visits": selectors.can_manage_visits(user),
    })


# --- visits --------------------------------------------------------------------------------


@require_safe
def visits(request):
    regency = request.GET.get("wilayah", "")
    status = request.GET.get("status", "")
    found = selectors.visits_for(request.user, regency=regency,
                                 status=status if status in VisitStatus.values else "")
    return render(request, "monitoring/visits.html", {
        "visits": found, "regencies": regencies_in_scope(request.user),
        "statuses": VisitStatus.choices, "chosen_regency": regency, "chosen_status": status,
        "can_manage_visits": selectors.can_manage_visits(request.user)})


@require_safe
def calendar_view(request):
    today = selectors.today()
    year, month = month_param(request.GET, "bulan") or (today.year, today.month)
    return render(request, "monitoring/calendar.html", {
        "weeks": selectors.calendar_month(request.user, year, month),
        "month": date(year, month, 1), "today": today,
        "previous": "{:04d}-{:02d}".format(*rules.shift_month(year, month, -1)),
        "next": "{:04d}-{:02d}".format(*rules.shift_month(year, month, 1))})


def visit_create(request):
    regencies = rights.regencies_where(request.user, rights.Action.MANAGE_VISITS)
    if not regencies:
        raise Http404
    rights.require_posted_regency(request, rights.Action.MANAGE_VISITS)
    form = VisitForm(request.POST or None, regencies=regencies,
                     initial={"regency": request.GET.get("wilayah", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.schedule_visit(
                user=request.user, regency_code=data["regency"], date=data["date"],
                place=data["place"], agenda=data["agenda"], status=data["status"],
                minutes=data["minutes"], findings=data["findings"])
        except services.MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect("monitoring:visit", visit.pk)
    return render(request, "monitoring/visit_form.html", {"form": form, "visit": None})


@require_safe
def visit_detail(request, visit_id: int):
    visit = selectors.get_visit(request.user, visit_id)
    on = requested_date(request, selectors.today())
    items = list(visit.action_items.all())
    for item in items:
        item.overdue = item.is_overdue(on)
    return render(request, "monitoring/visit_detail.html", {
        "visit": visit, "items": items, "on": on,
        "attendees": visit.attendees.all(),
        "socialisations": visit.socialisations.select_related("desa"),
        "item_form": ActionItemForm(),
        "can_manage": selectors.can_manage_visits(request.user, visit.regency_id)})


@_forbidden_as_404
def visit_edit(request, visit_id: int):
    visit = selectors.get_visit(request.user, visit_id)
    if not selectors.can_manage_visits(request.user, visit.regency_id):
        raise Http404
    initial = {f: getattr(visit, f) for f in services.VISIT_FIELDS} | {"regency": visit.regency_id}
    form = VisitForm(request.POST or None, regencies=[visit.regency], fixed_regency=True,
                     initial=initial)
    attendees = AttendeeFormSet(request.POST or None, prefix="hadir", initial=[
        {"office": a.office, "office_name": a.office_name, "name": a.name,
         "position": a.position} for a in visit.attendees.all()])
    if request.method == "POST" and form.is_valid() and attendees.is_valid():
        data = form.cleaned_data
        try:
            services.update_visit(user=request.user, visit=visit,
                                  **{f: data[f] for f in services.VISIT_FIELDS})
            services.set_attendees(user=request.user, visit=visit, attendees=[
                row for row in attendees.cleaned_data if row.get("office")])
        except services.MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The visit is saved."))
            return redirect("monitoring:visit", visit.pk)
    return render(request, "monitoring/visit_form.html", {"form": form, "visit": visit,
                                                          "attendees": attendees})


@require_safe
def minutes_pdf(request, visit_id: int):
    visit = selectors.get_visit(request.user, visit_id)
    response = HttpResponse(report.build(visit), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.file_name(visit)}"'
    return response


@require_POST
@_forbidden_as_404
def item_create(request, visit_id: int):
    visit = selectors.get_visit(request.user, visit_id)
    form = ActionItemForm(request.POST)
    if form.is_valid():
        try:
            item = services.add_action_item(user=request.user, visit=visit, **form.cleaned_data)
        except services.MonitoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The action item is added."))
            return redirect(f"{reverse('monitoring:visit', args=[visit.pk])}#item-{item.pk}")
    else:
        messages.error(request, "; ".join(f"{form.fields[f].label}: {' '.join(e)}"
                                          if f in form.fields else " ".join(e)
                                          for f, e in form.errors.items()))
    return redirect("monitoring:visit", visit.pk)


# --- action items --------------------------------------------------------------------------


@require_safe
def items(request):
    on = requested_date(request, selectors.today())
    regency = request.GET.get("wilayah", "")
    status = request.GET.get("status", "")
    overdue = request.GET.get("terlambat") == "1"
    found = selectors.action_items_for(request.user, regency=regency, on=on, overdue=overdue,
                                       status=status if status in ActionStatus.values else "")
    if request.GET.get("format") == "xlsx":
        return download(exports.action_items_workbook(found, on=on), "tindak-lanjut.xlsx")
    found = list(found[:500])
    for item in found:
        item.overdue = item.is_overdue(on)
    query = request.GET.copy()
    query["format"] = "xlsx"
    return render(request, "monitoring/items.html", {
        "items": found, "on": on, "regencies": regencies_in_scope(request.user),
        "statuses": ActionStatus.choices, "chosen_regency": regency, "chosen_status": status,
        "overdue_only": overdue, "xlsx_query": query.urlencode()})


def item_detail(request, item_id: int):
    item = selectors.get_action_item(request.user, item_id)
    on = requested_date(request, selectors.today())
    can_write = selectors.can_write(request.user, item.visit.regency_id)
    edit_form = status_form = evidence_form = None
    if can_write:
        edit_form = ActionItemForm(initial={f: getattr(item, f) for f in services.ITEM_FIELDS},
                                   prefix="ubah")
        status_form = StatusForm(initial={"status": item.status}, prefix="status")
        evidence_form = EvidenceForm(prefix="bukti")
    if request.method == "POST":
        if not can_write:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "edit":
                edit_form = ActionItemForm(request.POST, prefix="ubah")
                if edit_form.is_valid():
                    services.update_action_item(user=request.user, item=item,
                                                **edit_form.cleaned_data)
                    messages.success(request, _("The action item is saved."))
                    return redirect("monitoring:item", item.pk)
            elif action == "status":
                status_form = StatusForm(request.POST, prefix="status")
                if status_form.is_valid():
                    services.change_status(user=request.user, item=item,
                                           **status_form.cleaned_data)
                    messages.success(request, _("The status is changed."))
                    return redirect("monitoring:item", item.pk)
            elif action == "evidence":
                evidence_form = EvidenceForm(request.POST, request.FILES, prefix="bukti")
                if evidence_form.is_valid():
                    services.add_evidence(user=request.user, item=item,
                                          **evidence_form.cleaned_data)
                    messages.success(request, _("The evidence is added."))
                    return redirect("monitoring:item", item.pk)
        except services.MonitoringError as error:
            messages.error(request, str(error))
        except PermissionDenied:
            raise Http404 from None
    return render(request, "monitoring/item_detail.html", {
        "item": item, "overdue": item.is_overdue(on), "days_overdue": item.days_overdue(on),
        "on": on, "history": item.history.all(), "evidence": item.evidence.all(),
        "can_write": can_write, "edit_form": edit_form, "status_form": status_form,
        "evidence_form": evidence_form})


@require_safe
def evidence_file(request, evidence_id: int):
    try:
        evidence = Evidence.objects.select_related("item__visit").get(pk=evidence_id)
    except Evidence.DoesNotExist:
        raise Http404 from None
    selectors.get_action_item(request.user, evidence.item_id)  # 404 outside the scope
    if not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=evidence.file_name or "bukti")


# --- compliance ----------------------------------------------------------------------------


def _year(request) -> int:
    return int_param(request.GET, "tahun", default=selectors.today().year,
                     low=YEAR_MIN, high=YEAR_MAX)


@require_safe
def compliance_table(request):
    year = _year(request)
    rows = selectors.compliance_table(request.user, year=year)
    if request.GET.get("format") == "xlsx":
        return download(exports.compliance_workbook(rows, year=year), f"inpres-2-2021-{year}.xlsx")
    criteria, credits = selectors.weights()
    return render(request, "monitoring/compliance.html", {
        "rows": rows, "year": year, "criteria": compliance.CRITERIA,
        "criterion_labels": CRITERION_LABELS,
        "weights": [(CRITERION_LABELS[k], criteria[k]) for k in compliance.CRITERIA],
        "credits": [(CREDIT_LABELS[k], credits[k]) for k in compliance.REGULATION_TYPES],
        "can_edit_weights": selectors.can_edit_weights(request.user)})


def compliance_detail(request, code: str):
    year = _year(request)
    row = selectors.compliance_for(request.user, code, year=year)
    can_write = selectors.can_write(request.user, code)
    form = ComplianceForm(instance=row.record) if can_write else None
    budget_form = BudgetForm(initial={"year": year}, prefix="anggaran") if can_write else None
    if request.method == "POST":
        if not can_write:
            raise Http404
        try:
            if request.POST.get("action") == "budget":
                budget_form = BudgetForm(request.POST, prefix="anggaran")
                if budget_form.is_valid():
                    services.set_budget(user=request.user, regency_code=code,
                                        **budget_form.cleaned_data)
                    messages.success(request, _("The budget is saved."))
                    return redirect(f"{reverse('monitoring:compliance_regency', args=[code])}"
                                    f"?tahun={budget_form.cleaned_data['year']}")
            else:
                form = ComplianceForm(request.POST, request.FILES, instance=row.record)
                if form.is_valid():
                    data = dict(form.cleaned_data)
                    document = data.pop("document", None)
                    services.save_compliance(user=request.user, regency_code=code,
                                             document=document, **data)
                    messages.success(request, _("The compliance record is saved."))
                    return redirect("monitoring:compliance_regency", code)
        except services.MonitoringError as error:
            messages.error(request, str(error))
    gaps = [(CRITERION_LABELS[p.criterion], GAP_TEXT[p.gap], p) for p in row.score.gaps]
    return render(request, "monitoring/compliance_detail.html", {
        "row": row, "record": row.record, "year": year, "gaps": gaps,
        "parts": [(CRITERION_LABELS[p.criterion], p) for p in row.score.parts],
        "budgets": row.record.budgets.all() if row.record else [],
        "form": form, "budget_form": budget_form, "can_write": can_write})


@require_safe
def regulation_document(request, code: str):
    row = selectors.compliance_for(request.user, code)
    if row.record is None or not row.record.regulation_document:
        raise Http404
    return FileResponse(row.record.regulation_document.open("rb"), as_attachment=True,
                        filename=f"regulasi-{code}.pdf")


def weights(request):
    if not selectors.can_edit_weights(request.user):
        raise Http404
    criteria, credits = selectors.weights()
    form = WeightsForm(request.POST or None, criteria=criteria, credits=credits)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_weights(user=request.user, values=form.cleaned_data)
        except services.MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The weights are saved; every score uses them now."))
            return redirect("monitoring:compliance")
    return render(request, "monitoring/weights.html", {
        "form": form, "defaults": compliance.DEFAULT_WEIGHTS,
        "default_credits": compliance.DEFAULT_CREDITS})


# --- socialisation -------------------------------------------------------------------------


@require_safe
def socialisation(request):
    return render(request, "monitoring/socialisation.html", {
        "rows": selectors.reach_by_regency(request.user)})


def socialisation_regency(request, code: str):
    regency = selectors.get_regency(request.user, code)
    can_write = selectors.can_write(request.user, code)
    form = None
    if can_write:
        form = SocialisationForm(request.POST or None,
                                 desa_choices=selectors.desa_choices(request.user, code),
                                 visits=selectors.visits_for(request.user, regency=code)[:50],
                                 initial={"desa": request.GET.get("desa", "")})
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            visit_id = data.pop("visit")
            try:
                services.record_socialisation(
                    user=request.user, desa_code=data.pop("desa"),
                    visit=selectors.get_visit(request.user, visit_id) if visit_id else None,
                    **data)
            except services.MonitoringError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The socialisation event is recorded."))
                return redirect("monitoring:socialisation_regency", code)
    unreached = selectors.unreached_desa(request.user, code)
    if request.GET.get("format") == "xlsx":
        return download(exports.unreached_workbook(unreached), f"desa-belum-tersosialisasi-{code}.xlsx")
    kecamatan = selectors.kecamatan_reach(request.user, code)
    from ucj.regions.charts import choropleth

    return render(request, "monitoring/socialisation_regency.html", {
        "regency": regency, "events": selectors.events_for(request.user, regency=code)[:200],
        "unreached": unreached[:100], "unreached_count": len(unreached),
        "kecamatan": kecamatan, "form": form,
        "map_spec": choropleth(
            data_url=reverse("monitoring:socialisation_map", args=[code]),
            value_field="desa_tercapai", value_title=_("Villages reached"),
            name_title=_("Kecamatan"), code_title=_("Code"), height=380),
    })


@require_safe
def socialisation_map(request, code: str):
    """The regency's kecamatan as GeoJSON with the villages socialisation reached."""
    selectors.get_regency(request.user, code)
    reach = {k.code: k for k in selectors.kecamatan_reach(request.user, code)}
    kecamatan = Region.objects.filter(code__in=reach, boundary__isnull=False)
    features = [{"type": "Feature", "geometry": rewind_for_d3(k.boundary),
                 "properties": {"kode": k.code, "nama": k.name,
                                "desa_tercapai": reach[k.code].desa_reached,
                                "jumlah_desa": reach[k.code].desa_total,
                                "kegiatan": reach[k.code].events}}
                for k in kecamatan]
    return JsonResponse({"type": "FeatureCollection", "features": features})
