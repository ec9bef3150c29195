"""Shared pieces of the Vega-Lite specs (Altair), pure: axes, map classes and colours.

Every chart of the project takes its time axes, count axes, classed map legends and
categorical colours from here, so that they read alike on every page. The page's number
and month names come from the language (ucj/static/ucj/charts.js sets Vega's locales; the
PDF report passes the same ones to vl-convert)."""

from __future__ import annotations

import altair as alt

# Twelve hues that stay apart (Tableau 10 and two more), for series and categories. A
# category keeps its colour on every chart: see colour_for and region_colour.
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#17becf", "#8c564b", "#bcbd22"]
# Twenty for many categories at once (regencies: Kalimantan Barat has fourteen).
PALETTE_20 = ["#4e79a7", "#a0cbe8", "#f28e2b", "#ffbe7d", "#59a14f", "#8cd17d", "#b6992d",
              "#f1ce63", "#499894", "#86bcb6", "#e15759", "#ff9d9a", "#79706e", "#bab0ac",
              "#d37295", "#fabfd2", "#b07aa1", "#d4a6c8", "#9d7660", "#d7b5a6"]
BASELINE = "#7f7f7f"  # "before", "now": the figure others are compared with

# d3 locales for Indonesian (d3 ships none); the same as charts.js gives Vega in pages.
NUMBER_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]}
TIME_LOCALE = {
    "dateTime": "%A, %e %B %Y %X", "date": "%d/%m/%Y", "time": "%H.%M.%S",
    "periods": ["AM", "PM"],
    "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
    "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
    "months": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember"],
    "shortMonths": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
                    "Nov", "Des"],
}

MONTH_FORMAT = "%b %Y"  # "Okt 2025", "Oct 2025"
MAP_CLASSES = 5


def colour_for(key: int) -> str:
    """The colour of a numbered category (a scenario's id, say): always the same one."""
    return PALETTE[key % len(PALETTE)]


def region_colour(code: str) -> str:
    """A regency's colour, from its code: 61.01…61.12 and 61.71… each its own hue."""
    number = int(code.rsplit(".", 1)[-1])
    index = number - 1 if number < 70 else 12 + number - 71
    return PALETTE_20[index % len(PALETTE_20)]


def month_axis(**extra) -> alt.Axis:
    """A time axis labelled by month and year ("Okt 2025"): at most about six labels,
    those that would touch left out, never a month name run into a year."""
    return alt.Axis(format=MONTH_FORMAT, formatType="time", labelOverlap="greedy",
                    labelSeparation=8, tickCount={"interval": "month", "step": 3},
                    labelFlush=True, **extra)


def count_ticks(largest: float) -> list[int] | None:
    """Whole-number tick values for a count axis up to `largest` when it is small: Vega's
    tickMinStep still lets d3 put ticks at halves over a span of one or two ("0", "0,5",
    "1"). None when the span is wide enough for Vega's own ticks to be whole."""
    if largest > 10:
        return None
    top = max(1, int(-(-largest // 1)))  # ceil
    step = 1 if top <= 5 else 2
    return list(range(0, top + step, step))


def count_axis(largest: float | None = None, **extra) -> alt.Axis:
    """An axis of counts: whole numbers with thousands grouped ("1.250"), never "0,5".
    `largest` is the largest value (a stack's sum) the axis shows, when known."""
    values = count_ticks(largest) if largest is not None else None
    if values is not None:
        extra["values"] = values
    return alt.Axis(format=",d", tickMinStep=1, **extra)


def count_scale(**extra) -> alt.Scale:
    return alt.Scale(zero=True, nice=True, **extra)


def count_classes(*, scheme: str = "blues", classes: int = MAP_CLASSES) -> alt.Scale:
    """Map colours in classes of round bounds from zero to the largest value ("0 –
    140.000"): one region alone still gets a legend that reads."""
    return alt.Scale(type="quantize", zero=True, nice=True, scheme={"name": scheme,
                                                                     "count": classes})


def count_legend(**extra) -> alt.Legend:
    """Colour blocks, one per class, the round bounds between them ("140.000"); a bound
    between whole numbers keeps its decimal ("1,4"), never a run of zeros."""
    return alt.Legend(format=",~f", **extra)


def percent_classes(bounds: list[float], *, scheme: str = "yellowgreenblue") -> alt.Scale:
    """Map colours in classes of percentages: below the first bound, between two, from the
    last up; the legend names the bounds between the colour blocks ("10 %", "20 %")."""
    return alt.Scale(type="threshold", domain=bounds,
                     scheme={"name": scheme, "count": len(bounds) + 1})


def percent_legend(*, decimals: int = 0, **extra) -> alt.Legend:
    """Class labels with the page's decimal comma and a spaced percent sign ("23,5 %")."""
    return alt.Legend(format=f",.{decimals}f",
                      labelExpr="datum.label ? datum.label + '\u00a0%' : ''", **extra)


def percent_text(value: str, *, decimals: int = 1) -> str:
    """A Vega expression writing a percentage in the page's numbers ("23,5 %"; "—" without
    a figure), for tooltips and screen readers."""
    return (f"isValid({value}) ? format({value}, ',.{decimals}f') + '\u00a0%' : '—'")
