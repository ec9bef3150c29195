import pytest
from django.template import Context, Template
from django.test import RequestFactory

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
