"""What people read (issue 18 item 1): every page of the access world, as province and
regency staff, in English (the access walk checks every role's pages in Indonesian), is
checked for raw codes (snake_case tokens such as nik_numeric_cell) and for text left in
the other language: an English interface text on an Indonesian page (a msgid the
catalogue translates), or an Indonesian interface text on an English page (a msgstr of
the catalogue). Pages only: the API speaks codes by design."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from .test_access import page_addresses
from .wording import _interface_texts, visible_text, wording_problems
from .world import World


def _walk(world: World, role: str, language: str) -> tuple[int, list[str]]:
    client = Client()
    client.force_login(world.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    names = {user.username for user in world.users.values() if user is not None}
    seen, problems = 0, []
    for _key, url, _regency, _public in page_addresses(world):
        response = client.get(url)
        if response.status_code != 200 or not response.get(
                "Content-Type", "").startswith("text/html"):
            continue
        seen += 1
        text = visible_text(response.content.decode())
        problems += [f"{role} {language} {url}: {problem}"
                     for problem in wording_problems(text, language, names=names)]
    return seen, problems


# Indonesian is checked by the access walk itself, on every page for every role.
@pytest.mark.parametrize("language", ["en"])
@pytest.mark.parametrize("role", ["provinsi", "kabupaten_sambas"])
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
    assert not wording_problems("akses_prov · op_sambas · token ucj_jl2kgt_z…", "id",
                                names={"akses_prov", "op_sambas"})
