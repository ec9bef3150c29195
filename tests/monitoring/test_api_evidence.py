"""Evidence through the API (issue 14, item 9): a multipart form with the file, as the
OpenAPI document says, with a Bearer token; the regency scope and the role rights of the
web page; the file checks of services.check_evidence_file."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.test import Client
from pypdf import PdfReader, PdfWriter

from ucj.accounts.models import Role
from ucj.accounts.services import create_api_token
from ucj.api.urls import api
from ucj.monitoring.models import Evidence

pytestmark = pytest.mark.django_db
PATH = "/api/monitoring/action-items/{item_id}/evidence"


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    """A 1x1 white PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def named(content: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def post(token: str, item_id: int, **fields):
    return Client().post(PATH.format(item_id=item_id), fields,
                         headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_openapi_document_describes_a_multipart_form():
    operation = api.get_openapi_schema()["paths"][PATH]["post"]
    assert [p["name"] for p in operation["parameters"]] == ["item_id"]  # no file in the query
    body = operation["requestBody"]["content"]
    assert list(body) == ["multipart/form-data"]
    properties = body["multipart/form-data"]["schema"]["properties"]
    assert properties["file"]["format"] == "binary"
    assert {"url", "note"} <= set(properties)


def test_an_operator_uploads_a_pdf_and_a_png_with_a_token(media, sambas_user, sambas_item):
    token = create_api_token(user=sambas_user, name="skrip").raw
    pdf, png = pdf_bytes(), png_bytes()
    answer = post(token, sambas_item.pk, file=named(pdf, "surat bupati.pdf"), note="Surat")
    assert answer.status_code == 201, answer.content
    assert answer.json()["file_name"] == "surat bupati.pdf"
    assert answer.json()["note"] == "Surat"
    answer = post(token, sambas_item.pk, file=named(png, "foto rapat.png"))
    assert answer.status_code == 201, answer.content
    stored = {e.file_name: e for e in Evidence.objects.filter(item=sambas_item)}
    assert set(stored) == {"surat bupati.pdf", "foto rapat.png"}
    with stored["surat bupati.pdf"].file.open("rb") as f:
        assert f.read() == pdf
    assert len(PdfReader(stored["surat bupati.pdf"].file.path).pages) == 1
    with stored["foto rapat.png"].file.open("rb") as f:
        assert f.read() == png
    assert str(media) in stored["foto rapat.png"].file.path
    # The item's detail lists both, and the file can be fetched from the page that serves it.
    detail = Client().get(f"/api/monitoring/action-items/{sambas_item.pk}",
                          headers={"Authorization": f"Bearer {token}"}).json()
    assert sorted(e["file_name"] for e in detail["evidence"]) == ["foto rapat.png",
                                                                  "surat bupati.pdf"]


def test_another_regency_gets_404_and_a_leader_403_and_nothing_is_stored(
        media, make_user, pimpinan_user, sambas_item):
    kubu = make_user("op_kubu", Role.KABUPATEN, regency="61.12")
    for user, status in ((kubu, 404), (pimpinan_user, 403)):
        token = create_api_token(user=user, name="x").raw
        answer = post(token, sambas_item.pk, file=named(pdf_bytes(), "surat.pdf"))
        assert answer.status_code == status, (user.username, answer.content)
        assert isinstance(answer.json()["detail"], str)
    assert not Evidence.objects.exists()
    assert not any(media.rglob("*.pdf"))


def test_a_bad_file_is_refused_with_a_clear_message(media, sambas_user, sambas_item):
    token = create_api_token(user=sambas_user, name="x").raw
    answer = post(token, sambas_item.pk, file=named(b"MZ\x90\x00", "notulen.exe"))
    assert answer.status_code == 422
    assert ".exe" in answer.json()["detail"] and "PDF" in answer.json()["detail"]
    answer = post(token, sambas_item.pk, file=named(b"<html>bukan pdf</html>", "surat.pdf"))
    assert answer.status_code == 422
    assert "Isi berkas" in answer.json()["detail"]
    answer = post(token, sambas_item.pk)  # neither a file nor a link
    assert answer.status_code == 422 and "berkas" in answer.json()["detail"].lower()
    assert not Evidence.objects.exists()
