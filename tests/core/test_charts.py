"""The chart specs read alike everywhere (issue 18, item 3): month axes that never run a
month into a year, whole-number count axes, classed map legends in Indonesian numbers,
comparisons whose dots are dodged and labelled with their difference, fixed colours.
The specs are checked as built and as drawn by Vega (vl-convert, with the page's locale)."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import vl_convert

from ucj.budget import charts as budget_charts
from ucj.core import charts as common
from ucj.coverage import charts as coverage_charts
from ucj.membership import charts as membership_charts
from ucj.regions import charts as region_charts
from ucj.registry import charts as registry_charts


def drawn_texts(spec: dict, width: int = 600) -> list[str]:
    """The text of every label Vega draws for the spec, numbers and months in Indonesian."""
    spec = {**spec, "width": width}
    svg = vl_convert.vegalite_to_svg(spec, format_locale=common.NUMBER_LOCALE,
                                     time_format_locale=common.TIME_LOCALE)
    return [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def with_features(spec: dict, values: list[dict]) -> dict:
    features = [{"type": "Feature", "properties": {"kode": f"61.{i:02d}", "nama": f"R{i}", **v},
                 "geometry": {"type": "Polygon", "coordinates": [[
                     [109 + i, 0], [109 + i, 1], [110 + i, 1], [110 + i, 0], [109 + i, 0]]]}}
                for i, v in enumerate(values, start=1)]
    return {**spec, "data": {"values": {"type": "FeatureCollection", "features": features},
                             "format": {"type": "json", "property": "features"}}}


def months(first: date, count: int) -> list[dict]:
    rows = []
    year, month = first.year, first.month
    for i in range(count):
        rows.append({"bulan": date(year, month, 1).isoformat(), "cakupan": 20 + i * 0.5})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


# --- months -----------------------------------------------------------------------------


def test_the_month_axis_names_month_and_year_and_hides_labels_that_would_touch():
    axis = common.month_axis().to_dict()
    assert axis["format"] == "%b %Y" and axis["formatType"] == "time"
    assert axis["labelOverlap"] == "greedy" and axis["labelSeparation"] >= 4
    assert axis["tickCount"] == {"interval": "month", "step": 3}


def test_the_coverage_series_draws_one_label_per_quarter_in_indonesian(settings):
    settings.LANGUAGE_CODE = "id"
    spec = coverage_charts.series_chart(
        actual=months(date(2024, 1, 1), 30), path=[], trend=[],
        labels={"actual": "Cakupan", "path": "Jalur", "trend": "Tren"}, title="Cakupan",
        validate=True)
    assert spec["layer"][0]["encoding"]["x"]["axis"]["format"] == "%b %Y"
    texts = drawn_texts(spec)
    month_labels = [t for t in texts if re.fullmatch(r"\w{3} \d{4}", t)]
    assert "Okt 2024" in month_labels and "Jan 2026" in month_labels
    assert len(month_labels) == len(set(month_labels)) <= 12
    # No month name glued to a year, no English months.
    assert not [t for t in texts if re.search(r"[A-Za-z]\d{4}", t)]
    assert not {"Oct 2024", "October"} & set(texts)



def test_the_coverage_series_layout_is_reused_but_never_its_data():
    # series_chart keeps the layout of a shape of chart (coverage.charts._series_layout);
    # each call must carry its own rows, and changing one spec must not change the next.
    words = {"labels": {"actual": "Cakupan", "path": "Jalur", "trend": "Tren"},
             "title": "Cakupan", "path": [], "trend": []}
    first = coverage_charts.series_chart(actual=months(date(2024, 1, 1), 3), **words)
    (first.get("data") or first["layer"][0]["data"])["values"].append({"bulan": "1999-01-01"})
    first["layer"][0]["mark"]["type"] = "bar"
    second = coverage_charts.series_chart(actual=months(date(2025, 1, 1), 2), **words)
    values = (second.get("data") or second["layer"][0]["data"])["values"]
    assert [row["bulan"][:7] for row in values] == ["2025-01", "2025-02"]
    assert second["layer"][0]["mark"]["type"] == "line"


# --- counts -----------------------------------------------------------------------------


def test_count_axes_have_whole_number_ticks():
    assert common.count_ticks(1) == [0, 1]
    assert common.count_ticks(2) == [0, 1, 2]
    assert common.count_ticks(7) == [0, 2, 4, 6, 8]
    assert common.count_ticks(0) == [0, 1]
    assert common.count_ticks(250) is None  # Vega's own ticks are whole there
    axis = common.count_axis(3).to_dict()
    assert axis["format"] == ",d" and axis["tickMinStep"] == 1 and axis["values"] == [0, 1, 2, 3]


def test_a_verdict_bar_of_two_rows_has_no_half_ticks():
    spec = registry_charts.verdict_bar(title="Putusan", counts=[
        ("Diterima", 1, "#2f9e6e"), ("Ditolak", 1, "#d64545")])
    assert spec["encoding"]["x"]["axis"]["tickMinStep"] == 1
    texts = drawn_texts(spec)
    assert {"0", "1", "2"} <= set(texts)
    assert not [t for t in texts if re.fullmatch(r"\d+,\d+", t)]


def test_worker_counts_by_regency_group_thousands_and_never_show_fractions():
    rows = [{"wilayah": "Sambas", "status": "active", "pekerja": 1_250},
            {"wilayah": "Sambas", "status": "lapsed", "pekerja": 250},
            {"wilayah": "Singkawang", "status": "not_enrolled", "pekerja": 1}]
    spec = membership_charts.coverage_by_regency(rows, labels={
        "active": "Aktif", "lapsed": "Nonaktif", "not_enrolled": "Belum terdaftar"},
        title="Pekerja")
    assert spec["encoding"]["x"]["axis"]["format"] == ",d"
    texts = drawn_texts(spec)
    assert "1.500" in texts or "1.400" in texts or "1.000" in texts
    assert not [t for t in texts if re.fullmatch(r"[\d.]+,\d+", t)]
    small = membership_charts.coverage_by_regency(
        [{"wilayah": "Sambas", "status": "active", "pekerja": 1}],
        labels={"active": "Aktif", "lapsed": "Nonaktif", "not_enrolled": "Belum"}, title="P")
    assert [t for t in drawn_texts(small) if t in {"0", "1"}] == ["0", "1"]
    assert "0,5" not in drawn_texts(small)


# --- maps -------------------------------------------------------------------------------


def test_a_one_regency_map_has_round_classes_in_indonesian_numbers():
    spec = region_charts.choropleth(data_url="x", value_field="penduduk",
                                    value_title="Penduduk", name_title="Wilayah",
                                    code_title="Kode")
    colour = spec["encoding"]["color"]
    assert colour["scale"]["type"] == "quantize" and colour["scale"]["nice"] is True
    assert colour["scale"]["zero"] is True and colour["legend"]["format"] == ",~f"
    texts = drawn_texts(with_features(spec, [{"penduduk": 651_246}]))
    assert "140.000" in texts and "560.000" in texts
    assert not [t for t in texts if "000000" in t or "," in t]
    # Few villages: the bounds keep their decimal comma, without trailing zeros.
    few = region_charts.choropleth(data_url="x", value_field="jumlah_wilayah",
                                   value_title="Desa", name_title="Wilayah", code_title="Kode")
    texts = drawn_texts(with_features(few, [{"jumlah_wilayah": 7}, {"jumlah_wilayah": 3}]))
    assert "1,4" in texts and "5,6" in texts
    assert not [t for t in texts if re.search(r",\d*0$", t)]


def test_the_coverage_map_is_classed_in_percent_with_a_decimal_comma():
    spec = coverage_charts.coverage_map(data_url="x", value_title="Cakupan (%)",
                                        name_title="Kabupaten/kota", validate=True)
    colour = spec["encoding"]["color"]
    assert colour["scale"]["type"] == "threshold"
    assert colour["scale"]["domain"] == coverage_charts.COVERAGE_CLASSES
    assert colour["legend"]["labelExpr"].endswith("'\u00a0%' : ''")
    assert {t["field"] for t in spec["encoding"]["tooltip"]} == {"properties.nama", "persen"}
    assert spec["transform"] == [{"calculate": common.percent_text("datum.properties.cakupan"),
                                  "as": "persen"}]
    drawn = with_features(spec, [{"cakupan": 23.5}, {"cakupan": 61.2}, {"cakupan": None}])
    texts = drawn_texts(drawn)
    assert {"10\u00a0%", "30\u00a0%", "60\u00a0%"} <= set(texts)
    assert "null\u00a0%" not in texts
    assert common.percent_legend(decimals=1).to_dict()["format"] == ",.1f"


# --- comparisons and colours ------------------------------------------------------------


def test_compared_scenarios_are_dodged_and_labelled_with_their_difference(settings):
    settings.LANGUAGE_CODE = "id"
    scenarios = [SimpleNamespace(pk=3, name="Terendah dulu"),
                 SimpleNamespace(pk=4, name="Paling adil")]

    def row(after):
        return SimpleNamespace(rate_after=after)

    compared = [SimpleNamespace(name="Kabupaten Sambas", rate_before=0.23,
                                rows=[row(0.234), row(0.2341)]),
                SimpleNamespace(name="Kota Singkawang", rate_before=0.401,
                                rows=[row(0.401), None])]
    spec = budget_charts.compare_chart(compared, scenarios, validate=True)
    dots = spec["layer"][1]
    assert dots["encoding"]["yOffset"]["field"] == "seri"
    order = ["Sebelum", "Terendah dulu", "Paling adil"]
    assert dots["encoding"]["yOffset"]["sort"] == order
    assert dots["encoding"]["color"]["scale"]["range"] == [
        common.BASELINE, common.colour_for(3), common.colour_for(4)]
    assert spec["height"] == {"step": 13}
    texts = drawn_texts(spec)
    # Two nearly equal figures are both readable through their differences.
    assert {"+0,40", "+0,41", "+0,00"} <= set(texts)
    assert not [t for t in texts if "000000" in t]
    # Every dot has its own position: no two drawn at the same place.
    svg = vl_convert.vegalite_to_svg({**spec, "width": 600})
    places = re.findall(r'<path[^>]*transform="translate\(([^)]*)\)"[^>]*d="M[^"]*"[^>]*'
                        r'aria-roledescription="point"', svg)
    places += re.findall(r'aria-roledescription="point"[^>]*transform="translate\(([^)]*)\)"',
                         svg)
    assert len(places) == 5 and len(set(places)) == 5


def test_a_scenario_keeps_its_colour_and_regencies_have_distinct_ones():
    regencies = [SimpleNamespace(scenario_id=7, regency=SimpleNamespace(name="Sambas"),
                                 rate_before=0.2, rate_after=0.21)]
    spec = budget_charts.scenario_chart(regencies, validate=True)
    assert spec["layer"][1]["encoding"]["color"]["scale"]["range"] == [
        common.BASELINE, common.colour_for(7)]
    codes = [f"61.{n:02d}" for n in range(1, 13)] + ["61.71", "61.72"]
    assert len({common.region_colour(c) for c in codes}) == 14
    assert len(set(common.PALETTE)) == len(common.PALETTE) >= 10
    assert common.colour_for(3) == common.colour_for(3 + len(common.PALETTE))


def test_a_percentage_is_written_with_a_decimal_comma_and_a_spaced_sign():
    """The tooltip text of the coverage map, as Vega writes it with the page's locale."""
    import altair as alt

    spec = (alt.Chart(alt.Data(values=[{"v": 23.456, "y": "a"}, {"v": None, "y": "b"}]))
            .transform_calculate(teks=common.percent_text("datum.v"))
            .mark_text().encode(y="y:N", text="teks:N").to_dict())
    texts = drawn_texts(spec)
    assert "23,5\u00a0%" in texts and "—" in texts
