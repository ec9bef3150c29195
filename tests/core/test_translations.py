from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "ucj" / "locale"


def test_every_interface_text_has_an_indonesian_translation():
    catalogue = polib.pofile(str(LOCALE / "id" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_compiled_catalogue_is_current():
    po = LOCALE / "id" / "LC_MESSAGES" / "django.po"
    mo = LOCALE / "id" / "LC_MESSAGES" / "django.mo"
    compiled = polib.mofile(str(mo))
    source = polib.pofile(str(po))
    assert {e.msgid: e.msgstr for e in compiled if not e.msgid_plural} == {
        e.msgid: e.msgstr for e in source.translated_entries() if not e.msgid_plural
    }, "run `ucj compilemessages` after editing django.po"
