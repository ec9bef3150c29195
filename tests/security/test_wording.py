"""What people read (issue 18 item 1): every page of the access world, as each role that
works with it, in Indonesian and in English, is checked for raw codes (snake_case tokens
such as nik_numeric_cell) and for text left in the other language: an English interface
text on an Indonesian page (a msgid the catalogue translates), or an Indonesian
interface text on an English page (a msgstr of the catalogue). Pages only: the API
speaks codes by design."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from .samples import PAGE_QUERIES, PAGES
from .test_access import _queries, fill, pages
from .world import REGENCIES, World

CATALOGUE = Path(settings.BASE_DIR) / "ucj" / "locale" / "id" / "LC_MESSAGES" / "django.po"
SNAKE = re.compile(r"(?<![\w./-])[a-z]+(?:_[a-z0-9]+)+(?![\w/-])")
# Interface texts long enough not to be a word the two languages share ("Status", "NIK").
MIN_LENGTH = 24


@cache
def _interface_texts() -> tuple[list[str], list[str]]:
    """(English msgids, Indonesian msgstrs) of whole sentences without placeholders."""
    english, indonesian = [], []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.msgid_plural or not entry.msgstr or entry.msgstr == entry.msgid:
            continue
        if "%" in entry.msgid or "{" in entry.msgid or "<" in entry.msgid:
            continue
        if len(entry.msgid) >= MIN_LENGTH and " " in entry.msgid:
            english.append(entry.msgid)
        if len(entry.msgstr) >= MIN_LENGTH and " " in entry.msgstr:
            indonesian.append(entry.msgstr)
    return english, indonesian


def visible_text(page: str) -> str:
    """The text a person sees, less what is deliberately not interface text: scripts,
    styles, attributes and tags; <code> (column names and codes a file must hold); text
    marked lang="id" inside the page (the decree's legal wording, Indonesian by law)."""
    page = re.sub(r"(?is)<(script|style|template|datalist|code)\b.*?</\1>", " ", page)
    page = re.sub(r'(?is)<(span|ol|ul|p|strong|td|blockquote)\b[^>]*\blang="id"[^>]*>.*?</\1>',
                  " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def wording_problems(text: str, language: str, *, names: set[str]) -> list[str]:
    problems = []
    for token in SNAKE.findall(text):
        if token not in names:
            problems.append(f"raw code {token!r}")
    english, indonesian = _interface_texts()
    foreign = english if language == "id" else indonesian
    problems += [f"untranslated {found[:60]!r}" for found in foreign if found in text]
    return problems


def _walk(world: World, role: str, language: str) -> tuple[int, list[str]]:
    client = Client()
    client.force_login(world.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    names = {user.username for user in world.users.values() if user is not None}
    seen, problems = 0, []
    for page in pages():
        if page.params:
            sample = PAGES.get(page.key)
            if sample is None:
                continue  # the access walk reports a page without a sample
            targets = [sample.kwargs(world, r) for r in
                       (REGENCIES if sample.per_regency else REGENCIES[:1])]
        else:
            targets = [{}]
        for kwargs in targets:
            for query in _queries(PAGE_QUERIES, page.key):
                url = fill(page.route, kwargs) + query
                response = client.get(url)
                if response.status_code != 200 or not response.get(
                        "Content-Type", "").startswith("text/html"):
                    continue
                seen += 1
                text = visible_text(response.content.decode())
                problems += [f"{role} {language} {url}: {problem}"
                             for problem in wording_problems(text, language, names=names)]
    return seen, problems


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("role", ["provinsi", "kabupaten_sambas", "pimpinan"])
def test_pages_show_no_raw_codes_and_no_text_of_the_other_language(world, role, language):
    seen, problems = _walk(world, role, language)
    assert seen > 15, f"only {seen} pages answered"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(set(problems)))


def test_the_wording_check_finds_a_code_and_a_text_left_in_english():
    english, indonesian = _interface_texts()
    page = f"<p>Alasan: nik_numeric_cell</p><p>{english[0]}</p><script>var a_b = 1;</script>"
    found = wording_problems(visible_text(page), "id", names=set())
    assert found == ["raw code 'nik_numeric_cell'", f"untranslated {english[0][:60]!r}"]
    assert wording_problems(visible_text(f"<p>{indonesian[0]}</p>"), "en", names=set())
    assert not wording_problems("akses_prov · op_sambas", "id", names={"akses_prov", "op_sambas"})
