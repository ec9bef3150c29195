import pytest
from django.urls import reverse

from ucj.accounts.models import AuditEvent
from ucj.regions.models import Denominator

pytestmark = pytest.mark.django_db


def _regency_codes_in(response) -> list[str]:
    return [child.code for child in response.context["children"]]


def test_province_page_lists_all_regencies_for_province_staff(client_for, provinsi_user):
    response = client_for(provinsi_user).get(reverse("regions:detail", args=["61"]))
    assert response.status_code == 200
    assert len(_regency_codes_in(response)) == 14
    assert response.context["map_spec"]["mark"]["type"] == "geoshape"
    assert "5.646.268" in response.text  # Indonesian number format by default


def test_regency_operator_sees_only_own_regency(client_for, sambas_user):
    client = client_for(sambas_user)
    response = client.get(reverse("regions:detail", args=["61"]))
    assert _regency_codes_in(response) == ["61.01"]
    sambas = client.get(reverse("regions:detail", args=["61.01"]))
    assert sambas.status_code == 200
    kecamatan = _regency_codes_in(sambas)
    assert len(kecamatan) == 19 and kecamatan[0] == "61.01.01"
    desa_list = client.get(reverse("regions:detail", args=["61.01.01"]))
    assert desa_list.status_code == 200 and desa_list.context["children"]


@pytest.mark.parametrize("code", ["61.02", "61.02.01", "61.02.01.2001", "11.01", "61.99"])
def test_regency_operator_gets_404_outside_own_regency(client_for, sambas_user, code):
    client = client_for(sambas_user)
    assert client.get(reverse("regions:detail", args=[code])).status_code == 404
    assert client.get(reverse("regions:map", args=[code])).status_code == 404


def test_bpjs_officer_sees_the_regencies_of_the_branch(client_for, bpjs_user):
    client = client_for(bpjs_user)
    response = client.get(reverse("regions:detail", args=["61"]))
    assert sorted(_regency_codes_in(response)) == ["61.01", "61.07", "61.72"]
    assert client.get(reverse("regions:detail", args=["61.03"])).status_code == 404


def test_map_features_are_scoped_and_carry_properties(client_for, sambas_user, provinsi_user):
    scoped = client_for(sambas_user).get(reverse("regions:map", args=["61"])).json()
    assert [f["properties"]["kode"] for f in scoped["features"]] == ["61.01"]
    full = client_for(provinsi_user).get(reverse("regions:map", args=["61"])).json()
    assert len(full["features"]) == 14
    sambas = next(f for f in full["features"] if f["properties"]["kode"] == "61.01")
    assert sambas["properties"]["penduduk"] == 651_246
    assert sambas["properties"]["jumlah_wilayah"] == 19
    districts = client_for(provinsi_user).get(reverse("regions:map", args=["61.01"])).json()
    assert len(districts["features"]) == 19


def test_anonymous_visitors_are_sent_to_login(client, kalbar):
    response = client.get(reverse("regions:detail", args=["61"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_denominator_import_page_only_for_province_staff(client_for, sambas_user, provinsi_user):
    url = reverse("regions:import_denominators")
    assert client_for(sambas_user).get(url).status_code == 404
    client = client_for(provinsi_user)
    assert client.get(url).status_code == 200


def test_denominator_import_page_shows_errors_and_stores_nothing(client_for, provinsi_user,
                                                                 tmp_path):
    client = client_for(provinsi_user)
    bad = tmp_path / "denominator.csv"
    bad.write_text("kode,tahun,jenis,nilai,sumber,tanggal_referensi\n61.01,2022,x,1,BPS,2022-08-31\n")
    with bad.open("rb") as handle:
        response = client.post(reverse("regions:import_denominators"), {"file": handle})
    assert response.status_code == 200
    assert "Baris 2" in response.text and "jenis &#x27;x&#x27; tidak dikenal" in response.text
    assert Denominator.objects.count() == 0

    good = tmp_path / "ok.csv"
    good.write_text("kode,tahun,jenis,nilai,sumber,tanggal_referensi\n"
                    "61.01,2022,bps_employed,282918,BPS Sambas,2022-08-31\n")
    with good.open("rb") as handle:
        response = client.post(reverse("regions:import_denominators"), {"file": handle})
    assert response.status_code == 302
    assert Denominator.objects.get().value == 282_918
    event = AuditEvent.objects.get(action="import")
    assert event.actor == provinsi_user and event.detail["created"] == 1
    page = client.get(reverse("regions:detail", args=["61.01"]))
    assert "282.918" in page.text and "BPS Sambas" in page.text
