"""Vega-Lite specs for intake results (Altair)."""

from __future__ import annotations

import altair as alt

from ucj.core import charts as common


def verdict_bar(*, counts: list[tuple[str, int, str]], title: str) -> dict:
    """One horizontal bar split by verdict: (label, rows, colour) in display order."""
    data = [{"putusan": label, "baris": rows, "urutan": order, "warna": colour}
            for order, (label, rows, colour) in enumerate(counts)]
    chart = (
        alt.Chart(alt.Data(values=data), title=title)
        .mark_bar(height=28)
        .encode(
            x=alt.X("baris:Q", stack="zero", title=None,
                    axis=common.count_axis(sum(c[1] for c in counts))),
            color=alt.Color("putusan:N", sort=[c[0] for c in counts], title=None,
                            scale=alt.Scale(domain=[c[0] for c in counts],
                                            range=[c[2] for c in counts]),
                            legend=alt.Legend(orient="bottom")),
            order=alt.Order("urutan:Q"),
            tooltip=[alt.Tooltip("putusan:N"), alt.Tooltip("baris:Q", format=",d")],
        )
        .properties(width="container", height=60)
    )
    return chart.to_dict()
