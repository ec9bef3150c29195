"""Charts as a browser draws them (issue 18, item 3): the coverage map's classed legend in
percent, the region map's legend in Indonesian numbers, a regency's coverage series with
one "Okt 2025" label per quarter, and its worker counts on whole-number ticks."""

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.budget.conftest import province  # noqa: F401 - fixture: workers reconciled
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in
from ucj.coverage.demo import create_demo_counts

pytestmark = pytest.mark.e2e

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def drawn(page, test_id: str) -> list[dict]:
    """The chart's visible SVG texts with their boxes (Vega keeps labels it hides for
    overlapping in the SVG, with opacity 0)."""
    chart = page.get_by_test_id(test_id)
    expect(chart).to_have_attribute("data-ready", "true")
    return chart.locator("svg text").evaluate_all("""nodes => nodes
        .filter(n => n.textContent.trim() && getComputedStyle(n).opacity !== "0"
                     && n.getAttribute("opacity") !== "0")
        .map(n => { const b = n.getBoundingClientRect();
                    return {text: n.textContent.trim(), x: b.x, width: b.width}; })""")


def svg_texts(page, test_id: str) -> list[str]:
    return [t["text"] for t in drawn(page, test_id)]


def no_broken_numbers(texts: list[str]) -> None:
    assert not [t for t in texts if "000000" in t], texts
    # A month name glued to a year ("Oktober2025") or a month and year run together.
    assert not [t for t in texts if re.search(r"[A-Za-z]\d{4}", t)], texts


def test_maps_and_the_dashboard_charts_read_in_indonesian(page, server, provinsi_user,
                                                          province):  # noqa: F811
    create_demo_counts(last_month=date(2026, 5, 1), months=30)
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)

    page.goto(server.url + reverse("coverage:dashboard"))
    legend = svg_texts(page, "coverage-map")
    no_broken_numbers(legend)
    assert {"10\u00a0%", "30\u00a0%", "60\u00a0%"} <= set(legend), legend
    page.get_by_test_id("coverage-map").locator(
        "path[aria-label*='Kabupaten Sambas']").first.hover()
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_contain_text("Kabupaten Sambas")
    assert re.search(r"\d+,\d\u00a0%", tooltip.inner_text()), tooltip.inner_text()

    page.goto(server.url + reverse("regions:detail", args=["61"]))
    texts = svg_texts(page, "region-map")
    no_broken_numbers(texts)
    bounds = [t for t in texts if re.fullmatch(r"\d{1,3}(\.\d{3})+", t)]
    assert bounds, texts  # class bounds such as "400.000", thousands grouped by a dot
    assert not [t for t in texts if re.fullmatch(r"[\d.]+,\d+", t)], texts

    page.goto(server.url + reverse("coverage:region", args=["61.01"]))
    series = svg_texts(page, "series-chart")
    no_broken_numbers(series)
    months = [t for t in series if re.fullmatch(r"\w{3} \d{4}", t)]
    assert len(months) >= 3 and all(m.split()[0] in MONTHS for m in months), series
    assert len(months) == len(set(months))
    # Labels that would touch are left out: the drawn ones stand apart.
    boxes = sorted((t for t in drawn(page, "series-chart") if t["text"] in months),
                   key=lambda b: b["x"])
    assert all(a["x"] + a["width"] < b["x"] for a, b in zip(boxes, boxes[1:], strict=False))

    counts = svg_texts(page, "ecosystem-chart")
    no_broken_numbers(counts)
    ticks = [t for t in counts if re.fullmatch(r"[\d.,]+", t)]
    assert "0" in ticks and len(ticks) >= 2, counts
    assert not [t for t in ticks if "," in t], counts  # no "0,5"
    assert len(ticks) == len(set(ticks)), counts  # no "1" twice for 0,5 and 1,5 rounded
