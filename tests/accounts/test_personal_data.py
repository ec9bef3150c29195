from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from ucj.accounts import personal_data

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load personal_data %}[{% nik value %}]")


def render_for(user, value="6101014107900001"):
    request = RequestFactory().get("/")
    request.user = user
    return TEMPLATE.render(Context({"request": request, "value": value}))


def test_leaders_see_masked_niks(pimpinan_user):
    assert render_for(pimpinan_user) == "[6101********0001]"


def test_working_roles_see_the_whole_nik(provinsi_user, sambas_user, bpjs_user):
    for user in (provinsi_user, sambas_user, bpjs_user):
        assert render_for(user) == "[6101014107900001]"


def test_no_user_means_masked(kalbar):
    assert TEMPLATE.render(Context({"value": "6101014107900001"})) == "[6101********0001]"


BIRTH = Template("{% load personal_data %}[{% birth_heading %}: {% birth_date value %}]"
                 "[{% personal_text message %}]")


def render_birth(user, value=date(1990, 7, 1), message="Tanggal lahir di kolom (01-07-1990)"):
    request = RequestFactory().get("/")
    request.user = user
    return BIRTH.render(Context({"request": request, "value": value, "message": message}))


def test_leaders_see_the_birth_year_only(pimpinan_user):
    with translation.override("en"):
        assert render_birth(pimpinan_user) == "[Birth year: 1990][Tanggal lahir di kolom (1990)]"
    with translation.override("id"):
        assert render_birth(pimpinan_user).startswith("[Tahun lahir: 1990]")
    assert TEMPLATE.render(Context({"value": "6101014107900001"})) == "[6101********0001]"


def test_working_roles_see_the_birth_date(provinsi_user, sambas_user, bpjs_user):
    for user in (provinsi_user, sambas_user, bpjs_user):
        with translation.override("en"):
            assert render_birth(user) == ("[Birth date: 01-07-1990]"
                                          "[Tanggal lahir di kolom (01-07-1990)]")


def test_no_birth_date_shows_nothing(pimpinan_user, provinsi_user):
    for user in (pimpinan_user, provinsi_user):
        assert ": ]" in render_birth(user, value=None)


def test_nik_search_is_limited_to_the_region_prefix_for_leaders(pimpinan_user, provinsi_user):
    assert personal_data.nik_search_refusal(pimpinan_user, "610101") == ""
    assert personal_data.nik_search_refusal(pimpinan_user, " 61.01.01 ") == ""
    assert personal_data.nik_search_refusal(pimpinan_user, "") == ""
    with translation.override("id"):
        refusal = personal_data.nik_search_refusal(pimpinan_user, "6101-0101-07")
    assert "6 digit pertamanya" in refusal and "10 digit" in refusal
    with pytest.raises(personal_data.NikSearchRefused):
        personal_data.check_nik_search(pimpinan_user, "6101014")
    personal_data.check_nik_search(provinsi_user, "6101014107900001")


def test_person_fields(pimpinan_user, provinsi_user):
    born = date(1990, 7, 1)
    assert personal_data.person_fields(pimpinan_user, nik="6101014107900001", birth_date=born) \
        == {"nik": "6101********0001", "birth_date": None, "birth_year": 1990}
    assert personal_data.person_fields(provinsi_user, nik="6101014107900001", birth_date=born,
                                       prefix="worker_") \
        == {"worker_nik": "6101014107900001", "worker_birth_date": born,
            "worker_birth_year": 1990}
