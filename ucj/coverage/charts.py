"""Vega-Lite specs for the coverage dashboard (Altair); titles come translated.

Altair's schema validation costs tens of milliseconds a chart, on every page view; the
tests build each spec with validate=True, the pages without."""

from __future__ import annotations

import copy
from datetime import date
from functools import cache

import altair as alt
from django.utils.translation import gettext as _

from ucj.coverage import projections

NO_FIGURE = "#d9d9d9"


def coverage_map(*, data_url: str, value_title: str, name_title: str, height: int = 420,
                 validate: bool = False) -> dict:
    """Regencies coloured by coverage (properties.cakupan, in percent; grey without a
    figure). A click opens the regency (charts.js reads properties.kode). A fresh copy
    each time: callers (the PDF report) put their own data in."""
    return copy.deepcopy(_coverage_map(data_url, value_title, name_title, height, validate))


@cache  # the same for every page view in a language
def _coverage_map(data_url: str, value_title: str, name_title: str, height: int,
                  validate: bool) -> dict:
    features = alt.Data(url=data_url, format=alt.DataFormat(property="features", type="json"))
    chart = (
        alt.Chart(features)
        .mark_geoshape(stroke="white", strokeWidth=1, cursor="pointer")
        .encode(
            color=alt.Color("properties.cakupan:Q", title=value_title,
                            scale=alt.Scale(scheme="yellowgreenblue", domain=[0, 70])),
            tooltip=[alt.Tooltip("properties.nama:N", title=name_title),
                     alt.Tooltip("properties.cakupan:Q", title=value_title, format=".1f")],
        )
        .project(type="mercator")
        .properties(width="container", height=height)
    )
    spec = chart.to_dict(validate=validate)
    # Vega-Lite 6 leaves out a feature whose colour value is null; an "invalid" colour
    # keeps the regencies without a figure on the map, in grey.
    spec.setdefault("config", {})["scale"] = {"invalid": {"color": {"value": NO_FIGURE}}}
    return spec


def outlook_chart(outlook) -> dict:
    """The series chart of a selectors.Outlook: coverage by month, the path from the
    latest figure to the target (year ends) and the trend projected to the target year."""
    actual = [{"bulan": i.month.isoformat(), "cakupan": round(i.rate * 100, 3)}
              for i in outlook.series if i.rate is not None]
    path, trend = [], []
    latest = outlook.latest
    if latest and latest.rate is not None:
        path = [{"bulan": latest.month.isoformat(), "cakupan": round(latest.rate * 100, 3)}]
        path += [{"bulan": date(p.year, 12, 1).isoformat(), "cakupan": round(p.rate * 100, 3)}
                 for p in outlook.path]
        if outlook.trend and outlook.target:
            trend = [{"bulan": date(year, 12, 1).isoformat(),
                      "cakupan": round(projections.project(outlook.trend, date(year, 12, 1))
                                       * 100, 3)}
                     for year in range(latest.month.year, outlook.target.year + 1)]
    return series_chart(
        actual=actual, path=path, trend=trend, title=_("Coverage and the path to the target"),
        labels={"actual": _("Coverage"), "path": _("Path to the target"), "trend": _("Trend")})


def series_chart(*, actual: list[dict], path: list[dict], trend: list[dict], labels: dict,
                 title: str, validate: bool = False) -> dict:
    """Coverage by month (percent) against the path to the target and the trend.
    Each row: {"bulan": "2026-06-01", "cakupan": 23.0}."""
    rows = ([{**r, "garis": labels["actual"]} for r in actual]
            + [{**r, "garis": labels["path"]} for r in path]
            + [{**r, "garis": labels["trend"]} for r in trend])
    order = [labels["actual"], labels["path"], labels["trend"]]
    chart = (
        alt.Chart(alt.Data(values=rows), title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("bulan:T", title=None),
            y=alt.Y("cakupan:Q", title="%", scale=alt.Scale(zero=True)),
            color=alt.Color("garis:N", title=None, sort=order,
                            scale=alt.Scale(domain=order,
                                            range=["#1f5f9e", "#2f9e6e", "#e0a800"]),
                            legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("garis:N", sort=order, legend=None,
                                      scale=alt.Scale(domain=order,
                                                      range=[[1, 0], [6, 4], [2, 3]])),
            tooltip=[alt.Tooltip("garis:N"), alt.Tooltip("bulan:T", format="%Y-%m"),
                     alt.Tooltip("cakupan:Q", format=".2f")],
        )
        .properties(width="container", height=280)
    )
    return chart.to_dict(validate=validate)
