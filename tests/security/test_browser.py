"""In a real browser, under the content security policy: the charts and maps draw (Vega
with vega-interpreter, no eval), htmx loads, and no page reports a policy violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

VIOLATIONS = """() => new Promise(resolve => setTimeout(() => resolve(window.__cspViolations), 300))"""
RECORD = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"""


def test_pages_work_under_the_policy_without_violations(page, server, provinsi_user):
    page.add_init_script(RECORD)
    console = []
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)
    for path, chart in [("/wilayah/61/", "region-map"), ("/cakupan/", "coverage-map")]:
        response = page.goto(f"{server.url}{path}")
        assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
        expect(page.get_by_test_id(chart)).to_have_attribute("data-ready", "true",
                                                             timeout=15_000)
        assert page.evaluate("typeof htmx") == "object"
        assert page.evaluate(VIOLATIONS) == [], path
    assert console == []


def test_an_injected_inline_script_is_blocked(page, server, provinsi_user):
    """The policy is really enforced: a script without the nonce does not run."""
    page.add_init_script(RECORD)
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)
    page.goto(f"{server.url}/wilayah/61/")
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.body.appendChild(s); }""")
    assert page.evaluate("window.__injected === true") is False
    assert any(v.startswith("script-src") for v in page.evaluate(VIOLATIONS))
