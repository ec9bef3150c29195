
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ucj.accounts.models import AuditAction
from ucj.accounts.selectors import can_manage_master_data, get_region_for_user
from ucj.accounts.services import record_audit
from ucj.core.views import delete_page
from ucj.regions import charts, selectors
from ucj.regions.forms import DenominatorFilterForm, DenominatorForm, DenominatorImportForm
from ucj.regions.models import Denominator, Level
from ucj.regions.services import (
    DENOMINATOR_COLUMNS,
    DenominatorImportError,
    delete_denominator,
    import_denominators,
    save_denominator,
)


@require_safe
def overview(request):
    return redirect("regions:detail", code=settings.UCJ_PROVINCE_CODE)


@require_safe
def detail(request, code: str):
    region = get_region_for_user(request.user, code)
    children = selectors.child_regions(request.user, region)
    map_spec = None
    if selectors.has_map(region):
        by_population = region.level == Level.PROVINSI
        map_spec = charts.choropleth(
            data_url=reverse("regions:map", kwargs={"code": region.code}),
            value_field="penduduk" if by_population else "jumlah_wilayah",
            value_title=_("Population") if by_population else _("Villages"),
            name_title=_("Region"), code_title=_("Code"),
        )
    return render(request, "regions/detail.html", {
        "region": region,
        "ancestors": selectors.ancestors(region),
        "children": children,
        "retired_children": selectors.retired_children(request.user, region),
        "name_history": selectors.name_history(region),
        "denominators": selectors.denominators_for(request.user, region),
        "map_spec": map_spec,
        "child_base_url": reverse("regions:overview"),
    })


@require_safe
def map_features(request, code: str):
    region = get_region_for_user(request.user, code)
    return JsonResponse(selectors.map_features(request.user, region))


def import_denominators_page(request):
    if not can_manage_master_data(request.user):
        raise Http404
    form = DenominatorImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_denominators(data=form.cleaned_data["file"].read(),
                                             user=request.user)
        except DenominatorImportError as failed:
            errors = failed.result.errors
        else:
            record_audit(actor=request.user, action=AuditAction.IMPORT,
                         object_type="regions.denominator", request=request,
                         object_repr=form.cleaned_data["file"].name,
                         detail={"rows": result.rows, "created": result.created,
                                 "updated": result.updated})
            messages.success(request, _("%(rows)d rows imported: %(created)d new, %(updated)d updated.")
                             % {"rows": result.rows, "created": result.created, "updated": result.updated})
            return redirect("regions:overview")
    return render(request, "regions/import_denominators.html", {
        "form": form, "errors": errors, "columns": DENOMINATOR_COLUMNS,
    })


DENOMINATORS_PER_PAGE = 50


@require_safe
def denominators(request):
    """Master data: the denominators of the province and its regencies, to filter and
    change one by one (a file of many goes through the import)."""
    if not can_manage_master_data(request.user):
        raise PermissionDenied
    form = DenominatorFilterForm(request.GET or None)
    rows = Denominator.objects.select_related("region").order_by("region__code", "-year",
                                                                 "kind", "source")
    if form.is_valid():
        data = form.cleaned_data
        if data["region"]:
            rows = rows.filter(region=data["region"])
        if data["year"]:
            rows = rows.filter(year=data["year"])
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
    query = request.GET.copy()
    query.pop("halaman", None)
    page = Paginator(rows, DENOMINATORS_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "regions/denominators.html",
                  {"form": form, "page": page, "query": query.urlencode()})


@require_http_methods(["GET", "HEAD", "POST"])
def denominator_edit(request, pk: int | None = None):
    """Master data: add a denominator, or change one."""
    if not can_manage_master_data(request.user):
        raise PermissionDenied
    denominator = None if pk is None else get_object_or_404(Denominator, pk=pk)
    form = DenominatorForm(request.POST or None, instance=denominator)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_denominator(user=request.user, denominator=denominator,
                                     request=request, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Denominator saved: %(denominator)s.")
                             % {"denominator": saved})
            return redirect("regions:denominators")
    title = _("New denominator") if denominator is None else _("Change a denominator")
    return render(request, "core/master_form.html", {
        "form": form, "title": title, "back_url": reverse("regions:denominators"),
        "back_title": _("Denominators"),
        "delete_url": denominator and reverse("regions:denominator_delete", args=[denominator.pk]),
        "intro": _("A denominator is the number of workers a coverage rate divides by, for "
                   "one region, year and kind, with the source it was read from.")})


@require_http_methods(["GET", "HEAD", "POST"])
def denominator_delete(request, pk: int):
    """Master data: remove a denominator entered by mistake, after a confirmation."""
    if not can_manage_master_data(request.user):
        raise PermissionDenied
    denominator = get_object_or_404(Denominator.objects.select_related("region"), pk=pk)
    return delete_page(
        request, obj=denominator, title=_("Delete a denominator"),
        remove=lambda: delete_denominator(user=request.user, denominator=denominator,
                                          request=request),
        back_url=reverse("regions:denominators"), back_title=_("Denominators"),
        done=_("Denominator deleted: %(denominator)s.") % {"denominator": denominator},
        effect=_("Coverage rates of %(region)s will divide by the denominator that "
                 "applies without this one (the preferred kind of the latest year up to "
                 "each month), or show no rate if none is left. The removal is recorded "
                 "in the audit trail with the figure.") % {"region": denominator.region.name})
