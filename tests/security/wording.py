"""The wording rules of the page walks (issue 18 item 1): a page's visible text holds no
raw code (a snake_case token such as nik_numeric_cell) and no interface text of the other
language. Used by the access walk (every page, every role, Indonesian), by
test_wording.py (English) and by the browser walk (tests/e2e/test_pages.py)."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import polib
from django.conf import settings

from ucj.accounts.services import TOKEN_PREFIX

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
    marked with its own language inside the page (lang="id": the decree's legal wording,
    Indonesian by law; lang="en" or "id": data kept in both languages, such as the
    ecosystems' names on their master-data page)."""
    page = re.sub(r"(?is)<(script|style|template|datalist|code)\b.*?</\1>", " ", page)
    page = re.sub(r'(?is)<(span|ol|ul|p|strong|td|blockquote)\b[^>]*\blang="(?:id|en)"[^>]*>.*?</\1>',
                  " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def wording_problems(text: str, language: str, *, names: set[str]) -> list[str]:
    problems = []
    for token in SNAKE.findall(text):
        # A user name, or the shown start of an API token ("ucj_" and random letters).
        if token not in names and not token.startswith(TOKEN_PREFIX):
            problems.append(f"raw code {token!r}")
    english, indonesian = _interface_texts()
    foreign = english if language == "id" else indonesian
    problems += [f"untranslated {found[:60]!r}" for found in foreign if found in text]
    return problems
