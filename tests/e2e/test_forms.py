"""Forms in a real browser (issue 18 item 2): a checkbox's label sits right beside it."""

import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def _beside(box, label) -> None:
    b, lab = box.bounding_box(), label.bounding_box()
    # The checkbox keeps its own size instead of stretching across the form ...
    assert b["width"] <= 24, (b, lab)
    # ... the text of its label starts just right of it (a few pixels of gap, no more) ...
    gap = lab["x"] - (b["x"] + b["width"])
    assert 0 <= gap <= 16, (b, lab)
    # ... on the same line: their vertical middles within a few pixels.
    assert abs((lab["y"] + lab["height"] / 2) - (b["y"] + b["height"] / 2)) <= 6, (b, lab)


def test_the_label_of_a_checkbox_sits_beside_it(page, server, provinsi_user):
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)
    page.goto(f"{server.url}/anggaran/")
    form = page.get_by_test_id("budget-form")
    # A yes/no field: the checkbox first, its label right after it.
    box = form.locator("input[name=include_jht]")
    label = form.locator("label[for=id_include_jht]")
    expect(label).to_be_visible()
    _beside(box, label)
    label.click()
    expect(box).to_be_checked()
    # A choice of several: each checkbox inside its label, its text right after it.
    text = form.locator("label:has(input[name=ecosystems])").first
    option = text.locator("input")
    option_box = option.bounding_box()
    words = text.evaluate("""l => {
        const node = [...l.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
        const range = document.createRange(); range.selectNodeContents(node);
        const r = range.getBoundingClientRect(); return {x: r.x, y: r.y, height: r.height};
    }""")
    assert option_box["width"] <= 24
    assert 0 <= words["x"] - (option_box["x"] + option_box["width"]) <= 16, (option_box, words)
    assert abs((words["y"] + words["height"] / 2)
               - (option_box["y"] + option_box["height"] / 2)) <= 6, (option_box, words)
    # The buttons carry their role.
    expect(form.locator("button[type=submit]")).to_have_class("primary")
