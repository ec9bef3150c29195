"""Vega-Lite specs for budget planning (Altair); titles come translated. Pages build the
specs without schema validation, tests with it (see coverage.charts)."""

from __future__ import annotations

import altair as alt
from django.utils.translation import gettext as _


def coverage_bars(rows: list[dict], *, series_title: str, validate: bool = False) -> dict:
    """Coverage per regency as dots, one per series, joined by a line from the lowest to
    the highest: before and after (or several scenarios) read along one row. Each row:
    {"wilayah": "Sambas", "seri": "Sebelum", "cakupan": 23.02}. (Dots rather than bars
    side by side: Vega's band offsets need generated code, which the CSP forbids.)"""
    order = list(dict.fromkeys(r["seri"] for r in rows))
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("wilayah:N", title=None, sort=None))
    # Not from zero: a budget moves coverage by fractions of a point, which must show.
    axis = alt.Scale(zero=False, nice=True)
    spread = base.mark_rule(color="#9aa7b4", strokeWidth=2).encode(
        x=alt.X("min(cakupan):Q", title=_("Coverage (%)"), scale=axis), x2="max(cakupan):Q")
    dots = base.mark_point(filled=True, size=90, opacity=0.85).encode(
        x=alt.X("cakupan:Q", title=_("Coverage (%)"), scale=axis),
        color=alt.Color("seri:N", title=series_title, sort=order,
                        legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("seri:N", sort=order, legend=None),
        tooltip=[alt.Tooltip("wilayah:N", title=_("Regency/city")),
                 alt.Tooltip("seri:N", title=series_title),
                 alt.Tooltip("cakupan:Q", title=_("Coverage (%)"), format=".2f")],
    )
    return (spread + dots).properties(width="container", height={"step": 22}).to_dict(
        validate=validate)


def scenario_chart(regencies, validate: bool = False) -> dict:
    before, after = _("Before"), _("After")
    rows = []
    for row in regencies:
        if row.rate_before is None:
            continue
        name = row.regency.name
        rows += [{"wilayah": name, "seri": before, "cakupan": round(row.rate_before * 100, 3)},
                 {"wilayah": name, "seri": after, "cakupan": round(row.rate_after * 100, 3)}]
    return coverage_bars(rows, series_title=_("Coverage"), validate=validate)


def compare_chart(compared, scenarios, validate: bool = False) -> dict:
    before = _("Before")
    rows = []
    for regency in compared:
        if regency.rate_before is None:
            continue
        rows.append({"wilayah": regency.name, "seri": before,
                     "cakupan": round(regency.rate_before * 100, 3)})
        for scenario, row in zip(scenarios, regency.rows, strict=True):
            if row is not None and row.rate_after is not None:
                rows.append({"wilayah": regency.name, "seri": scenario.name,
                             "cakupan": round(row.rate_after * 100, 3)})
    return coverage_bars(rows, series_title=_("Scenario"), validate=validate)


def target_cost_chart(result, validate: bool = False) -> dict:
    """The yearly premium cost of the government's share, stacked by regency (billion Rp)."""
    rows = [{"tahun": str(y.year), "wilayah": r.name, "miliar": round(y.cost / 1e9, 3)}
            for r in result.regencies for y in r.years]
    chart = (
        alt.Chart(alt.Data(values=rows), title=_("Premium cost per year"))
        .mark_bar()
        .encode(
            x=alt.X("tahun:O", title=None),
            y=alt.Y("sum(miliar):Q", title=_("Billion rupiah")),
            color=alt.Color("wilayah:N", title=_("Regency/city"),
                            legend=alt.Legend(orient="right")),
            tooltip=[alt.Tooltip("wilayah:N", title=_("Regency/city")),
                     alt.Tooltip("tahun:O", title=_("Year")),
                     alt.Tooltip("miliar:Q", title=_("Billion rupiah"), format=".3f")],
        )
        .properties(width="container", height=300)
    )
    return chart.to_dict(validate=validate)
