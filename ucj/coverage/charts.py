"""Vega-Lite specs for the coverage dashboard (Altair); titles come translated.

Altair's schema validation costs tens of milliseconds a chart, on every page view; the
tests build each spec with validate=True, the pages without."""

from __future__ import annotations

import copy
from datetime import date
from functools import cache, lru_cache

import altair as alt
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ucj.core import charts as common
from ucj.core.formatting import thousands
from ucj.coverage import projections

NO_FIGURE = "#d9d9d9"
# Classes of the coverage map, in percent: "< 10 %", "10 – 20 %" … "≥ 60 %".
COVERAGE_CLASSES = [10, 20, 30, 40, 50, 60]
LABEL_ROWS = 3  # lines the denominator-change labels are spread over
CHART_HEIGHT = 280


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
                            scale=common.percent_classes(COVERAGE_CLASSES),
                            legend=common.percent_legend()),
            tooltip=[alt.Tooltip("properties.nama:N", title=name_title),
                     alt.Tooltip("persen:N", title=value_title)],
        )
        .transform_calculate(persen=common.percent_text("datum.properties.cakupan"))
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
    latest figure to the target (year ends), the trend projected to the target year, the
    targets of every year up to it, and a marked month wherever the denominator changes."""
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
    targets = []
    if actual and outlook.target:
        first = outlook.series[0].month.year
        shown = {t.year: t for t in (outlook.year_target, outlook.target) if t}
        targets = [{"bulan": date(year, 12, 1).isoformat(),
                    "cakupan": round(float(t.rate) * 100, 3),
                    "teks": _("Target %(year)s") % {"year": year}}
                   for year, t in sorted(shown.items()) if first <= year]
    return series_chart(
        actual=actual, path=path, trend=trend, title=_("Coverage and the path to the target"),
        labels={"actual": _("Coverage"), "path": _("Path to the target"), "trend": _("Trend")},
        targets=targets, changes=change_marks(outlook.changes))


def change_note(change) -> str:
    """ "Denominator changes in January 2026: 291.000 → 300.000" (selectors.DenominatorChange)."""
    from django.utils.formats import date_format

    def value(d) -> str:
        return "—" if d is None else thousands(d.value)

    def origin(d) -> str:
        return _("none") if d is None else f"{d.source}, {d.year}"

    return _("Denominator changes in %(month)s: %(old)s → %(new)s (%(old_source)s → "
             "%(new_source)s)") % {
        "month": date_format(change.month, "F Y"), "old": value(change.old),
        "new": value(change.new), "old_source": origin(change.old),
        "new_source": origin(change.new)}


def change_marks(changes) -> list[dict]:
    def value(d) -> str:
        return "—" if d is None else thousands(d.value)

    return [{"bulan": c.month.isoformat(),
             "teks": _("Denominator: %(old)s → %(new)s") % {"old": value(c.old),
                                                            "new": value(c.new)}}
            for c in changes]


def series_chart(*, actual: list[dict], path: list[dict], trend: list[dict], labels: dict,
                 title: str, targets: list[dict] | None = None, changes: list[dict] | None = None,
                 validate: bool = False) -> dict:
    """Coverage by month (percent) against the path to the target and the trend.
    Each row: {"bulan": "2026-06-01", "cakupan": 23.0}. `targets` are points with a label
    ({"bulan", "cakupan", "teks"}); `changes` are months where the denominator changes,
    drawn as a vertical rule with its note ({"bulan", "teks"})."""
    rows = ([{**r, "garis": labels["actual"]} for r in actual]
            + [{**r, "garis": labels["path"]} for r in path]
            + [{**r, "garis": labels["trend"]} for r in trend])
    changes = changes or []
    # One label layer per line of labels, so that the notes of nearby months (a change
    # every January, say) stand one below the other instead of on each other.
    label_rows = [changes[row::LABEL_ROWS] for row in range(min(len(changes), LABEL_ROWS))]
    values = {"lines": rows, "targets": targets or [], "changes": changes,
              **{f"labels{row}": labelled for row, labelled in enumerate(label_rows)}}
    # The layout depends only on the words and on which layers there are: Altair takes
    # about 5 ms to build it, and the province dashboard draws one per page view.
    spec = copy.deepcopy(_series_layout(
        get_language(), title, labels["actual"], labels["path"], labels["trend"],
        bool(targets), bool(changes), len(label_rows), validate))
    for part in [spec, *spec.get("layer", [])]:  # Altair may lift a layer's data to the top
        if "name" in part.get("data", {}):
            part["data"] = {"values": values[part["data"]["name"]]}
    return spec


@lru_cache(maxsize=64)
def _series_layout(language: str | None, title: str, actual: str, path: str, trend: str,
                   has_targets: bool, has_changes: bool, label_rows: int,
                   validate: bool) -> dict:
    """series_chart's Vega-Lite spec with each layer's data named (lines, targets,
    changes, labels0...), not given: series_chart puts the values in."""
    order = [actual, path, trend]
    lines = (
        alt.Chart(alt.Data(name="lines"))
        .mark_line(point=True)
        .encode(
            x=alt.X("bulan:T", title=None, axis=common.month_axis()),
            y=alt.Y("cakupan:Q", title="%", scale=alt.Scale(zero=True),
                    axis=alt.Axis(format=",~f")),
            color=alt.Color("garis:N", title=None, sort=order,
                            scale=alt.Scale(domain=order,
                                            range=common.PALETTE[:3]),
                            legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("garis:N", sort=order, legend=None,
                                      scale=alt.Scale(domain=order,
                                                      range=[[1, 0], [6, 4], [2, 3]])),
            tooltip=[alt.Tooltip("garis:N"),
                     alt.Tooltip("bulan:T", format=common.MONTH_FORMAT),
                     alt.Tooltip("cakupan:Q", format=",.2f")],
        )
    )
    layers = [lines]
    if has_targets:
        marks = alt.Chart(alt.Data(name="targets")).encode(
            x="bulan:T", y="cakupan:Q",
            tooltip=[alt.Tooltip("teks:N", title=None), alt.Tooltip("cakupan:Q", format=",.2f")])
        layers += [marks.mark_point(shape="diamond", size=90, filled=True, color="#b22222"),
                   marks.mark_text(align="right", baseline="top", dx=-6, dy=6, fontSize=10,
                                   color="#b22222")
                   .encode(text="teks:N")]
    if has_changes:
        rules = alt.Chart(alt.Data(name="changes")).encode(
            x="bulan:T", tooltip=[alt.Tooltip("teks:N", title=None),
                                  alt.Tooltip("bulan:T", format=common.MONTH_FORMAT)])
        layers.append(rules.mark_rule(color="#777777", strokeDash=[3, 3]))
        for row in range(label_rows):
            layers.append(
                alt.Chart(alt.Data(name=f"labels{row}")).encode(x="bulan:T", text="teks:N")
                # At the foot of the plot, below the coverage lines and the targets.
                .mark_text(align="left", baseline="bottom", dx=4,
                           y=CHART_HEIGHT - 4 - 13 * row, fontSize=10, color="#444444"))
    chart = alt.layer(*layers, title=title).properties(width="container", height=CHART_HEIGHT)
    return chart.to_dict(validate=validate)
