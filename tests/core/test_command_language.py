"""UCJ's own commands speak the site's language (Indonesian) and English with
UCJ_LANGUAGE=en (ucj.core.commands.UcjCommand); their human text goes through gettext."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
COMMAND_MODULES = sorted([*ROOT.glob("ucj/*/management/commands/*.py"),
                          ROOT / "ucj/core/commands.py", ROOT / "ucj/core/backup.py"])


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_missing_file_error_in_indonesian_then_english(monkeypatch):
    monkeypatch.delenv("UCJ_LANGUAGE", raising=False)
    with pytest.raises(CommandError, match=r"^berkas tidak ditemukan: /no/such\.csv$"):
        call_command("import-denominators", "/no/such.csv")
    monkeypatch.setenv("UCJ_LANGUAGE", "en")
    with pytest.raises(CommandError, match=r"^file not found: /no/such\.csv$"):
        call_command("import-denominators", "/no/such.csv")


def test_nik_lines_in_indonesian_then_english(monkeypatch):
    monkeypatch.delenv("UCJ_LANGUAGE", raising=False)
    lines = run("nik", "6101010101900001", "12345").splitlines()
    assert lines[0].startswith("6101010101900001: sah; Laki-laki; lahir 1 Januari 1990; "
                               "wilayah 61.01.01 ")
    assert lines[1].startswith("12345: TIDAK SAH [nik_length] NIK harus 16 digit")

    monkeypatch.setenv("UCJ_LANGUAGE", "en")
    lines = run("nik", "6101010101900001", "12345").splitlines()
    assert lines[0].startswith("6101010101900001: valid; Male; born 1 January 1990; "
                               "region 61.01.01 ")
    assert lines[1] == "12345: NOT VALID [nik_length] A NIK has 16 digits. Check whether a " \
                       "digit is missing or one too many."
    assert not re.search(r"\b(sah|lahir|wilayah|Laki-laki|Januari|harus)\b", "\n".join(lines))


def test_summaries_verify_in_indonesian_then_english(monkeypatch, kalbar):
    monkeypatch.delenv("UCJ_LANGUAGE", raising=False)
    assert run("summaries", "verify") == "Ringkasan cocok dengan hitungan ulang penuh.\n"
    monkeypatch.setenv("UCJ_LANGUAGE", "en")
    assert run("summaries", "verify") == "The summaries match a full recount.\n"


def test_machine_output_is_the_same_in_both_languages(monkeypatch):
    monkeypatch.delenv("UCJ_LANGUAGE", raising=False)
    indonesian = run("nik", "--json", "6101010101900001", "12345")
    monkeypatch.setenv("UCJ_LANGUAGE", "en")
    assert run("nik", "--json", "6101010101900001", "12345") == indonesian


def test_the_command_language_does_not_stay_active_after_the_command(monkeypatch):
    monkeypatch.setenv("UCJ_LANGUAGE", "en")
    run("nik", "6101010101900001")
    assert translation.get_language() == "id"


@pytest.mark.parametrize("language, expected", [
    (None, "error: berkas tidak ditemukan: /no/such.csv"),
    ("en", "error: file not found: /no/such.csv"),
])
def test_the_one_error_line_of_the_ucj_script_follows_ucj_language(language, expected):
    # PYTHONPATH: the code of this checkout, whichever checkout the venv was installed from.
    env = {k: v for k, v in os.environ.items() if k != "UCJ_LANGUAGE"} | {"PYTHONPATH": str(ROOT)}
    if language:
        env["UCJ_LANGUAGE"] = language
    ucj = Path(sys.executable).parent / "ucj"
    done = subprocess.run([str(ucj), "import-denominators", "/no/such.csv"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == f"ucj import-denominators: {expected}\n"


# The check of the source: a human sentence handed straight to CommandError (or
# BackupError) or to self.stdout.write / self.stderr.write must be wrapped in _() or
# gettext(). A "sentence" is a string literal with a space and a letter in it, or an
# f-string whose own text (outside its {placeholders}) has a letter: f"  {code:<6} {n}"
# is a data line and passes, f"{n} baris" does not. Both sides of + and % and both
# branches of `x if c else y` are looked at; variables and other calls are trusted.
# ALLOWED: Django's own "Error: " prefix before argparse's (English, untranslated) message.

ERRORS = {"CommandError", "BackupError"}
ALLOWED = {"f'Error: {message}'"}
LETTER = re.compile(r"[^\W\d_]")


def _is_gettext(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id in {"_", "gettext", "gettext_lazy"}


def _untranslated(node: ast.expr) -> list[ast.expr]:
    if _is_gettext(node):
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
        return [node] if " " in text and LETTER.search(text) else []
    if isinstance(node, ast.JoinedStr):
        own = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return [node] if LETTER.search(own) else []
    if isinstance(node, ast.BinOp):
        return _untranslated(node.left) + _untranslated(node.right)
    if isinstance(node, ast.IfExp):
        return _untranslated(node.body) + _untranslated(node.orelse)
    return []


def _is_output_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in ERRORS
    return (isinstance(func, ast.Attribute) and func.attr == "write"
            and isinstance(func.value, ast.Attribute) and func.value.attr in {"stdout", "stderr"}
            and isinstance(func.value.value, ast.Name) and func.value.value.id == "self")


def untranslated_texts(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _is_output_call(node) and node.args:
            found += [f"line {bad.lineno}: {ast.unparse(bad)}" for bad in _untranslated(node.args[0])
                      if ast.unparse(bad) not in ALLOWED]
    return found


def test_the_source_check_finds_untranslated_sentences():
    source = '''
raise CommandError(f"berkas tidak ditemukan: {file}")
raise CommandError("--days harus 1 atau lebih")
self.stdout.write(f"{n} baris: " + _("done"))
self.stderr.write("a" if x else "tidak ada")
self.stdout.write(f"  {code:<6} {count:>9}")
self.stdout.write(_("file not found: %(file)s") % {"file": f"{file} x"})
raise CommandError(str(error))
'''
    assert [line.split(":")[0] for line in untranslated_texts(source)] == [
        "line 2", "line 3", "line 4", "line 5"]


@pytest.mark.parametrize("path", COMMAND_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_command_text_goes_through_gettext(path):
    assert untranslated_texts(path.read_text(encoding="utf-8")) == []
