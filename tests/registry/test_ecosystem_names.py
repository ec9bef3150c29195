"""Ecosystem names are data (the province may rename them), kept in Indonesian and in
English: pages, forms and workbooks show the one of the reader's language."""

from __future__ import annotations

import importlib

from django.apps import apps as django_apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ucj.registry.models import Ecosystem
from ucj.registry.selectors import ecosystem_labels

from .test_views import upload


def test_each_seeded_ecosystem_has_an_english_name(kalbar):
    for ecosystem in Ecosystem.objects.all():
        assert ecosystem.name_en and ecosystem.name_en != ecosystem.name
    with translation.override("en"):
        assert ecosystem_labels()["perangkat_desa"] == "Village officials"
        assert str(Ecosystem.objects.get(code="sawit")) == "Palm-oil plantation workers"
    with translation.override("id"):
        assert ecosystem_labels()["perangkat_desa"] == "Perangkat desa"
        assert str(Ecosystem.objects.get(code="sawit")) == "Pekerja perkebunan sawit"


def test_an_ecosystem_without_an_english_name_reads_in_indonesian_in_english(kalbar):
    Ecosystem.objects.create(code="nelayan", name="Nelayan", sort_order=9)
    with translation.override("en"):
        assert ecosystem_labels()["nelayan"] == "Nelayan"


def test_the_seed_keeps_an_english_name_the_province_gave(kalbar):
    Ecosystem.objects.filter(code="guru").update(name_en="Teachers")
    importlib.import_module("ucj.registry.migrations.0011_ecosystem_name_en").seed(
        django_apps, None)
    assert Ecosystem.objects.get(code="guru").name_en == "Teachers"


def test_pages_and_the_upload_form_name_ecosystems_in_the_readers_language(
        client_for, sambas_user, people_file):
    client = client_for(sambas_user)
    upload(client, people_file())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("registry:submissions")).content.decode()
    form = client.get(reverse("registry:upload")).content.decode()
    assert "Village officials" in english and "Perangkat desa" not in english
    assert "Palm-oil plantation workers" in form and "Pekerja perkebunan sawit" not in form
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.get(reverse("registry:submissions")).content.decode()
    assert "Perangkat desa" in indonesian and "Village officials" not in indonesian
