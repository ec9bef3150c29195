"""Vega-Lite specs for the coverage dashboard (Altair); titles come translated."""

from __future__ import annotations

import altair as alt


def coverage_map(*, data_url: str, value_title: str, name_title: str, height: int = 420) -> dict:
    """Regencies coloured by coverage (properties.cakupan, in percent; grey without a
    figure). A click opens the regency (charts.js reads properties.kode)."""
    features = alt.Data(url=data_url, format=alt.DataFormat(property="features", type="json"))
    chart = (
        alt.Chart(features)
        .mark_geoshape(stroke="white", strokeWidth=1, cursor="pointer")
        .encode(
            color=alt.condition(
                "isValid(datum.properties.cakupan)",
                alt.Color("properties.cakupan:Q", title=value_title,
                          scale=alt.Scale(scheme="yellowgreenblue", domain=[0, 70])),
                alt.value("#d9d9d9")),
            tooltip=[alt.Tooltip("properties.nama:N", title=name_title),
                     alt.Tooltip("properties.cakupan:Q", title=value_title, format=".1f")],
        )
        .project(type="mercator")
        .properties(width="container", height=height)
    )
    return chart.to_dict()


def series_chart(*, actual: list[dict], path: list[dict], trend: list[dict], labels: dict,
                 title: str) -> dict:
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
    return chart.to_dict()
