"""The application's own error pages (DEBUG is off under pytest, as in production):
Indonesian by default, English when chosen, never Django's technical pages."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_an_unknown_address_answers_the_applications_not_found_page(client, sambas_user,
                                                                      client_for):
    anonymous = client.get("/tidak-ada/")
    assert anonymous.status_code == 404
    assert "Halaman tidak ditemukan" in anonymous.content.decode()
    signed_in = client_for(sambas_user).get("/tidak-ada/")
    text = signed_in.content.decode()
    assert signed_in.status_code == 404
    assert 'data-testid="error-404"' in text and "Kembali ke beranda" in text
    assert "Not Found" not in text and "technical" not in text
    english = client_for(sambas_user)
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Page not found" in english.get("/tidak-ada/").content.decode()


def test_a_step_the_role_may_not_take_answers_the_applications_forbidden_page(
        pimpinan_user, client_for):
    refused = client_for(pimpinan_user).post("/anggaran/", {"name": "x"})
    assert refused.status_code == 403
    text = refused.content.decode()
    assert 'data-testid="error-403"' in text and "Tidak diizinkan" in text


def test_the_server_error_page_stands_alone_in_both_languages(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):  # the database may be what failed
        page = server_error(request)
    text = page.content.decode()
    assert page.status_code == 500
    assert "Terjadi kesalahan di server" in text and "Server error" in text


def test_a_view_that_fails_answers_the_server_error_page(sambas_user, monkeypatch):
    from ucj.registry import views

    def broken(*args, **kwargs):
        raise RuntimeError("planted")

    monkeypatch.setattr(views.selectors, "submissions_for", broken)
    client = Client(raise_request_exception=False)
    client.force_login(sambas_user)
    page = client.get("/registri/kiriman/")
    assert page.status_code == 500
    assert "Terjadi kesalahan di server" in page.content.decode()
    assert "planted" not in page.content.decode()
