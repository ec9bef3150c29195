import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from ucj.regions.models import Denominator
from ucj.regions.services import DenominatorImportError, import_denominators

ROOT = Path(__file__).resolve().parents[2]
HEADER = "kode,tahun,jenis,nilai,sumber,tanggal_referensi\n"


def test_import_creates_then_updates_by_region_year_kind_source(kalbar):
    data = (HEADER + "61.01,2022,bps_employed,282918,BPS Sambas Sakernas Agustus 2022,2022-08-31\n"
            "61,2024,bps_labour_force,3010000,BPS Kalbar Sakernas Agustus 2024,2024-08-31\n")
    result = import_denominators(data=data.encode())
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    sambas = Denominator.objects.get(region_id="61.01")
    assert (sambas.value, sambas.reference_date) == (282_918, date(2022, 8, 31))

    again = import_denominators(
        data=(HEADER + "61.01,2022,bps_employed,283000,BPS Sambas Sakernas Agustus 2022,2022-08-31\n").encode())
    assert (again.created, again.updated) == (0, 1)
    assert Denominator.objects.get(region_id="61.01").value == 283_000
    # Another source for the same year and kind is kept beside it, not over it.
    import_denominators(data=(HEADER + "61.01,2022,bps_employed,290000,Sumber lain,2022-12-31\n").encode())
    assert Denominator.objects.filter(region_id="61.01").count() == 2


def test_semicolon_windows_1252_file_with_thousands_separators(kalbar):
    text = ("kode;tahun;jenis;nilai;sumber;tanggal_referensi\n"
            "61.72;2024;other;249.954;Dukcapil Desember 2024 — penduduk;2024-12-31\n")
    result = import_denominators(data=text.encode("cp1252"))
    assert result.created == 1
    stored = Denominator.objects.get(region_id="61.72")
    assert stored.value == 249_954
    assert stored.source == "Dukcapil Desember 2024 — penduduk"


def test_one_bad_row_stores_nothing_and_every_bad_row_is_reported(kalbar):
    data = (HEADER
            + "61.01,2022,bps_employed,282918,BPS,2022-08-31\n"
            + "99.99,20x2,employed,-5,,31-08-2022\n"
            + "61.02,2023,bps_employed,1000,BPS,2023-08-31\n"
            + "61.03,2023,bps_employed,abc,BPS,2023-08-31\n")
    with pytest.raises(DenominatorImportError) as failed:
        import_denominators(data=data.encode())
    errors = failed.value.result.errors
    assert len(errors) == 2
    assert errors[0].startswith("Baris 3:")
    for fragment in ("kode wilayah '99.99' tidak dikenal", "tahun '20x2'", "jenis 'employed'",
                     "nilai '-5'", "sumber kosong", "tanggal_referensi '31-08-2022'"):
        assert fragment in errors[0]
    assert errors[1].startswith("Baris 5:") and "nilai 'abc'" in errors[1]
    assert Denominator.objects.count() == 0
    with translation.override("en"), pytest.raises(DenominatorImportError) as failed:
        import_denominators(data=data.encode())
    english = failed.value.result.errors[0]
    assert english.startswith("Row 3: region code '99.99' is not known") and "Baris" not in english


def test_missing_columns_are_named(kalbar):
    with pytest.raises(DenominatorImportError) as failed:
        import_denominators(data=b"kode,tahun,nilai\n61.01,2022,5\n")
    assert "jenis, sumber, tanggal_referensi" in failed.value.result.errors[0]


def test_command_reports_one_line_and_exit_2_on_bad_input(tmp_path):
    missing = subprocess.run([sys.executable, "manage.py", "import-denominators",
                              str(tmp_path / "tidak-ada.csv")], cwd=ROOT, capture_output=True,
                             text=True)
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0
    assert "berkas tidak ditemukan" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_only_province_staff_import_denominators(kalbar, sambas_user, bpjs_user, pimpinan_user,
                                                  provinsi_user):
    from django.core.exceptions import PermissionDenied

    data = (HEADER + "61.01,2022,bps_employed,290000,BPS,2022-12-31\n").encode()
    for user in (sambas_user, bpjs_user, pimpinan_user):
        with pytest.raises(PermissionDenied):
            import_denominators(data=data, user=user)
    assert not Denominator.objects.filter(region_id="61.01", year=2022).exists()
    assert import_denominators(data=data, user=provinsi_user).ok
