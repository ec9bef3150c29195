"""Every main page, as each role, in both languages, in a real browser (issue 18): the
pages of the role's menu are visited, a screenshot of each is saved (under the test's
output; with $UCJ_SCREENSHOTS set, as `make screenshots` does for docs/img/halaman/, only
the Indonesian ones, which docs/panduan.md shows), and the text the browser shows is checked for raw codes and for interface text
of the other language (tests/security/wording.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in
from tests.security.wording import wording_problems

pytestmark = pytest.mark.e2e

ROLES = {"provinsi": "provinsi_user", "kabupaten": "sambas_user", "bpjs": "bpjs_user",
         "pimpinan": "pimpinan_user"}


@pytest.mark.parametrize("role", list(ROLES))
def test_every_menu_page_reads_well_in_both_languages(server, page: Page, request, role,
                                                       tmp_path):
    user = request.getfixturevalue(ROLES[role])
    for_docs = bool(os.environ.get("UCJ_SCREENSHOTS"))
    folder = Path(os.environ.get("UCJ_SCREENSHOTS") or tmp_path) / "halaman"
    folder.mkdir(parents=True, exist_ok=True)
    log_in(page, server.url, user.username, TEST_PASSWORD)
    menu = page.locator("header nav a, nav a[data-testid^='nav-']")
    links = sorted({href for href in (menu.nth(i).get_attribute("href")
                                      for i in range(menu.count())) if href and href.startswith("/")})
    assert len(links) >= 3, links
    problems, shots = [], 0
    for language in ("id", "en"):
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                                   "url": server.url}])
        for link in ["/", *links]:
            answer = page.goto(server.url + link)
            assert answer is not None and answer.status == 200, (link, answer and answer.status)
            name = link.strip("/").replace("/", "-") or "beranda"
            if language == "id" or not for_docs:
                page.screenshot(path=folder / f"{role}-{name}-{language}.png", full_page=True)
            shots += 1
            text = " ".join(page.locator("body").inner_text().split())
            problems += [f"{role} {language} {link}: {problem}"
                         for problem in wording_problems(text, language, names={user.username})]
    assert shots == 2 * (len(links) + 1)
    assert not problems, "\n".join(problems)
