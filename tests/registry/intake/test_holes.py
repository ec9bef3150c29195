"""Issue 14, item 10: small holes of the intake found by testing as an attacker would.

- a list of column titles and nothing under them says so and stores nothing;
- a workbook whose first sheet is instructions is read from the sheet with the header,
  and says which;
- a formula cell whose result was never saved says "rumus tanpa nilai", not "NIK kosong";
- the same file uploaded twice at the same moment is taken once, the other a duplicate.

The readers and checks are tested on real workbooks (xlsxwriter and openpyxl write
formulas without calculating them); the service on the real database, the race with
two threads on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import threading
import time

import polars as pl
import pytest
from django.db import connection, transaction
from django.urls import reverse

from tests.registry.intake import NIK_A, NIK_B, NIK_C, SAMBAS, TODAY, csv_bytes, lookup
from ucj.registry import services
from ucj.registry.intake import check_rows, detect_header, read_table
from ucj.registry.intake.headers import has_data_below, has_header
from ucj.registry.models import Submission, SubmissionRow, SubmissionStatus, Worker

INSTRUCTIONS = [
    "PETUNJUK PENGISIAN",
    "1. Isi NIK 16 digit sebagai teks, bukan angka.",
    "2. Nama sesuai KTP; tanggal lahir seperti 17-08-1985.",
    "3. Jangan mengubah judul kolom di lembar Data.",
]
HEADER = ["NIK", "NAMA", "TANGGAL LAHIR", "L/P"]


def workbook(rows: list[list], *, instructions: bool = False, formulas: dict | None = None,
             values: dict | None = None) -> bytes:
    """rows on sheet "Data" (text cells); `formulas` {(row, col): formula} written by
    xlsxwriter without a result unless `values` gives one; an instructions sheet first."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    if instructions:
        notes = book.add_worksheet("Petunjuk pengisian")
        for r, line in enumerate(INSTRUCTIONS):
            notes.write_string(r, 0, line)
    sheet = book.add_worksheet("Data")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write_string(r, c, str(value))
    for (r, c), formula in (formulas or {}).items():
        value = (values or {}).get((r, c))
        if value is None:
            sheet.write_formula(r, c, formula)  # xlsxwriter stores a placeholder 0
        else:
            sheet.write_formula(r, c, formula, None, value)
    book.close()
    return buffer.getvalue()


def openpyxl_workbook(rows: list[list]) -> bytes:
    """openpyxl writes a formula (a string starting with "=") with an empty value."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Daftar"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check(data: bytes, name: str = "daftar.xlsx"):
    raw = read_table(data, name, accept=has_header)
    guess = detect_header(raw)
    checked = check_rows(raw, guess, guess.mapping, regency_code=SAMBAS,
                         desa_lookup=lookup(), today=TODAY)
    return raw, checked.frame


def by_row(frame: pl.DataFrame) -> dict[int, dict]:
    return {row["row"]: row for row in frame.iter_rows(named=True)}


# Header only ------------------------------------------------------------------------------


@pytest.mark.parametrize("data, name", [
    (csv_bytes([HEADER]), "daftar.csv"),
    (csv_bytes([["DAFTAR PERANGKAT DESA"], [], HEADER, ["", "", "", ""]]), "daftar.csv"),
    (workbook([["DAFTAR PERANGKAT DESA"], [], HEADER]), "daftar.xlsx"),
])
def test_a_header_without_rows_holds_no_data(data, name):
    raw = read_table(data, name)
    assert not has_data_below(raw, detect_header(raw))


def test_a_header_with_a_row_holds_data():
    raw = read_table(csv_bytes([HEADER, [NIK_A, "Budi", "", ""]]), "daftar.csv")
    assert has_data_below(raw, detect_header(raw))


# The sheet with the header -----------------------------------------------------------------


def test_an_instructions_sheet_in_front_is_passed_over_for_the_sheet_with_the_header():
    data = workbook([HEADER, [NIK_A, "Budi", "17-08-1985", "L"]], instructions=True)
    assert read_table(data, "daftar.xlsx").sheet_name == "Petunjuk pengisian"  # as before
    raw, frame = check(data)
    assert raw.sheet_name == "Data"
    assert frame.height == 1 and frame["verdict"].to_list() == ["accepted"]


def test_without_a_recognised_header_anywhere_the_first_sheet_is_read():
    data = workbook([["A", "B"], ["x", "y"]], instructions=True)
    raw = read_table(data, "daftar.xlsx", accept=has_header)
    assert raw.sheet_name == "Petunjuk pengisian"


# Formulas without a saved value -------------------------------------------------------------


def test_formula_cells_without_a_saved_value_are_found_and_read_as_empty():
    data = workbook(
        [HEADER, [NIK_A, None, "17-08-1985", "L"], [None, "Siti", "05-03-1990", "P"],
         [NIK_C, "Ahmad", None, "L"]],
        formulas={(1, 1): '=UPPER("budi")', (2, 0): f'="{NIK_B}"',
                  (3, 2): '="31-12-1979"', (4, 0): '="1"', (4, 1): '="2"'},
        values={(3, 2): "31-12-1979"})  # a formula given its result is read as usual
    raw = read_table(data, "daftar.xlsx")
    cells = raw.formula_cells
    assert sorted(cells["cell"].to_list()) == ["A3", "A5", "B2", "B5"]
    assert cells.filter(pl.col("cell") == "B2").row(0, named=True) == {
        "_row": 2, "column": "c1", "cell": "B2"}
    row2 = raw.frame.filter(pl.col("_row") == 2).row(0, named=True)
    assert row2["c1"] is None  # not xlsxwriter's placeholder "0"
    assert raw.frame.filter(pl.col("_row") == 4)["c2"].to_list() == ["31-12-1979"]
    assert not raw.number_cells["c1"][1]


def test_openpyxl_formulas_without_a_value_are_found_even_on_rows_calamine_drops():
    data = openpyxl_workbook([HEADER, [NIK_A, "Budi", "17-08-1985", "L"],
                              ["=CONCAT(\"6101\",\"011708850001\")", "=A2"]])
    raw, frame = check(data)
    assert raw.formula_cells["cell"].to_list() == ["A3", "B3"]
    assert raw.frame["_row"].to_list() == [1, 2, 3]  # row 3 holds nothing calamine reads
    rows = by_row(frame)
    assert rows[3]["reasons"] == ["formula_no_value"]


def test_a_formula_without_a_value_is_named_not_taken_for_an_empty_nik_or_name():
    data = workbook(
        [HEADER, [NIK_A, None, "17-08-1985", "L"], [None, "Siti", "05-03-1990", "P"],
         [NIK_C, "Ahmad", "31-12-1979", "L"]],
        formulas={(1, 1): '=UPPER("budi")', (2, 0): f'="{NIK_B}"', (4, 0): '="x"',
                  (4, 1): '="y"'})
    _, frame = check(data)
    rows = by_row(frame)
    assert rows[2]["verdict"] == "rejected" and rows[2]["reasons"] == ["formula_no_value"]
    assert "missing_name" not in rows[2]["reasons"]
    assert rows[2]["message"].startswith("Rumus tanpa nilai di sel B2 (NAMA)")
    assert "Buka dan simpan berkas di Excel" in rows[2]["message"]
    assert rows[3]["reasons"] == ["formula_no_value"]  # not nik_empty
    assert "NIK kosong" not in rows[3]["message"] and "A3 (NIK)" in rows[3]["message"]
    assert rows[4]["verdict"] == "accepted"
    # A row of nothing but formulas is a row, not a blank one or a footer.
    assert rows[5]["reasons"] == ["formula_no_value"]
    assert "A5 (NIK), B5 (NAMA)" in rows[5]["message"]


def test_a_file_without_formulas_has_none():
    raw = read_table(workbook([HEADER, [NIK_A, "Budi", "17-08-1985", "L"]]), "daftar.xlsx")
    assert raw.formula_cells is None


# The service -------------------------------------------------------------------------------


def _submit(data: bytes, name: str, *, ecosystem: str = "rentan") -> Submission:
    return services.create_submission(user=None, regency_code=SAMBAS, ecosystem_code=ecosystem,
                                      file_name=name, data=data)


@pytest.mark.django_db
def test_a_header_only_list_is_refused_and_nothing_is_stored(kalbar):
    with pytest.raises(services.IntakeError, match="hanya berisi judul kolom .baris 3"):
        _submit(csv_bytes([["DAFTAR PERANGKAT DESA"], [], HEADER]), "kosong.csv")
    with pytest.raises(services.IntakeError, match="lembar 'Data'"):
        services.import_file(data=workbook([HEADER]), file_name="kosong.xlsx",
                             regency_code=SAMBAS, ecosystem_code="rentan")
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_a_list_of_skipped_rows_only_fails_instead_of_being_done_with_none(kalbar):
    data = csv_bytes([HEADER, ["1", "2", "3", "4"], ["JUMLAH", "", "", ""]])
    with pytest.raises(services.IntakeError, match="Tidak ada baris data"):
        services.import_file(data=data, file_name="nomor.csv", regency_code=SAMBAS,
                             ecosystem_code="rentan")
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.FAILED and submission.rows == 0
    assert "Isi data pekerja" in submission.error
    assert not Worker.objects.exists()


@pytest.mark.django_db
def test_the_instructions_sheet_is_passed_over_and_the_sheet_read_is_named(
        kalbar, client_for, provinsi_user):
    data = workbook([HEADER, [NIK_A, "Budi", "17-08-1985", "L"],
                     [NIK_B, "Siti", "05-03-1990", "P"]], instructions=True)
    submission = _submit(data, "daftar.xlsx")
    assert submission.sheet_name == "Data" and submission.header_row == 1
    assert submission.preview[0][1:3] == [NIK_A, "Budi"]
    page = client_for(provinsi_user).get(reverse("registry:mapping", args=[submission.pk]))
    assert "“Data”" in page.content.decode()
    services.confirm_mapping(submission=submission, user=None, mapping=submission.mapping)
    done = services.run_intake(submission_id=submission.pk)
    assert done.status == SubmissionStatus.DONE and done.accepted == 2
    assert set(Worker.objects.values_list("name", flat=True)) == {"Budi", "Siti"}
    api = client_for(provinsi_user).get(f"/api/registry/submissions/{submission.pk}")
    assert api.json()["sheet_name"] == "Data"


@pytest.mark.django_db
def test_formula_rows_get_their_verdict_through_the_service(kalbar):
    data = workbook([HEADER, [NIK_A, "Budi", "17-08-1985", "L"], [None, "Siti", "", "P"]],
                    formulas={(2, 0): f'="{NIK_B}"'})
    summary = services.import_file(data=data, file_name="rumus.xlsx", regency_code=SAMBAS,
                                   ecosystem_code="rentan")
    submission = summary.submission
    assert (submission.rows, submission.accepted, submission.rejected) == (2, 1, 1)
    assert submission.reasons == {"formula_no_value": 1}
    row = SubmissionRow.objects.get(submission=submission, row_number=3)
    assert row.reasons == "formula_no_value" and "A3 (NIK)" in row.message


# Two uploads of the same file at the same moment --------------------------------------------


def _in_thread(target, results: list, index: int):
    def run():
        try:
            results[index] = target()
        except BaseException as error:  # reported by the test
            results[index] = error
        finally:
            connection.close()

    return threading.Thread(target=run)


PEOPLE = [HEADER, [NIK_A, "Budi", "17-08-1985", "L"], [NIK_B, "Siti", "05-03-1990", "P"]]


@pytest.mark.django_db(transaction=True)
def test_the_same_file_uploaded_twice_at_once_is_taken_once(kalbar):
    data = workbook(PEOPLE)
    start = threading.Barrier(2)
    results: list = [None, None]

    def upload():
        start.wait()
        return _submit(data, "daftar.xlsx")

    threads = [_in_thread(upload, results, i) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(isinstance(result, Submission) for result in results), results
    statuses = sorted(result.status for result in results)
    assert statuses == [SubmissionStatus.DUPLICATE, SubmissionStatus.MAPPING]
    taken = next(r for r in results if r.status == SubmissionStatus.MAPPING)
    duplicate = next(r for r in results if r.status == SubmissionStatus.DUPLICATE)
    assert duplicate.duplicate_of_id == taken.pk
    # Only the one taken can be processed.
    services.confirm_mapping(submission=taken, user=None, mapping=taken.mapping)
    assert Submission.objects.filter(status__in=services.TAKEN).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_upload_racing_an_uncommitted_one_waits_for_it_and_is_a_duplicate(kalbar):
    """Deterministic: the first upload's row is written but not committed when the second
    checks; the second must not pass (on PostgreSQL its insert waits on the unique index,
    on SQLite its transaction waits for the first)."""
    data = workbook(PEOPLE)
    first = _submit(data, "daftar.xlsx")  # for its field values
    Submission.objects.filter(pk=first.pk).delete()
    holding, results = threading.Event(), [None, None]

    def hold():
        with transaction.atomic():
            first.pk = None
            first.save()
            holding.set()
            time.sleep(1.5)  # the second upload runs into this open transaction
        return first

    def upload():
        assert holding.wait(30)
        return _submit(data, "lagi.xlsx")

    threads = [_in_thread(hold, results, 0), _in_thread(upload, results, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    held, second = results
    assert isinstance(second, Submission), second
    assert second.status == SubmissionStatus.DUPLICATE and second.duplicate_of_id == held.pk


@pytest.mark.django_db
def test_an_earlier_upload_waiting_for_its_columns_makes_the_same_file_a_duplicate(
        kalbar, client_for, provinsi_user):
    data = workbook(PEOPLE)
    first = _submit(data, "daftar.xlsx")
    assert first.status == SubmissionStatus.MAPPING
    again = _submit(data, "daftar-lagi.xlsx")
    assert again.status == SubmissionStatus.DUPLICATE and again.duplicate_of == first
    page = client_for(provinsi_user).get(reverse("registry:submission", args=[again.pk]))
    assert f"#{first.pk}" in page.content.decode()
    # A failed one does not hold the file: it may be sent again, and then cannot be
    # run again itself.
    Submission.objects.filter(pk=first.pk).update(status=SubmissionStatus.FAILED)
    third = _submit(data, "daftar-3.xlsx")
    assert third.status == SubmissionStatus.MAPPING
    with pytest.raises(services.IntakeError, match=f"kiriman #{third.pk}"):
        services.retry_submission(submission=first, user=None)


@pytest.mark.django_db
def test_the_database_refuses_a_second_live_submission_of_the_same_file(kalbar):
    from django.db import IntegrityError

    first = _submit(workbook(PEOPLE), "daftar.xlsx")
    copy = Submission.objects.get(pk=first.pk)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    copy.status = SubmissionStatus.DUPLICATE
    copy.save()  # a duplicate (or a failed one) may share the file
    assert Submission.objects.filter(file_sha256=first.file_sha256).count() == 2
