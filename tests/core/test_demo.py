"""Demo data generator (ucj.core.demo) and the `ucj demo-data` command."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from ucj.core.demo import (
    COLUMNS,
    FILE_HEADERS,
    MAX_AGE,
    MIN_AGE,
    REFERENCE_DATE,
    generate_people,
    kalbar_regencies,
    write_people,
)
from ucj.identity.nik import parse
from ucj.regions.codebook import load_codebook, read_current_rows, read_population_rows

ROOT = Path(__file__).resolve().parents[2]
HEADERS = [
    "NO", "NIK", "NAMA LENGKAP", "JENIS KELAMIN (L/P)", "TANGGAL LAHIR", "DESA/KELURAHAN",
    "KECAMATAN", "KABUPATEN/KOTA", "NO. HP", "JABATAN",
]


@pytest.fixture(scope="module")
def people() -> pl.DataFrame:
    return generate_people(seed=11, persons=2000)


@pytest.fixture(scope="module")
def wilayah() -> dict[str, str]:
    return {row["kode"]: row["nama"] for row in read_current_rows()}


def age_on_reference(born: dt.date) -> int:
    ref = REFERENCE_DATE
    return ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))


# --- generator -------------------------------------------------------------------


def test_columns_and_types(people):
    assert tuple(people.columns) == COLUMNS
    assert people.height == 2000
    assert people.schema["tanggal_lahir"] == pl.Date
    for column in COLUMNS:
        if column != "tanggal_lahir":
            assert people.schema[column] == pl.String, column
    assert people.null_count().sum_horizontal().item() == 0


def test_same_seed_gives_identical_output_and_another_seed_differs(tmp_path):
    first = generate_people(seed=5, persons=300)
    again = generate_people(seed=5, persons=300)
    other = generate_people(seed=6, persons=300)
    assert first.equals(again)
    assert not first.equals(other)
    assert first["nik"].to_list() != other["nik"].to_list()
    write_people(first, tmp_path / "a.csv")
    write_people(again, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_same_seed_and_regency_is_deterministic_too():
    assert generate_people(seed=3, persons=100, regency="61.08").equals(
        generate_people(seed=3, persons=100, regency="61.08")
    )


def test_every_nik_is_valid_and_matches_sex_and_birth_date(people):
    codebook = load_codebook()
    for nik, sex, born in people.select("nik", "jenis_kelamin", "tanggal_lahir").iter_rows():
        assert re.fullmatch(r"\d{16}", nik), nik
        result = parse(nik)
        assert result.valid, (nik, result.message)
        assert result.sex == sex, nik
        assert result.birth_date == born, nik
        # Issued in a kecamatan of the current list (no retired codes in demo data).
        assert codebook.is_current(result.region), nik
        assert not result.warnings, nik


def test_niks_are_unique_even_when_many_share_kecamatan_birth_date_and_sex():
    # A small regency and default birthdays (1 January) force shared NIK prefixes.
    frame = generate_people(seed=2, persons=3000, regency="61.11")
    assert frame["nik"].n_unique() == frame.height
    prefixes = frame["nik"].str.slice(0, 12)
    assert prefixes.is_duplicated().any(), "the test should exercise serial collisions"


def test_nik_mostly_issued_in_kecamatan_of_residence(people):
    home = people["nik"].str.slice(0, 6) == people["kecamatan_kode"].str.replace_all(".", "", literal=True)
    outside = ~people["nik"].str.starts_with("61")
    assert 0.85 <= home.mean() <= 0.95
    assert 0.02 <= outside.mean() <= 0.09
    # Migrants mostly from Java (Central, East, West Java, Yogyakarta).
    provinces = people.filter(outside)["nik"].str.slice(0, 2).value_counts(sort=True)
    assert provinces["nik"][0] in {"33", "35", "32", "34"}


def test_residence_is_a_real_kalbar_desa_of_the_stated_kecamatan_and_regency(people, wilayah):
    regencies = kalbar_regencies()
    for kabupaten, kecamatan, desa, name in people.select(
        "kabupaten_kode", "kecamatan_kode", "desa_kode", "desa_nama"
    ).iter_rows():
        assert desa in wilayah, desa
        assert wilayah[desa] == name
        assert re.fullmatch(r"61\.\d\d\.\d\d\.\d{4}", desa), desa
        assert desa.startswith(kecamatan + ".")
        assert kecamatan.startswith(kabupaten + ".")
        assert kecamatan in wilayah
        assert kabupaten in regencies


def test_regency_filter():
    frame = generate_people(seed=1, persons=120, regency="61.05")
    assert frame.height == 120
    assert set(frame["kabupaten_kode"]) == {"61.05"}
    assert frame["kecamatan_kode"].n_unique() > 5


def test_unknown_regency_and_bad_count_are_rejected():
    with pytest.raises(ValueError, match="61.01"):
        generate_people(seed=1, persons=10, regency="99.99")
    with pytest.raises(ValueError):
        generate_people(seed=1, persons=0)


def test_distribution_follows_population(people):
    population = {row["kode"]: int(row["total"]) for row in read_population_rows()}
    regencies = kalbar_regencies()
    total = sum(population[code] for code in regencies)
    counts = dict(people.group_by("kabupaten_kode").len().iter_rows())
    assert set(counts) == set(regencies)
    for code in regencies:
        expected = people.height * population[code] / total
        assert abs(counts[code] - expected) <= 1, code
    largest = sorted(counts, key=counts.get, reverse=True)[:3]
    assert "61.71" in largest  # Kota Pontianak
    assert "61.01" in largest  # Kabupaten Sambas
    assert min(counts, key=counts.get) == "61.11"  # Kayong Utara


def test_small_counts_still_sum_up():
    frame = generate_people(seed=1, persons=5)
    assert frame.height == 5


def test_ages_are_17_to_65_on_the_reference_date(people):
    ages = [age_on_reference(born) for born in people["tanggal_lahir"]]
    assert min(ages) >= MIN_AGE
    assert max(ages) <= MAX_AGE
    assert max(ages) - min(ages) > 35  # the whole range is used, not a narrow band


def test_sex_names_phone_and_position_look_plausible(people):
    assert set(people["jenis_kelamin"]) == {"L", "P"}
    assert 0.4 < (people["jenis_kelamin"] == "L").mean() < 0.6
    for name in people["nama"]:
        assert name and name == name.strip() and "  " not in name, repr(name)
    first_names = people["nama"].str.replace(r"^Hj?\. ", "").str.split(" ").list.first()
    common = first_names.value_counts(sort=True)["nama"].head(5).to_list()
    assert "Muhammad" in common and "Siti" in common
    women = people.filter(pl.col("jenis_kelamin") == "P")
    assert not women["nama"].str.starts_with("Muhammad").any()
    assert not women["nama"].str.starts_with("H. ").any()
    assert people["no_hp"].str.contains(r"^08\d{9,10}$").all()
    assert people["no_hp"].str.slice(0, 4).is_in(["0812", "0813", "0852"]).mean() > 0.2
    assert people["jabatan"].n_unique() > 20
    assert set(people.filter(pl.col("jabatan") == "Bidan Desa")["jenis_kelamin"]) <= {"P"}
    city = people.filter(pl.col("kabupaten_kode") == "61.71")  # Pontianak: kelurahan only
    assert not city["jabatan"].is_in(["Kepala Desa", "Sekretaris Desa", "Pemanen Sawit"]).any()


def test_ethnic_mix_differs_by_regency():
    landak = generate_people(seed=4, persons=400, regency="61.08")
    sambas = generate_people(seed=4, persons=400, regency="61.01")
    christian = ["Yohanes", "Agustinus", "Maria", "Theresia", "Yuliana", "Paulus", "Antonius"]

    def share(frame: pl.DataFrame) -> float:
        return frame["nama"].str.split(" ").list.first().is_in(christian).mean()

    assert share(landak) > 2 * share(sambas)


# --- files -----------------------------------------------------------------------


def test_write_csv(tmp_path, people):
    path = tmp_path / "daftar.csv"
    write_people(people.head(50), path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADERS == [FILE_HEADERS[key] for key in FILE_HEADERS]
    assert len(rows) == 51
    first = people.row(0, named=True)
    assert rows[1][0] == "1"
    assert rows[1][1] == first["nik"]
    assert rows[1][4] == first["tanggal_lahir"].isoformat()
    assert rows[1][6] == read_kecamatan_name(first["kecamatan_kode"])
    assert rows[1][7] == kalbar_regencies()[first["kabupaten_kode"]]
    assert all(re.fullmatch(r"\d{16}", row[1]) for row in rows[1:])
    back = pl.read_csv(path, schema_overrides={"NIK": pl.String, "NO. HP": pl.String})
    assert back["NIK"].to_list() == people["nik"].head(50).to_list()
    assert back["NO. HP"].to_list() == people["no_hp"].head(50).to_list()


def read_kecamatan_name(code: str) -> str:
    return next(row["nama"] for row in read_current_rows() if row["kode"] == code)


def test_write_xlsx_keeps_nik_as_text(tmp_path, people):
    from openpyxl import load_workbook

    sample = people.head(30)
    path = tmp_path / "daftar.xlsx"
    write_people(sample, path)
    sheet = load_workbook(path).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet.max_row == 31
    for r, row in enumerate(sample.iter_rows(named=True), start=2):
        nik_cell = sheet.cell(row=r, column=2)
        assert isinstance(nik_cell.value, str) and re.fullmatch(r"\d{16}", nik_cell.value)
        assert nik_cell.value == row["nik"]
        assert nik_cell.number_format == "@"
        phone = sheet.cell(row=r, column=9)
        assert phone.value == row["no_hp"] and phone.number_format == "@"
        born = sheet.cell(row=r, column=5).value
        assert isinstance(born, dt.datetime) and born.date() == row["tanggal_lahir"]
        assert sheet.cell(row=r, column=1).value == r - 1


def test_write_rejects_other_formats(tmp_path, people):
    with pytest.raises(ValueError, match=r"\.csv"):
        write_people(people.head(3), tmp_path / "daftar.json")


# --- command ---------------------------------------------------------------------


def run_demo_data(*args: str, var_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "demo-data", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "UCJ_VAR_DIR": str(var_dir)},
    )


def test_command_writes_csv(tmp_path):
    out = tmp_path / "x.csv"
    result = run_demo_data("--persons", "50", "--out", str(out), var_dir=tmp_path / "var")
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADERS
    assert len(rows) == 51
    assert "50 orang" in result.stdout


def test_command_default_writes_regency_workbooks_under_var_dir(tmp_path):
    var_dir = tmp_path / "var"
    result = run_demo_data("--persons", "20", "--regency", "61.11", var_dir=var_dir)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (var_dir / "demo").iterdir()] == ["daftar-pekerja-61.11.xlsx"]
    assert len(result.stdout.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "expected"), [
    (["--persons", "0"], "--persons"),
    (["--regency", "99.99"], "61.72"),
])
def test_command_errors_are_one_line_with_status_2(tmp_path, args, expected):
    result = run_demo_data(*args, "--out", str(tmp_path / "x.csv"), var_dir=tmp_path / "var")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "error:" in lines[0] and expected in lines[0]
    assert not (tmp_path / "x.csv").exists()
