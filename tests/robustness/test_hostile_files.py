"""Hostile files (issue 9.3): size limits on uploads, ZIP bombs, sparse-sheet bombs and
files that only claim to be XLSX are refused with a clear message, storing nothing."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ucj.core.spreadsheets import UnsafeSpreadsheet, check_xlsx, new_workbook
from ucj.core.uploads import LimitedUploadHandler
from ucj.registry.intake.reader import UnreadableFile, read_table
from ucj.registry.models import Submission


def small_workbook(**cells) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["NIK", "NAMA", "TANGGAL LAHIR"])
    sheet.write_row(1, 0, ["6101014101900001", "Budi", "01-01-1990"])
    for ref, value in cells.items():
        sheet.write(ref, value)
    book.close()
    return buffer.getvalue()


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for member in source.infolist():
            body = content if member.filename == name else source.read(member)
            target.writestr(member.filename, body)
    return out.getvalue()


def zip_bomb(inflated_mb: int = 60) -> bytes:
    """A real workbook whose sheet inflates from about 60 KB to `inflated_mb` MB."""
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    body = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>' + row * (inflated_mb * 1024 * 1024 // len(row))
            + b"</sheetData></worksheet>")
    return replace_member(small_workbook(), "xl/worksheets/sheet1.xml", body)


def understated(data: bytes, name: str, declared: int) -> bytes:
    """`data` with `name` declaring `declared` bytes inflated (local and central headers)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    patched = bytearray(data)
    struct.pack_into("<I", patched, info.header_offset + 22, declared)
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46:position + 46 + name_length] == name.encode():
            struct.pack_into("<I", patched, position + 24, declared)
            break
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(patched)


def test_zip_bomb_is_refused_before_parsing():
    bomb = zip_bomb()
    assert len(bomb) < 200_000
    with pytest.raises(UnsafeSpreadsheet) as refused:
        check_xlsx(bomb)
    assert refused.value.code == "compression_ratio"
    with pytest.raises(UnreadableFile, match="bom ZIP"):
        read_table(bomb, "daftar.xlsx")


def test_too_much_inflated_data_and_understated_sizes_are_refused():
    data = small_workbook()
    with pytest.raises(UnsafeSpreadsheet) as refused:
        check_xlsx(data, max_uncompressed=1000)
    assert refused.value.code == "too_large"
    lying = understated(data, "xl/worksheets/sheet1.xml", 10)
    with pytest.raises(UnsafeSpreadsheet) as refused:
        check_xlsx(lying)
    assert refused.value.code == "size_mismatch"
    with pytest.raises(UnreadableFile, match="bom ZIP"):
        read_table(lying, "daftar.xlsx")


def test_sparse_sheet_that_would_make_the_reader_allocate_billions_of_cells():
    # Two cells, A1 and XFD1048576: 5 KB that made fastexcel abort the whole process.
    data = small_workbook(XFD1048576="x")
    assert len(data) < 10_000
    with pytest.raises(UnsafeSpreadsheet) as refused:
        check_xlsx(data)
    assert refused.value.code == "too_many_cells"
    assert refused.value.details["columns"] == 16384
    with pytest.raises(UnreadableFile, match="Ctrl\\+End"):
        read_table(data, "daftar.xlsx")


def test_a_normal_workbook_passes_and_is_measured():
    facts = check_xlsx(small_workbook(J20="x"))
    assert facts.sheets == {"xl/worksheets/sheet1.xml": (20, 10)}
    assert read_table(small_workbook(), "daftar.xlsx").frame.height == 2


@pytest.mark.parametrize("data", [
    b"NIK,NAMA\n6101014101900001,Budi\n",  # a CSV renamed .xlsx
    b"<html><body><table><tr><td>NIK</td></tr></table></body></html>",  # HTML "Excel" export
    bytes(range(256)) * 20,  # binary noise
    b"PK\x03\x04" + b"\x00" * 200,  # a ZIP signature and nothing behind it
])
def test_files_that_only_claim_to_be_xlsx_are_refused(data):
    with pytest.raises(UnreadableFile) as refused:
        read_table(data, "daftar.xlsx")
    assert "xlsx" in str(refused.value).lower()


def test_a_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("daftar.csv", "NIK,NAMA\n")
    with pytest.raises(UnreadableFile, match="bukan buku kerja Excel"):
        read_table(buffer.getvalue(), "daftar.xlsx")
    no_types = replace_member(small_workbook(), "[Content_Types].xml", b"")
    with pytest.raises(UnsafeSpreadsheet):
        check_xlsx(zipfile_without(no_types, "[Content_Types].xml"))


def zipfile_without(data: bytes, name: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member.filename, source.read(member))
    return out.getvalue()


# Through the upload page and the API: a message, nothing stored -------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "words"), [
    (zip_bomb(20), "bom ZIP"),
    (small_workbook(XFD1048576="x"), "Ctrl+End"),
    (b"NIK,NAMA\n6101014101900001,Budi\n", "xlsx"),
])
def test_upload_page_shows_the_reason_and_stores_nothing(client_for, sambas_user, media, data,
                                                         words):
    response = client_for(sambas_user).post(reverse("registry:upload"), {
        "regency": "61.01", "ecosystem": "rentan",
        "file": SimpleUploadedFile("daftar.xlsx", data)})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(words in error for error in errors), errors
    assert b'id="id_file"' in response.content
    assert Submission.objects.count() == 0
    assert stored_files(media) == []


@pytest.mark.django_db
def test_size_limit_on_the_page_and_the_api(client_for, sambas_user, media, settings):
    settings.UCJ_MAX_UPLOAD_MB = 1
    big = b"NIK,NAMA\n" + b"6101014101900001,Budi\n" * 60_000  # 1.3 MB
    client = client_for(sambas_user)
    response = client.post(reverse("registry:upload"), {
        "regency": "61.01", "ecosystem": "rentan", "file": SimpleUploadedFile("d.csv", big)})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    api = client.post("/api/registry/submissions", {
        "regency": "61.01", "ecosystem": "rentan", "file": SimpleUploadedFile("d.csv", big)})
    assert api.status_code == 413
    assert Submission.objects.count() == 0
    assert stored_files(media) == []


def test_upload_handler_stops_storing_past_the_limit(settings):
    settings.UCJ_MAX_UPLOAD_MB = 1
    handler = LimitedUploadHandler()
    handler.handle_raw_input(None, {}, 100, b"x")
    handler.new_file("file", "d.csv", "text/csv", None)
    chunk = b"x" * (256 * 1024)
    passed = [handler.receive_data_chunk(chunk, i * len(chunk)) for i in range(6)]
    assert passed[:4] == [chunk] * 4 and passed[4:] == [None, None]
    refused = handler.file_complete(6 * len(chunk))
    assert refused.size == 6 * len(chunk) and refused.read() == b""
    fresh = LimitedUploadHandler()
    fresh.handle_raw_input(None, {}, 50 * 1024 * 1024, b"x")  # the body alone says too large
    fresh.new_file("file", "d.csv", "text/csv", None)
    assert fresh.receive_data_chunk(b"x", 0) is None


def test_a_damaged_zip_directory_is_a_clear_refusal():
    # Found by the fuzz test: a central directory claiming "zip version 16.2" made
    # zipfile raise NotImplementedError, which escaped the reader as a server error.
    data = bytearray(small_workbook())
    position = data.find(b"PK\x01\x02")
    data[position + 6] = 162  # version needed to extract
    with pytest.raises(UnsafeSpreadsheet):
        check_xlsx(bytes(data))
    with pytest.raises(UnreadableFile):
        read_table(bytes(data), "daftar.xlsx")
