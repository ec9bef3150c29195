"""Vega-Lite specs for reconciliation results (Altair)."""

from __future__ import annotations

import altair as alt

from ucj.core import charts as common

STATUS_COLOURS = {"active": "#2f9e6e", "lapsed": "#e0a800", "not_enrolled": "#d64545"}


def coverage_by_regency(rows: list[dict], *, labels: dict[str, str], title: str) -> dict:
    """One horizontal stacked bar per regency: workers by coverage status.
    rows: {"wilayah": name, "status": code, "pekerja": count}."""
    order = list(STATUS_COLOURS)
    data = [{**row, "keterangan": labels[row["status"]], "urutan": order.index(row["status"])}
            for row in rows]
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["wilayah"]] = totals.get(row["wilayah"], 0) + row["pekerja"]
    chart = (
        alt.Chart(alt.Data(values=data), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("wilayah:N", title=None, sort=None),
            x=alt.X("pekerja:Q", stack="zero", title=None,
                    axis=common.count_axis(max(totals.values(), default=0))),
            color=alt.Color("keterangan:N", title=None,
                            sort=[labels[s] for s in order],
                            scale=alt.Scale(domain=[labels[s] for s in order],
                                            range=list(STATUS_COLOURS.values())),
                            legend=alt.Legend(orient="bottom")),
            order=alt.Order("urutan:Q"),
            tooltip=[alt.Tooltip("wilayah:N"), alt.Tooltip("keterangan:N"),
                     alt.Tooltip("pekerja:Q", format=",d")],
        )
        .properties(width="container")
    )
    return chart.to_dict()
