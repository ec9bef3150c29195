"""The national emblem and the office logo of the decree heading (Permendagri 80/2015):
uploads checked by content, the PDF printing the picture (or the placeholder box), and an
issued decree keeping the picture it was issued with."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tests.decrees.conftest import accepted, draft_decree, worker_ids
from tests.decrees.pictures import SVG, png
from ucj.accounts.models import AuditAction, AuditEvent
from ucj.decrees import documents, images, services
from ucj.decrees.models import DocumentImage, ImageKind, Issuer

pytestmark = pytest.mark.django_db
PLACEHOLDER = "tempat gambar: belum dipasang"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client, data: bytes, name: str = "garuda.png", kind: str = "emblem"):
    return client.post(reverse("decrees:images"),
                       {"kind": kind, "file": SimpleUploadedFile(name, data)},
                       HTTP_ACCEPT_LANGUAGE="id")


def first_page(content: bytes):
    return PdfReader(io.BytesIO(content)).pages[0]


def image_sizes(page) -> list[tuple[int, int]]:
    """(width, height) of every image XObject the page draws, inside forms too."""
    found = []

    def walk(resources):
        xobjects = (resources or {}).get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found.append((int(obj["/Width"]), int(obj["/Height"])))
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))
    walk(page.get("/Resources"))
    return found


# --- which files are accepted (pure) -------------------------------------------------------


def test_png_and_svg_are_recognised_by_content_not_name():
    assert images.identify(png()).extension == "png"
    assert images.identify(b"\xef\xbb\xbf" + SVG).extension == "svg"
    images.renders(png(), images.identify(png()))
    images.renders(SVG, images.identify(SVG))


@pytest.mark.parametrize(("data", "reason"), [
    (b"%PDF-1.4\n%%EOF\n", images.NOT_AN_IMAGE),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", images.NOT_AN_IMAGE),  # a JPEG
    (b"", images.EMPTY),
    (b"\x89PNG\r\n\x1a\n\x00\x00", images.BROKEN_PNG),
    (b"<html><body>garuda</body></html>", images.NOT_AN_IMAGE),
    (b"<svg>no namespace</svg>", images.NOT_AN_IMAGE),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', images.BROKEN_SVG),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     images.UNSAFE_SVG),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', images.UNSAFE_SVG),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     b'<image x:href="file:///etc/passwd"/></svg>', images.UNSAFE_SVG),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     images.UNSAFE_SVG),
])
def test_other_files_are_refused_saying_why(data, reason):
    with pytest.raises(images.ImageRefused) as refused:
        images.identify(data)
    assert refused.value.reason == reason


def test_size_limit_and_a_png_cut_short():
    with pytest.raises(images.ImageRefused) as refused:
        images.identify(png(), limit=len(png()) - 1)
    assert refused.value.reason == images.TOO_BIG
    cut = png(32, 32)[:-20]
    with pytest.raises(images.ImageRefused) as refused:
        images.renders(cut, images.identify(cut))
    assert refused.value.reason == images.NOT_DRAWN


# --- the upload page -----------------------------------------------------------------------


def test_province_staff_upload_the_emblem(provinsi_user, media):
    client = _client(provinsi_user)
    assert client.get(reverse("decrees:images")).status_code == 200
    response = _upload(client, png())
    assert response.status_code == 302 and response.url == reverse("decrees:images")
    image = DocumentImage.objects.get()
    assert (image.kind, image.extension, image.size) == (ImageKind.EMBLEM, "png", len(png()))
    assert image.file.read() == png() and image.uploaded_by == provinsi_user
    assert (media / image.file.name).is_file()
    event = AuditEvent.objects.get(action=AuditAction.CREATE,
                                   object_type="decrees.documentimage")
    assert event.detail["sha256"] == image.sha256 and event.detail["replaces"] is None
    page = client.get(reverse("decrees:images")).content.decode()
    assert 'data-testid="image-preview-emblem"' in page and "data:image/png;base64," in page
    assert image.sha256 in page


@pytest.mark.parametrize(("data", "name"), [
    (b"%PDF-1.4\n%%EOF\n", "garuda.png"),  # the name says PNG; the content does not
    (png(padding=images.MAX_BYTES), "garuda.png"),  # a real PNG over 2 MB
])
def test_wrong_type_or_too_big_is_refused_in_indonesian(provinsi_user, data, name):
    response = _upload(_client(provinsi_user), data, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Yang diterima: gambar PNG atau gambar SVG paling besar 2 MB." in page
    assert not DocumentImage.objects.exists()


def test_regency_operator_and_bpjs_cannot_upload(sambas_user, bpjs_user, provinsi_user):
    for user in (sambas_user, bpjs_user):
        client = _client(user)
        assert client.get(reverse("decrees:images")).status_code == 404
        assert _upload(client, png()).status_code in (403, 404)
        with pytest.raises(PermissionDenied):
            services.upload_image(user=user, kind="emblem", data=png())
    assert not DocumentImage.objects.exists()


# --- the PDF -------------------------------------------------------------------------------


@pytest.fixture
def draft(adopted, sambas_user, checker, provinsi_user):
    accepted(sambas_user, checker, adopted, worker_ids=worker_ids("D", "E", "F"))
    return draft_decree(provinsi_user, adopted)


def test_without_emblem_the_pdf_prints_the_placeholder(draft, provinsi_user):
    page = first_page(documents.pdf(provinsi_user, draft).content)
    assert PLACEHOLDER in " ".join(page.extract_text().split())
    assert image_sizes(page) == []


def test_with_a_png_emblem_the_pdf_draws_it(draft, provinsi_user):
    services.upload_image(user=provinsi_user, kind="emblem", data=png(8, 9))
    page = first_page(documents.pdf(provinsi_user, draft).content)
    assert image_sizes(page) == [(8, 9)]
    assert PLACEHOLDER not in page.extract_text()
    assert "GUBERNUR KALIMANTAN BARAT" in page.extract_text()


def test_with_an_svg_emblem_the_pdf_draws_the_drawing(draft, provinsi_user):
    before = first_page(documents.pdf(provinsi_user, draft).content).get_contents().get_data()
    services.upload_image(user=provinsi_user, kind="emblem", data=SVG)
    page = first_page(documents.pdf(provinsi_user, draft).content)
    assert PLACEHOLDER not in page.extract_text()
    # The triangle's colour #b8860b (184, 134, 11) is filled somewhere in the page's
    # drawing: in its content stream or in a form it draws.
    streams = [page.get_contents().get_data()]

    def forms(resources):
        for ref in ((resources or {}).get("/XObject") or {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Form":
                streams.append(obj.get_data())
                forms(obj.get("/Resources"))
    forms(page.get("/Resources"))
    drawn = b"\n".join(streams)
    assert b"0.72156864 0.5254902 0.043137256" in drawn or b".72156864 .5254902 .043137256" in drawn
    assert b".5254902" not in before


def test_head_of_office_letterhead_prints_the_office_logo(adopted, sambas_user, checker,
                                                          provinsi_user):
    accepted(sambas_user, checker, adopted, worker_ids=worker_ids("D", "E", "F"))
    decree = draft_decree(provinsi_user, adopted, issuer=Issuer.HEAD_OF_OFFICE)
    services.upload_image(user=provinsi_user, kind="emblem", data=png(8, 8))
    page = first_page(documents.pdf(provinsi_user, decree).content)
    assert image_sizes(page) == []  # no emblem on a head of office's decree
    assert PLACEHOLDER not in page.extract_text()
    services.upload_image(user=provinsi_user, kind="office_logo", data=png(5, 7))
    page = first_page(documents.pdf(provinsi_user, decree).content)
    assert image_sizes(page) == [(5, 7)]
    assert "PEMERINTAH PROVINSI KALIMANTAN BARAT" in page.extract_text()


def test_an_issued_decree_keeps_its_emblem_after_a_new_upload(draft, provinsi_user):
    first = services.upload_image(user=provinsi_user, kind="emblem", data=png(8, 9))
    issued = services.issue_decree(user=provinsi_user, decree=draft)
    assert issued.heading_image == first
    event = AuditEvent.objects.filter(object_type="decrees.decree").latest("pk")
    assert event.detail["heading_image_sha256"] == first.sha256
    second = services.upload_image(user=provinsi_user, kind="emblem", data=png(16, 12))
    assert second.sha256 != first.sha256
    issued.refresh_from_db()
    assert image_sizes(first_page(documents.pdf(provinsi_user, issued).content)) == [(8, 9)]
    assert DocumentImage.objects.count() == 2  # the earlier one is kept


def test_a_decree_issued_without_emblem_keeps_the_placeholder(draft, provinsi_user):
    client = _client(provinsi_user)
    page = client.get(reverse("decrees:decree", args=[draft.pk]),
                      HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Lambang negara belum dipasang" in page
    review = client.get(reverse("decrees:decree_issue", args=[draft.pk]),
                        HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Lambang negara belum dipasang: keputusan diterbitkan dengan kotak" in review
    issued = services.issue_decree(user=provinsi_user, decree=draft)
    assert issued.heading_image is None
    services.upload_image(user=provinsi_user, kind="emblem", data=png())
    pdf_page = first_page(documents.pdf(provinsi_user, issued).content)
    assert PLACEHOLDER in " ".join(pdf_page.extract_text().split()) and image_sizes(pdf_page) == []
    page = client.get(reverse("decrees:decree", args=[issued.pk]),
                      HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Lambang negara belum dipasang" in page


def test_the_decree_page_stops_warning_once_the_emblem_is_installed(draft, provinsi_user):
    client = _client(provinsi_user)
    services.upload_image(user=provinsi_user, kind="emblem", data=SVG)
    page = client.get(reverse("decrees:decree", args=[draft.pk]),
                      HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'data-testid="emblem-missing"' not in page


def test_the_same_picture_twice_is_refused(provinsi_user):
    services.upload_image(user=provinsi_user, kind="emblem", data=png())
    with pytest.raises(services.DecreeError):
        services.upload_image(user=provinsi_user, kind="emblem", data=png())
    assert DocumentImage.objects.count() == 1
