
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ucj.accounts.selectors import (
    can_manage_master_data,
    can_manage_membership,
    get_region_for_user,
)
from ucj.core.responses import download
from ucj.core.views import delete_page
from ucj.coverage import charts, exports, projections, report, selectors, services
from ucj.coverage.forms import CountsUploadForm, TargetForm
from ucj.coverage.models import Target
from ucj.regions.geometry import rewind_for_d3
from ucj.regions.models import Level, Region


@require_safe
def dashboard(request, code: str | None = None):
    region = selectors.get_region(request.user, code or settings.UCJ_PROVINCE_CODE)
    outlook = selectors.outlook(request.user, region.code)
    context = {"region": region, "outlook": outlook,
               "series_chart": charts.outlook_chart(outlook) if outlook.series else None,
               "change_notes": [charts.change_note(c) for c in outlook.changes],
               "can_import": can_manage_membership(request.user)}
    if region.level == Level.PROVINSI:
        context |= {
            "ranking": selectors.ranking(request.user),
            "map_spec": charts.coverage_map(
                data_url=reverse("coverage:map"), value_title=_("Coverage (%)"),
                name_title=_("Regency/city")),
        }
    else:
        ecosystems = selectors.ecosystem_coverage(request.user, region.code)
        context |= {
            "ecosystems": ecosystems,
            "ecosystem_chart": _ecosystem_chart(ecosystems) if ecosystems else None,
            "areas": selectors.registry_areas(request.user, region.code),
            "what_if": _what_if(outlook, ecosystems, request.GET.getlist("ekosistem")),
        }
    return render(request, "coverage/dashboard.html", context)


@require_safe
def area(request, code: str):
    """A kecamatan: its desa, from the registry and the latest reconciliation."""
    region = selectors.get_area(request.user, code)
    return render(request, "coverage/area.html", {
        "region": region, "ancestors": selectors.ancestors(region),
        "areas": selectors.registry_areas(request.user, region.code)})


@require_safe
def what_if(request, code: str):
    region = selectors.get_region(request.user, code)
    if region.level != Level.KABUPATEN_KOTA:
        raise Http404
    outlook = selectors.outlook(request.user, region.code)
    ecosystems = selectors.ecosystem_coverage(request.user, region.code)
    return render(request, "coverage/_what_if.html", {
        "region": region, "outlook": outlook, "ecosystems": ecosystems,
        "what_if": _what_if(outlook, ecosystems, request.GET.getlist("ekosistem"))})


def _ecosystem_chart(ecosystems) -> dict:
    """One bar per ecosystem: registered workers by BPJS status."""
    from ucj.membership.charts import coverage_by_regency
    from ucj.membership.models import CoverageStatus

    data = [{"wilayah": row.ecosystem_name, "status": status, "pekerja": getattr(row, status)}
            for row in ecosystems for status in CoverageStatus.values]
    return coverage_by_regency(data, labels={s.value: str(s.label) for s in CoverageStatus},
                               title=_("Registered workers by ecosystem"))


@require_safe
def areas_xlsx(request, code: str):
    """The kecamatan (of a regency) or desa (of a kecamatan) table as XLSX."""
    region = get_region_for_user(request.user, code)
    if region.level not in (Level.KABUPATEN_KOTA, Level.KECAMATAN):
        raise Http404
    return download(exports.areas_workbook(selectors.registry_areas(request.user, region.code)),
                    f"pekerja-{region.code}.xlsx")


@require_safe
def ecosystems_xlsx(request, code: str):
    region = selectors.get_region(request.user, code)
    if region.level != Level.KABUPATEN_KOTA:
        raise Http404
    return download(exports.ecosystems_workbook(selectors.ecosystem_coverage(request.user, code)),
                    f"ekosistem-{region.code}.xlsx")


def _what_if(outlook, ecosystems, chosen: list[str]):
    if outlook.latest is None or outlook.latest.rate is None or not chosen:
        return None
    start = projections.Observation(month=outlook.latest.month,
                                    numerator=outlook.latest.numerator,
                                    denominator=outlook.latest.denominator.value)
    not_covered = {row.ecosystem: row.lapsed + row.not_enrolled for row in ecosystems}
    known = [code for code in chosen if code in not_covered]
    added = projections.ecosystem_additions(not_covered, known)
    return projections.what_if(start=start, added=added,
                               target_rate=outlook.target.rate if outlook.target else None)


@require_safe
def map_data(request):
    """Kalbar regencies with their latest coverage in percent, as GeoJSON."""
    rates = {i.region_code: i.rate for i in selectors.latest_by_regency(request.user)}
    regencies = Region.objects.filter(parent_id=settings.UCJ_PROVINCE_CODE,
                                      level=Level.KABUPATEN_KOTA, is_current=True,
                                      boundary__isnull=False,
                                      code__in=selectors.scope_codes(request.user))
    features = [{"type": "Feature", "geometry": rewind_for_d3(r.boundary),
                 "properties": {"kode": r.code, "nama": r.name,
                                "cakupan": round(rates[r.code] * 100, 2)
                                if rates.get(r.code) is not None else None}}
                for r in regencies]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_safe
def ranking_xlsx(request):
    return download(exports.ranking_workbook(selectors.ranking(request.user)),
                    "cakupan-kabupaten-kota.xlsx")


@require_safe
def report_pdf(request, code: str):
    """The monthly report of a region as a PDF (?bulan=2026-06; default its latest month)."""
    region = selectors.get_region(request.user, code)
    try:
        month = report.parse_month(request.GET["bulan"]) if request.GET.get("bulan") else None
        built = report.build(request.user, region.code, month)
    except (ValueError, report.ReportError):
        raise Http404 from None
    response = HttpResponse(built.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{built.file_name}"'
    return response


def import_counts(request):
    if not can_manage_membership(request.user):
        raise Http404
    form = CountsUploadForm(request.POST or None, request.FILES or None)
    rejected = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = services.import_counts(data=upload.read(), file_name=upload.name,
                                            user=request.user,
                                            source=form.cleaned_data["source"])
        except services.CoverageError as error:
            form.add_error("file", str(error))
            if error.checked is not None:
                rows = error.checked.rows
                rejected = rows.filter(rows["verdict"] == "rejected").to_dicts()[:200]
        except PermissionDenied as denied:
            # Allowed to import, but not these regencies: say which, and refuse (403).
            form.add_error("file", str(denied))
            return render(request, "coverage/import_counts.html",
                          {"form": form, "rejected": None}, status=403)
        else:
            messages.success(request, _("%(rows)d rows of counts were stored.")
                             % {"rows": record.rows})
            return redirect("coverage:dashboard")
    return render(request, "coverage/import_counts.html", {"form": form, "rejected": rejected})


@require_http_methods(["GET", "HEAD", "POST"])
def targets(request):
    """Master data: the coverage targets of the province and its regencies, and a form
    that sets one (a region and year already set is changed)."""
    if not can_manage_master_data(request.user):
        raise PermissionDenied
    initial = {}
    chosen = Target.objects.filter(region_id=request.GET.get("region", ""),
                                   year=request.GET.get("year", "0")
                                   if request.GET.get("year", "").isdigit() else 0).first()
    if chosen is not None:
        initial = {"region": chosen.region_id, "year": chosen.year,
                   "percent": chosen.rate * 100, "source": chosen.source,
                   "note": chosen.note, "confirmed": chosen.confirmed}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = services.set_target(
                user=request.user, region_code=data["region"].code, year=data["year"],
                rate=data["percent"] / 100, source=data["source"], note=data["note"],
                confirmed=data["confirmed"], request=request)
        except services.CoverageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Target saved: %(target)s.") % {"target": target})
            return redirect("coverage:targets")
    rows = Target.objects.select_related("region").order_by("region__code", "-year")
    return render(request, "coverage/targets.html", {"form": form, "targets": rows,
                                                     "chosen": chosen})


@require_http_methods(["GET", "HEAD", "POST"])
def target_delete(request, pk: int):
    """Master data: remove a target, after a confirmation."""
    if not can_manage_master_data(request.user):
        raise PermissionDenied
    target = get_object_or_404(Target.objects.select_related("region"), pk=pk)
    return delete_page(
        request, obj=target, title=_("Delete a target"),
        remove=lambda: services.delete_target(user=request.user, target=target, request=request),
        back_url=reverse("coverage:targets"), back_title=_("Coverage targets"),
        done=_("Target deleted: %(target)s.") % {"target": target},
        effect=_("A regency without a target of its own for that year is measured against "
                 "the province's target; without one, pages show no target for the year. "
                 "The removal is recorded in the audit trail with the figure."))
