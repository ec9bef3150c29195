"""The monthly coverage report: one PDF per regency and one for the province, in Indonesian.

The figures are gathered here through the coverage selectors *as of the report's month*
(no figure of a later month is used), formatted the Indonesian way (1.234.567; 23,02 %),
and handed as one JSON document to the typst template ``report/laporan.typ``, which lays
them out. Charts are the dashboard's own Vega-Lite specs (``charts.py``) rendered to SVG by
vl-convert, so the PDF shows the same lines as the page. typst and vl-convert bundle their
engines and typst its fonts (Libertinus Serif, New Computer Modern), so a report builds
offline and looks the same on every machine (system fonts are ignored)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import typst
import vl_convert
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from ucj.accounts.models import User
from ucj.core import charts as core_charts
from ucj.core import formatting
from ucj.coverage import charts, selectors
from ucj.regions.geometry import rewind_for_d3
from ucj.regions.models import Level, Region

TEMPLATE = Path(__file__).parent / "report" / "laporan.typ"
TITLE = "Laporan Bulanan Cakupan Jaminan Sosial Ketenagakerjaan"
CHART_WIDTH = 620  # points of the A4 text width, roughly; the page uses "container"

# d3 locales for the charts' axes (d3 ships none for Indonesian): ucj.core.charts.
NUMBER_LOCALE, TIME_LOCALE = core_charts.NUMBER_LOCALE, core_charts.TIME_LOCALE


class ReportError(Exception):
    """No report can be made (no figures for the region in that month)."""


@dataclass(frozen=True)
class Report:
    region: Region
    month: date
    pdf: bytes

    @property
    def file_name(self) -> str:
        return f"laporan-cakupan-{self.region.code}-{self.month:%Y-%m}.pdf"


# --- formatting ----------------------------------------------------------------------------


def number(value: int | None) -> str:
    """1234567 -> "1.234.567"; None -> "—"."""
    return formatting.number(value)


def percent(rate, digits: int = 2) -> str:
    """0.230240 -> "23,02 %"; None -> "—"."""
    return formatting.percent(rate, digits)


def month_name(month: date) -> str:
    return date_format(month, "F Y")


def day_name(day: date) -> str:
    return date_format(day, "j F Y")


def parse_month(text: str) -> date:
    """ "2026-06" -> date(2026, 6, 1); ValueError otherwise."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except (ValueError, OverflowError):  # OverflowError: a year of 20 digits
        raise ValueError(f"bulan harus berbentuk TTTT-BB (mis. 2026-06), bukan {text!r}") \
            from None


# --- figures as of a month -------------------------------------------------------------------


def months_with_data(user: User, code: str) -> list[date]:
    return [i.month for i in selectors.series(user, code)]


def outlook_as_of(user: User, code: str, month: date) -> selectors.Outlook:
    return selectors.outlook(user, code, until=month)


def ranking_as_of(user: User, month: date) -> list[selectors.Outlook]:
    """The regencies in scope at their latest figure up to ``month``, highest coverage
    first (as the dashboard ranks them)."""
    return [row.outlook for row in selectors.ranking(user, until=month)]


# --- the report ------------------------------------------------------------------------------


def build(user: User, code: str, month: date | None = None) -> Report:
    """The PDF for region ``code`` (the province or a regency in ``user``'s scope) and
    ``month`` (default: its latest month with figures). Http404 for a region out of scope,
    ReportError for a month without figures."""
    region = selectors.get_region(user, code)
    with translation.override("id"):
        data = gather(user, region, month)
    month = date.fromisoformat(data["bulan_iso"])
    return Report(region=region, month=month, pdf=render(data))


def render(data: dict) -> bytes:
    return typst.compile(str(TEMPLATE), sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                         ignore_system_fonts=True)


def gather(user: User, region: Region, month: date | None) -> dict:
    """Everything the template shows, as strings ready to print (Indonesian)."""
    available = months_with_data(user, region.code)
    if month is None and available:
        month = available[-1]
    if month is None or month not in available:
        shown = f" pada {month:%Y-%m}" if month else ""
        raise ReportError(f"tidak ada angka peserta BPJS untuk {region.name}{shown}")
    outlook = outlook_as_of(user, region.code, month)
    province = region.level == Level.PROVINSI
    data = {
        "judul": TITLE,
        "wilayah": region.name,
        "kode": region.code,
        "provinsi": province,
        "bulan": month_name(month),
        "bulan_iso": month.isoformat(),
        "dibuat": day_name(timezone.localdate()),
        "utama": _headline(outlook),
        "target": _target(outlook),
        "target_tahun": _year_target(outlook),
        "bpu": _bpu(outlook),
        "grafik": _series_svg(outlook),
        "perubahan_pembagi": [charts.change_note(c) for c in outlook.changes],
        "peringkat": None, "peta": None, "ekosistem": None, "kecamatan": None,
    }
    if province:
        ranking = ranking_as_of(user, month)
        data["peringkat"] = [_ranking_row(n, o) for n, o in enumerate(ranking, start=1)]
        data["peta"] = _map_svg(user, ranking)
    else:
        data["ekosistem"] = _ecosystems(user, region.code)
        data["kecamatan"] = [[row.code, row.name, number(row.workers), number(row.active)]
                             for row in selectors.registry_areas(user, region.code)]
    return data


def _headline(outlook: selectors.Outlook) -> dict:
    latest = outlook.latest
    denominator = latest.denominator
    return {
        # The month's own numerator; the rate is that of the latest month with a denominator.
        "bulan_angka": month_name(latest.month),
        "cakupan": percent(latest.rate) if latest.rate is not None else None,
        "peserta": number(latest.numerator),
        "sumber_peserta": latest.numerator_source,
        "kabupaten_melapor": latest.regencies_reporting,
        "pembagi": number(denominator.value) if denominator else None,
        "jenis_pembagi": str(denominator.get_kind_display()) if denominator else None,
        "sumber_pembagi": denominator.source if denominator else None,
        "tahun_pembagi": denominator.year if denominator else None,
        "tanggal_pembagi": day_name(denominator.reference_date) if denominator else None,
        "pmi": number(latest.migrants),
    }


def _bpu(outlook: selectors.Outlook) -> dict | None:
    """The BPU indicator beside the overall rate, with its own denominator."""
    bpu = outlook.bpu
    if bpu is None:
        return None
    d = bpu.denominator
    return {
        "bulan": month_name(bpu.month),
        "cakupan": percent(bpu.rate) if bpu.rate is not None else None,
        "peserta": number(bpu.numerator),
        "sumber_peserta": bpu.numerator_source,
        "pembagi": number(d.value) if d else None,
        "jenis_pembagi": str(d.get_kind_display()) if d else None,
        "sumber_pembagi": d.source if d else None,
        "tanggal_pembagi": day_name(d.reference_date) if d else None,
    }


def _year_target(outlook: selectors.Outlook) -> dict | None:
    """The target of the report's year, when it is not the final target itself."""
    t = outlook.year_target
    if t is None or outlook.year_target_is_final:
        return None
    return {"nilai": percent(t.rate), "tahun": t.year, "sumber": t.source,
            "catatan": t.note, "dikonfirmasi": t.confirmed,
            "kurang": number(outlook.year_gap) if outlook.year_gap is not None else None}


def _target(outlook: selectors.Outlook) -> dict | None:
    target = outlook.target
    if target is None:
        return None
    if outlook.gap is None:
        reaching = "—"
    elif outlook.gap == 0:
        reaching = "sudah tercapai"
    elif outlook.year_reaching:
        reaching = str(outlook.year_reaching)
    else:
        reaching = f"tidak sebelum {target.year}"
    return {
        "nilai": percent(target.rate),
        "tahun": target.year,
        "sumber": target.source,
        "catatan": target.note,
        "dikonfirmasi": target.confirmed,
        "tahun_angka": outlook.year,
        "ada_target_tahun": outlook.year_target is not None,
        "kurang": number(outlook.gap) if outlook.gap is not None else None,
        "tercapai_tren": reaching,
        "tren_per_tahun": (percent(outlook.trend.slope_per_year).replace(" %", " poin persen")
                           if outlook.trend else None),
        "jalur": [[str(p.year), percent(p.rate), number(p.persons)] for p in outlook.path],
    }


def _ranking_row(n: int, outlook: selectors.Outlook) -> list[str]:
    latest, target = outlook.latest, outlook.target
    if outlook.year_reaching:
        reaching = str(outlook.year_reaching)
    elif target and latest.rate is not None:
        reaching = f"tidak sebelum {target.year}"
    else:
        reaching = "—"
    denominator = latest.denominator
    year_target = outlook.year_target
    return [str(n), latest.region_name, date_format(latest.month, "m-Y"),
            number(latest.numerator), number(denominator.value if denominator else None),
            denominator.source if denominator else "—", percent(latest.rate),
            percent(outlook.bpu.rate if outlook.bpu else None),
            (f"{percent(year_target.rate)} ({year_target.year})"
             + ("" if year_target.confirmed else "*")) if year_target else "—",
            number(outlook.gap), reaching]


def _ecosystems(user: User, regency: str) -> dict | None:
    from ucj.membership.selectors import latest_reconciliation

    rows = selectors.ecosystem_coverage(user, regency)
    run = latest_reconciliation()
    if run is None:
        return None
    return {
        "ekstrak": day_name(run.extract.as_of),
        "baris": [[row.ecosystem_name, number(row.workers), number(row.active),
                   number(row.lapsed), number(row.not_enrolled), percent(row.active_share, 1)]
                  for row in rows],
    }


# --- charts ----------------------------------------------------------------------------------


def _svg(spec: dict, height: int | None = None, config: dict | None = None) -> str:
    spec = {**spec, "width": CHART_WIDTH}
    if height:
        spec["height"] = height
    return vl_convert.vegalite_to_svg(spec, config=config, format_locale=NUMBER_LOCALE,
                                      time_format_locale=TIME_LOCALE, allowed_base_urls=[])


def _series_svg(outlook: selectors.Outlook) -> str | None:

    if not any(i.rate is not None for i in outlook.series):
        return None
    return _svg(charts.outlook_chart(outlook))


def _map_svg(user: User, ranking: list[selectors.Outlook]) -> str | None:
    """The dashboard's map with the regencies' rates as of the month inlined (the page
    loads them from a URL)."""
    rates = {o.latest.region_code: o.latest.rate for o in ranking}
    regencies = Region.objects.filter(parent_id=settings.UCJ_PROVINCE_CODE,
                                      level=Level.KABUPATEN_KOTA, is_current=True,
                                      boundary__isnull=False,
                                      code__in=selectors.scope_codes(user))
    features = [{"type": "Feature", "geometry": rewind_for_d3(r.boundary),
                 "properties": {"kode": r.code, "nama": r.name,
                                "cakupan": round(rates[r.code] * 100, 2)
                                if rates.get(r.code) is not None else None}}
                for r in regencies]
    if not features:
        return None
    spec = charts.coverage_map(data_url="", value_title="Cakupan (%)",
                               name_title="Kabupaten/kota")
    spec["data"] = {"values": {"type": "FeatureCollection", "features": features},
                    "format": {"type": "json", "property": "features"}}
    return _svg(spec, height=460)
