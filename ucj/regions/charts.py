"""Vega-Lite specs for region maps, built with Altair (the same spec serves the page
and, later, PDF reports through vl-convert)."""

from __future__ import annotations

import altair as alt

from ucj.core import charts as common


def choropleth(*, data_url: str, value_field: str, value_title: str, name_title: str,
               code_title: str, height: int = 420) -> dict:
    """A map of the features served at `data_url` (a GeoJSON FeatureCollection whose
    properties carry `kode`, `nama` and `value_field`, a count), coloured in classes of
    round bounds from zero ("140.000", "280.000": a single region too). Titles come
    translated from the caller."""
    features = alt.Data(url=data_url, format=alt.DataFormat(property="features", type="json"))
    chart = (
        alt.Chart(features)
        .mark_geoshape(stroke="white", strokeWidth=1, cursor="pointer")
        .encode(
            color=alt.Color(f"properties.{value_field}:Q", title=value_title,
                            scale=common.count_classes(),
                            legend=common.count_legend()),
            tooltip=[
                alt.Tooltip("properties.nama:N", title=name_title),
                alt.Tooltip("properties.kode:N", title=code_title),
                alt.Tooltip(f"properties.{value_field}:Q", title=value_title, format=",d"),
            ],
        )
        .project(type="mercator")
        .properties(width="container", height=height)
    )
    return chart.to_dict()
