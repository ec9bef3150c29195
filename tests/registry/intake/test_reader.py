"""Reading XLSX and CSV worker lists into text cells with the operator's row numbers."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.registry.intake import HEADER, NIK_A, NIK_B, csv_bytes, person, xlsx_bytes
from ucj.registry.intake.reader import UnreadableFile, read_table


def _cells(raw, row_number: int) -> list[object]:
    row = raw.frame.filter(pl.col("_row") == row_number).row(0, named=True)
    return [row[c] for c in raw.data_columns]


# --- CSV ----------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_csv_separators(separator):
    rows = [HEADER, person(NIK_A), person(NIK_B, name="Siti, Aminah", sex="P", no=2)]
    raw = read_table(csv_bytes(rows, separator=separator), "daftar.csv")
    assert raw.source_format == "csv"
    assert raw.separator == separator
    assert raw.encoding == "utf-8"
    assert raw.number_cells is None
    assert raw.frame.height == 3
    assert _cells(raw, 1)[:3] == ["NO", "NIK", "NAMA"]
    assert _cells(raw, 3)[1:3] == [NIK_B, "Siti, Aminah"]  # quoted separator kept in the cell
    assert raw.frame.schema["_row"] == pl.Int64


def test_semicolon_file_whose_names_contain_commas():
    rows = [["NIK", "NAMA", "JABATAN"]] + [
        [NIK_A, f"Nama {i}, S.Pd", "Guru, honorer"] for i in range(20)
    ]
    text = "\r\n".join(";".join(r) for r in rows).encode()  # unquoted commas
    raw = read_table(text, "guru.csv")
    assert raw.separator == ";"
    assert _cells(raw, 2) == [NIK_A, "Nama 0, S.Pd", "Guru, honorer"]


def test_utf8_with_bom_is_read_without_the_mark():
    raw = read_table(csv_bytes([HEADER, person(NIK_A, name="José Ñandú")], bom=True), "a.csv")
    assert raw.encoding == "utf-8-sig"
    assert _cells(raw, 1)[0] == "NO"  # not "\ufeffNO"
    assert _cells(raw, 2)[2] == "José Ñandú"


def test_windows_1252_is_decoded():
    rows = [HEADER, person(NIK_A, name="Bonifasius Ñ — José")]
    data = csv_bytes(rows, separator=";", encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not UTF-8
    raw = read_table(data, "a.csv")
    assert raw.encoding == "cp1252"
    assert raw.separator == ";"
    assert _cells(raw, 2)[2] == "Bonifasius Ñ — José"


def test_utf16_excel_unicode_text_is_read():
    data = "\r\n".join(["NIK\tNAMA", f"{NIK_A}\tJosé"]).encode("utf-16")
    raw = read_table(data, "daftar.txt")
    assert raw.encoding == "utf-16"
    assert raw.separator == "\t"
    assert _cells(raw, 2) == [NIK_A, "José"]


def test_csv_row_numbers_count_title_and_blank_lines():
    lines = [
        "DAFTAR NAMA PERANGKAT DESA",
        "KABUPATEN SAMBAS TAHUN 2026",
        "",
        ",".join(HEADER),
        ",".join(str(x) for x in person(NIK_A)),
        "",
        ",".join(str(x) for x in person(NIK_B, no=2)),
    ]
    raw = read_table("\n".join(lines).encode(), "a.csv")
    assert raw.frame.height == 7
    assert _cells(raw, 1)[0] == "DAFTAR NAMA PERANGKAT DESA"
    assert _cells(raw, 4)[:2] == ["NO", "NIK"]
    assert _cells(raw, 7)[1] == NIK_B
    assert all(value is None for value in _cells(raw, 3))
    assert len(raw.data_columns) == len(HEADER)  # the title line did not decide the width


def test_excel_sep_line_is_honoured_and_not_a_row():
    data = ("sep=;\n" + "NIK;NAMA\n" + f"{NIK_A};Budi, S.Pd\n").encode()
    raw = read_table(data, "a.csv")
    assert raw.separator == ";"
    assert _cells(raw, 1) == ["NIK", "NAMA"]
    assert _cells(raw, 2) == [NIK_A, "Budi, S.Pd"]


def test_quoted_cell_with_line_break_stays_one_row():
    data = f'NIK,NAMA,ALAMAT\n{NIK_A},Budi,"Jl. Merdeka\nRT 01"\n{NIK_B},Siti,x\n'.encode()
    raw = read_table(data, "a.csv")
    assert raw.frame.height == 3
    assert _cells(raw, 2)[2] == "Jl. Merdeka\nRT 01"
    assert _cells(raw, 3)[0] == NIK_B  # the row Excel shows


def test_short_and_long_lines_do_not_break_the_table():
    data = f"NIK,NAMA,JABATAN\n{NIK_A}\n{NIK_B},Siti,Guru,extra,more\n".encode()
    raw = read_table(data, "a.csv")
    # The widest record among the first ones decides the width: nothing is cut off.
    assert _cells(raw, 2) == [NIK_A, None, None, None, None]
    assert _cells(raw, 3) == [NIK_B, "Siti", "Guru", "extra", "more"]


def test_lines_wider_than_the_sampled_ones_are_cut_not_fatal():
    lines = ["NIK,NAMA"] + [f"{NIK_A},Budi"] * 400 + [f"{NIK_B},Siti,extra"]
    raw = read_table("\n".join(lines).encode(), "a.csv")
    assert raw.frame.height == 402
    assert _cells(raw, 402) == [NIK_B, "Siti"]


# --- XLSX ---------------------------------------------------------------------------


def test_xlsx_cells_as_text_with_excel_row_numbers():
    rows = [
        ["DAFTAR NAMA PERANGKAT DESA"],
        [],
        HEADER,
        [1, NIK_A, "Budi", date(1985, 8, 17), "L", "Dalam Kaum", "Sambas", "Kaur", "0812"],
        [2, 6101024503900010, "Siti", "05-03-1990", "P", None, None, "   ", 81234567890],
    ]
    raw = read_table(xlsx_bytes(rows, start_row=2), "daftar.xlsx")
    assert raw.source_format == "xlsx"
    assert raw.sheet_name == "Daftar"
    assert raw.encoding is None and raw.separator is None
    # Two empty rows above the title are kept so that _row is Excel's row number.
    assert raw.frame.get_column("_row").to_list() == [1, 2, 3, 4, 5, 6, 7]
    assert _cells(raw, 3)[0] == "DAFTAR NAMA PERANGKAT DESA"
    assert _cells(raw, 5)[0] == "NO"
    first = _cells(raw, 6)
    assert first[:3] == ["1", NIK_A, "Budi"]
    assert first[3].startswith("1985-08-17")  # a date cell, as ISO text
    second = _cells(raw, 7)
    assert second[1] == "6101024503900010"  # a number cell, as its digits
    assert second[7] is None  # whitespace-only cell
    assert second[8] == "81234567890"


def test_xlsx_number_cells_are_marked():
    rows = [
        HEADER,
        [1, 6101011708850000, "Budi", date(1985, 8, 17), "L"],
        [2, NIK_B, "Siti", "x", "P"],
    ]
    raw = read_table(xlsx_bytes(rows), "daftar.xlsx")
    numbers = raw.number_cells
    assert numbers is not None and numbers.shape == (3, len(raw.data_columns))
    assert numbers.get_column("c1").to_list() == [False, True, False]  # NIK: header, number, text
    assert numbers.get_column("c0").to_list() == [False, True, True]  # NO column numbers
    # A date cell is not a number cell.
    assert numbers.get_column("c3").to_list() == [False, False, False]
    assert raw.numeric_nik_candidates is numbers


def test_xlsx_skips_hidden_and_empty_sheets():
    rows = [["NIK", "NAMA"], [NIK_A, "Budi"]]
    raw = read_table(xlsx_bytes(rows, sheets=1, hidden_first=True), "a.xlsx")
    assert raw.sheet_name == "Daftar"
    raw = read_table(xlsx_bytes(rows, sheets=2), "a.xlsx")
    assert raw.sheet_name == "Daftar"
    assert _cells(raw, 2) == [NIK_A, "Budi"]


def test_xlsx_content_is_recognised_whatever_the_name():
    raw = read_table(xlsx_bytes([["NIK", "NAMA"], [NIK_A, "Budi"]]), "daftar.csv")
    assert raw.source_format == "xlsx"


# --- unreadable files ---------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "daftar.csv", "kosong"),
        (b"  \r\n \n", "daftar.csv", "kosong"),
        (OLE, "daftar.xls", "simpan ulang"),
        (OLE + "EncryptedPackage".encode("utf-16-le"), "daftar.xlsx", "kata sandi"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "daftar.pdf", "PDF"),
        (bytes(range(256)) * 20, "daftar.csv", "bukan CSV"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "foto.png", "bukan CSV"),
        (_zip({"word/document.xml": b"<w/>"}), "surat.docx", "bukan buku kerja"),
        (
            _zip(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": b"<x/>",
                }
            ),
            "daftar.ods",
            ".ods",
        ),
        (b"PK\x03\x04 rusak", "daftar.xlsx", "rusak"),
        (b"NIK,NAMA\n123,Budi\n", "daftar.xlsx", "bukan buku kerja Excel"),
        (_zip({"xl/workbook.xml": b"not xml at all"}), "daftar.xlsx", "tidak dapat dibaca"),
    ],
)
def test_unreadable_files_say_why_in_indonesian(data, name, words):
    with pytest.raises(UnreadableFile) as error:
        read_table(data, name)
    assert words in str(error.value)


def test_old_xls_asks_to_save_as_xlsx():
    with pytest.raises(UnreadableFile, match=r"\(\.xls\).*simpan ulang sebagai \.xlsx"):
        read_table(OLE, "daftar.xls")


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.text(alphabet=st.sampled_from(list("ab1,;\t\"\r\n 'é—")), max_size=300).map(
            lambda text: text.encode("utf-8")
        ),
    ),
    st.sampled_from(["daftar.csv", "daftar.xlsx", "daftar.xls", "x"]),
)
def test_any_bytes_either_read_or_refused_with_a_message(data, name):
    try:
        raw = read_table(data, name)
    except UnreadableFile as error:
        assert str(error)
        return
    assert raw.frame.columns[-1] == "_row"
    assert raw.frame.get_column("_row").to_list() == list(range(1, raw.frame.height + 1))
