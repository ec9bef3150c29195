"""Times in WIB and dates as dates (issue 18 item 6): a moment reads the same on a page
and in a workbook (Asia/Pontianak, never UTC), workbooks hold real dates, pages name one
format per kind of date instead of spelling formats out."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import polars as pl
from django.template import Context, Template
from django.utils import translation

from ucj.core.workbooks import table_workbook
from ucj.registry.intake.report import build_error_workbook

MOMENT = datetime(2026, 12, 4, 14, 39, tzinfo=UTC)  # 21:39 in Pontianak
TEMPLATES = Path(__file__).resolve().parents[2] / "ucj" / "templates"


def _render(text: str, language: str) -> str:
    with translation.override(language):
        return Template(text).render(Context({"moment": MOMENT, "day": date(2026, 12, 3)}))


def test_pages_show_days_months_and_moments_in_one_format_per_language():
    page = ('{{ day|date }} | {{ day|date:"YEAR_MONTH_FORMAT" }} | '
            '{{ moment|date:"DATETIME_FORMAT" }}')
    assert _render(page, "id") == "3 Desember 2026 | Desember 2026 | 4 Desember 2026 21.39 WIB"
    assert _render(page, "en") == "3 December 2026 | December 2026 | 4 December 2026 21:39 WIB"


def test_templates_name_their_date_formats_instead_of_spelling_them_out():
    """A spelled-out format is allowed only where a machine reads it: an <input
    type="date"> value or a data attribute (Y-m-d), the ISO moment ('c'), a weekday's
    name (D), and the audit trail's seconds."""
    allowed = {"DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "SHORT_DATE_FORMAT", "Y-m-d", "c", "D",
               r"j F Y H:i:s \W\I\B"}
    spelled = []
    for template in TEMPLATES.rglob("*.html"):
        for found in re.finditer(r"\|(?:date|time):[\"']([^\"']*)[\"']", template.read_text()):
            if found.group(1) not in allowed:
                spelled.append(f"{template.relative_to(TEMPLATES)}: {found.group(0)}")
    assert not spelled, spelled


def test_a_workbook_shows_a_moment_in_wib_and_days_and_months_as_dates():
    data = table_workbook("Uji", ["Saat", "Hari", "Bulan"],
                          [[MOMENT, date(1988, 5, 15), date(2026, 6, 1)]],
                          widths=[20, 12, 10], dates=[1], months=[2])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    moment, day, month = sheet[2]
    assert moment.value == datetime(2026, 12, 4, 21, 39)  # WIB, as the page says
    assert moment.number_format == "dd-mm-yyyy hh:mm"
    assert (day.value, day.number_format) == (datetime(1988, 5, 15), "dd-mm-yyyy")
    assert (month.value, month.number_format) == (datetime(2026, 6, 1), "mm-yyyy")


def test_the_checked_file_gives_date_cells_back_as_dates_and_leaves_other_text_alone():
    rows = pl.DataFrame({"_row": [2, 3], "NIK": ["6101014107900000", "123"],
                         "TGL LAHIR": ["1988-05-15 00:00:00", "2026-02-30"],
                         "HP": ["+62 812-3456-7890", "0812"]})
    results = pl.DataFrame({"row_number": [2, 3], "verdict": ["accepted", "rejected"],
                            "reasons": ["", "nik_length"], "warnings": ["", ""],
                            "message": ["", "NIK harus 16 digit."]})
    data = build_error_workbook(rows=rows, headers=["NIK", "TGL LAHIR", "HP"], results=results,
                                summary={"Kiriman": "#1"}, code_counts=[])
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Hasil pemeriksaan"]
    first, second = sheet[2], sheet[3]
    assert first[1].value == "6101014107900000"  # a NIK stays text
    assert (first[2].value, first[2].number_format) == (datetime(1988, 5, 15), "dd-mm-yyyy")
    assert second[2].value == "2026-02-30"  # no such day: the text as it was
    assert first[3].value == "+62 812-3456-7890" and first[3].quotePrefix  # no apostrophe
    assert second[2].fill.fgColor.rgb == "FFF8D7DA"  # the rejected row stays shaded
