"""`ucj nik`: run as the operator runs it (python manage.py nik), plus the in-process
path (call_command with a stdin stream)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ucj.identity.management.commands.nik import stdin_lines

PROJECT_DIR = Path(__file__).resolve().parents[2]
JSON_KEYS = {
    "input",
    "valid",
    "nik",
    "sex",
    "birth_date",
    "region",
    "reason",
    "message",
    "warnings",
}


def run_nik(*args: str, stdin: str = "", env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "manage.py", "nik", *args],
        cwd=PROJECT_DIR,
        input=stdin.encode("utf-8"),
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_json_over_stdin_gives_one_object_per_line() -> None:
    stdin = "6101010101900001\n\n6.10101E+15\r\n 9101014508850002 \n6101013201900001"
    done = run_nik("--json", stdin=stdin)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 5
    objects = [json.loads(line) for line in lines]
    assert all(set(obj) == JSON_KEYS for obj in objects)
    assert objects[0] == {
        "input": "6101010101900001",
        "valid": True,
        "nik": "6101010101900001",
        "sex": "L",
        "birth_date": "1990-01-01",
        "region": "61.01.01",
        "reason": None,
        "message": "NIK sah.",
        "warnings": [],
    }
    assert (objects[1]["input"], objects[1]["reason"]) == ("", "nik_empty")
    assert (objects[2]["input"], objects[2]["reason"]) == ("6.10101E+15", "nik_scientific")
    assert objects[3]["valid"] is True
    assert objects[3]["warnings"] == ["nik_region_retired"]
    assert objects[3]["birth_date"] == "1985-08-05"
    assert objects[4]["reason"] == "nik_date"


def test_json_keeps_non_ascii_as_is() -> None:
    done = run_nik("--json", "6101\u00a00101\u00a00190\u00a00001")
    assert done.returncode == 0
    line = done.stdout.decode("utf-8").strip()
    assert "\u00a0" in line  # ensure_ascii=False: no \u00a0 escapes
    assert json.loads(line)["nik"] == "6101010101900001"


def test_human_readable_lines_in_indonesian() -> None:
    done = run_nik("6101010101900001", "9101014508850002", "610101010190001")
    assert done.returncode == 0  # invalid NIKs are a verdict, not an error
    text = done.stdout.decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == (
        "6101010101900001: sah; Laki-laki; lahir 1 Januari 1990; "
        "wilayah 61.01.01 Sambas, Kabupaten Sambas, Kalimantan Barat"
    )
    assert len(lines) == 3  # one line per NIK, warnings included
    assert lines[1].startswith(
        "9101014508850002: sah; Perempuan; lahir 5 Agustus 1985; "
        "wilayah 91.01.01 Merauke, Kabupaten Merauke, Papua | peringatan [nik_region_retired]: "
    )
    assert lines[2].startswith("610101010190001: TIDAK SAH [nik_length] NIK harus 16 digit;")
    assert "15 digit" in lines[2]


def test_bad_argument_is_one_line_on_stderr_and_exit_2() -> None:
    done = run_nik("--bogus")
    assert done.returncode == 2
    assert done.stdout == b""
    error_lines = done.stderr.decode().strip().splitlines()
    assert len(error_lines) == 1
    assert "--bogus" in error_lines[0]
    assert "Traceback" not in done.stderr.decode()


def test_needs_no_database() -> None:
    # A database nobody can reach: the command must still answer.
    done = run_nik(
        "--json",
        "6101010101900001",
        env={"UCJ_DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/none"},
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["valid"] is True


def test_stdin_lines_keeps_empty_lines_and_drops_line_endings() -> None:
    assert list(stdin_lines(io.StringIO("a\n\r\n\nb\r\nc"))) == ["a", "", "", "b", "c"]


def test_stdin_lines_reads_bytes_as_utf8() -> None:
    raw = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf6101\xc2\xa00101\n\xff\n"), encoding="ascii")
    assert list(stdin_lines(raw)) == ["6101\u00a00101", "\ufffd"]


@pytest.fixture
def django_ready() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucj.settings")
    import django

    django.setup()


def test_call_command_with_stdin(django_ready: None) -> None:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("nik", "--json", stdin=io.StringIO("6101014101900001\n\n"), stdout=out)
    objects = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(o["valid"], o["sex"], o["reason"]) for o in objects] == [
        (True, "P", None),
        (False, None, "nik_empty"),
    ]
