"""Vega-Lite specs for budget planning (Altair); titles come translated. Pages build the
specs without schema validation, tests with it (see coverage.charts)."""

from __future__ import annotations

import altair as alt
from django.utils.translation import gettext as _

from ucj.core.charts import BASELINE, colour_for, region_colour


def coverage_bars(rows: list[dict], *, series: list[tuple[str, str]], series_title: str,
                  validate: bool = False) -> dict:
    """Coverage per regency, one dot per series on its own line within the regency's row
    (dodged, so that close figures never hide each other), each scenario's dot joined to
    the figure before by a line and labelled with the difference in points ("+0,42"). Each
    row: {"wilayah": "Sambas", "seri": "Sebelum", "cakupan": 23.02, "sebelum": 23.02};
    `series` is (label, colour) in display order, the figure before first."""
    order = [label for label, _colour in series]
    baseline = order[0]
    data = [{**r, "selisih": None if r["seri"] == baseline else
             round(r["cakupan"] - r["sebelum"], 3)} for r in rows]
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("wilayah:N", title=None, sort=None,
                axis=alt.Axis(grid=True, gridColor="#e5e5e5", labelLimit=180)),
        yOffset=alt.YOffset("seri:N", sort=order, scale=alt.Scale(domain=order,
                                                                  paddingOuter=0.5)))
    # Not from zero: a budget moves coverage by fractions of a point, which must show.
    axis = alt.Scale(zero=False, nice=True)
    x_axis = alt.Axis(format=",.1~f", labelExpr="datum.label + '\u00a0%'")
    colour = alt.Color("seri:N", title=series_title, sort=order,
                       scale=alt.Scale(domain=order, range=[c for _label, c in series]),
                       legend=alt.Legend(orient="bottom"))
    joins = base.transform_filter(alt.datum.selisih != None).mark_rule(  # noqa: E711
        strokeWidth=2, opacity=0.6).encode(
        x=alt.X("sebelum:Q", title=_("Coverage (%)"), scale=axis, axis=x_axis),
        x2="cakupan:Q", color=colour)
    tooltip = [alt.Tooltip("wilayah:N", title=_("Regency/city")),
               alt.Tooltip("seri:N", title=series_title),
               alt.Tooltip("cakupan:Q", title=_("Coverage (%)"), format=",.2f"),
               alt.Tooltip("selisih:Q", title=_("Difference (percentage points)"),
                           format="+,.2f")]
    dots = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=alt.X("cakupan:Q", title=_("Coverage (%)"), scale=axis, axis=x_axis),
        color=colour, shape=alt.Shape("seri:N", sort=order, legend=None),
        tooltip=tooltip)
    differences = base.transform_filter(alt.datum.selisih != None).mark_text(  # noqa: E711
        align="left", baseline="middle", dx=7, fontSize=10, color="#333333").encode(
        x=alt.X("cakupan:Q", scale=axis), text=alt.Text("selisih:Q", format="+,.2f"))
    step = 13  # pixels per dot line; the regency's row is as high as its series need
    return (joins + dots + differences).properties(
        width="container", height={"step": step}).to_dict(validate=validate)


def scenario_chart(regencies, validate: bool = False) -> dict:
    """Before and after, regency by regency; "after" in the scenario's own colour."""
    before, after = _("Before"), _("After")
    rows = []
    scenario_id = 0
    for row in regencies:
        scenario_id = row.scenario_id
        if row.rate_before is None:
            continue
        name, then = row.regency.name, round(row.rate_before * 100, 3)
        rows += [{"wilayah": name, "seri": before, "cakupan": then, "sebelum": then},
                 {"wilayah": name, "seri": after, "cakupan": round(row.rate_after * 100, 3),
                  "sebelum": then}]
    return coverage_bars(rows, series=[(before, BASELINE), (after, colour_for(scenario_id))],
                         series_title=_("Coverage"), validate=validate)


def compare_chart(compared, scenarios, validate: bool = False) -> dict:
    """Several scenarios against the figure before: each scenario keeps its colour (from
    its id) here and on its own page."""
    before = _("Before")
    rows = []
    for regency in compared:
        if regency.rate_before is None:
            continue
        then = round(regency.rate_before * 100, 3)
        rows.append({"wilayah": regency.name, "seri": before, "cakupan": then, "sebelum": then})
        for scenario, row in zip(scenarios, regency.rows, strict=True):
            if row is not None and row.rate_after is not None:
                rows.append({"wilayah": regency.name, "seri": scenario.name,
                             "cakupan": round(row.rate_after * 100, 3), "sebelum": then})
    series = [(before, BASELINE)] + [(s.name, colour_for(s.pk)) for s in scenarios]
    return coverage_bars(rows, series=series, series_title=_("Scenario"), validate=validate)


def target_cost_chart(result, validate: bool = False) -> dict:
    """The yearly premium cost of the government's share, stacked by regency (billion Rp)."""
    rows = [{"tahun": str(y.year), "wilayah": r.name, "miliar": round(y.cost / 1e9, 3)}
            for r in result.regencies for y in r.years]
    # Each regency in its own colour, the same on every chart (from its code).
    names = [r.name for r in result.regencies]
    chart = (
        alt.Chart(alt.Data(values=rows), title=_("Premium cost per year"))
        .mark_bar()
        .encode(
            x=alt.X("tahun:O", title=None),
            y=alt.Y("sum(miliar):Q", title=_("Billion rupiah")),
            color=alt.Color("wilayah:N", title=_("Regency/city"), sort=names,
                            scale=alt.Scale(domain=names,
                                            range=[region_colour(r.code)
                                                   for r in result.regencies]),
                            legend=alt.Legend(orient="right")),
            tooltip=[alt.Tooltip("wilayah:N", title=_("Regency/city")),
                     alt.Tooltip("tahun:O", title=_("Year")),
                     alt.Tooltip("miliar:Q", title=_("Billion rupiah"), format=".3f")],
        )
        .properties(width="container", height=300)
    )
    return chart.to_dict(validate=validate)
