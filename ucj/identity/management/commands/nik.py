"""`ucj nik [--json] [NIK ...]`: check NIKs without a database.

NIKs come from the arguments or, when there are none, one per line from standard
input (an empty line is checked too and reported as nik_empty). With --json each
verdict is one JSON object per line (NikResult.to_json_dict); without it, one line in
the command's language (ucj.core.commands). The exit status is 0 whatever the verdicts are: they are the output.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.core.management.base import CommandParser
from django.utils.dates import MONTHS
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.core.messages import reason_sentence
from ucj.identity.nik import NikResult, display_name, parse
from ucj.regions.codebook import Codebook, load_codebook

SEX_NAMES = {"L": gettext_lazy("Male"), "P": gettext_lazy("Female")}


def format_date(value: date) -> str:
    """'1 Januari 1990', or '1 January 1990' for an English reader (Django's month names)."""
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def explained(code: str, message: str) -> str:
    """The pure module's message is Indonesian and carries the NIK's details; a reader of
    another language gets the reason code's sentence from the catalogue instead."""
    if (get_language() or "id").startswith("id"):
        return message
    return reason_sentence(code)


def region_text(result: NikResult, codebook: Codebook) -> str:
    """The kecamatan code and the names the codebook knows, most specific first:
    "61.01.01 Sambas, Kabupaten Sambas, Kalimantan Barat"."""
    codes = (result.region, result.regency, result.province)
    names = [display_name(entry.name) for code in codes if (entry := codebook.get(code or ""))]
    return f"{result.region} {', '.join(names)}" if names else str(result.region)


def human_line(result: NikResult, codebook: Codebook) -> str:
    shown = result.input.strip() or _("(empty)")
    if not result.valid:
        return _("%(input)s: NOT VALID [%(reason)s] %(message)s") % {
            "input": shown, "reason": result.reason,
            "message": explained(str(result.reason), result.message)}
    line = _("%(nik)s: valid; %(sex)s; born %(born)s; region %(region)s") % {
        "nik": result.nik, "sex": SEX_NAMES.get(result.sex or "", "?"),
        "born": format_date(result.birth_date) if result.birth_date else "?",
        "region": region_text(result, codebook)}
    for warning in result.warnings:  # on the same line: one line per NIK
        line += _(" | warning [%(code)s]: %(message)s") % {
            "code": warning.code, "message": explained(warning.code, warning.message)}
    return line


def stdin_lines(stream: Any) -> Iterator[str]:
    """Lines without their line ending. Bytes are read as UTF-8 (a byte-order mark is
    dropped, undecodable bytes become U+FFFD and are then reported as nik_format)."""
    buffer = getattr(stream, "buffer", None)
    first = True
    lines: Iterable[str]
    if buffer is not None:
        lines = (raw.decode("utf-8", errors="replace") for raw in buffer)
    else:
        lines = stream
    for line in lines:
        if first:
            line = line.removeprefix("\ufeff")
            first = False
        yield line.rstrip("\r\n")


class Command(UcjCommand):
    help = (
        "Periksa NIK (16 digit): dari argumen, atau satu NIK per baris dari standar input. "
        "Tanpa basis data; status keluar 0 walaupun ada NIK yang tidak sah."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "niks",
            nargs="*",
            metavar="NIK",
            help="NIK yang diperiksa; tanpa argumen, dibaca dari standar input (satu per baris).",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Satu objek JSON per baris: input, valid, nik, sex, birth_date, region, "
            "reason, message, warnings.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        codebook = load_codebook()
        niks: Iterable[str] = options["niks"] or stdin_lines(options.get("stdin") or sys.stdin)
        as_json = options["json"]
        write = self.stdout.write
        for text in niks:
            result = parse(text, codebook)
            if as_json:
                write(json.dumps(result.to_json_dict(), ensure_ascii=False))
            else:
                write(human_line(result, codebook))
