"""Birth dates as regencies write them."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from ucj.registry.intake.dates import excel_serial, parse_birth_dates

TODAY = date(2026, 1, 1)


def _one(text, number=False):
    return parse_birth_dates(pl.Series([text]), pl.Series([number]), today=TODAY)[0]


@pytest.mark.parametrize(
    "text",
    [
        "17-08-1985",
        "17/08/1985",
        "17.08.1985",
        "1985-08-17",
        "1985/08/17",
        "1985-08-17 00:00:00",  # an Excel date cell read as text
        "17 Agustus 1985",
        "17 AGUSTUS 1985",
        "17-Agu-1985",
        "17 Agt. 1985",
        "17 Aug 1985",
        "17081985",
        "19850817",
        "Sambas, 17-08-1985",
        "Sambas, 17 Agustus 1985",
        " 17-08-1985 ",
    ],
)
def test_formats_that_are_read(text):
    assert _one(text) == date(1985, 8, 17)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7-8-1985", date(1985, 8, 7)),
        ("1 Januari 2000", date(2000, 1, 1)),
        ("7 Pebruari 1980", date(1980, 2, 7)),
        ("29 Februari 1988", date(1988, 2, 29)),
        ("5 Mei 1970", date(1970, 5, 5)),
        ("31 Desember 1999", date(1999, 12, 31)),
        ("2 Nop 1990", date(1990, 11, 2)),
    ],
)
def test_day_first_and_month_names(text, expected):
    assert _one(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "17-08-85",
        "31-02-1985",
        "29-02-1985",
        "2030-01-01",
        "17 Agustusan 1985",
        "1899-12-31",
        "12122012x",
        "01022003" + "0",
        "garbage",
        "",
        "   ",
        "1985",
    ],
)
def test_unreadable_or_impossible_dates_are_null(text):
    assert _one(text) is None


def test_eight_digits_read_either_way_when_only_one_reading_is_a_date():
    assert _one("10121998") == date(1998, 12, 10)  # 1012-19-98 is no date
    assert _one("20011202") == date(2001, 12, 2)  # 20-01-1202 is before 1900


def test_excel_serial_numbers_only_in_number_cells():
    serial = excel_serial(date(1984, 11, 14))
    assert serial == 31000
    assert _one("31000", number=True) == date(1984, 11, 14)
    assert _one("31000.5", number=True) == date(1984, 11, 14)
    assert _one("31000", number=False) is None
    assert _one("1985", number=True) is None  # a year typed as a number is not a serial
    assert _one(str(excel_serial(date(2026, 6, 1))), number=True) is None  # after today


def test_one_parse_per_distinct_value_keeps_row_order():
    texts = pl.Series(["17-08-1985", None, "x", "17-08-1985", "1990-01-02"])
    assert parse_birth_dates(texts, today=TODAY).to_list() == [
        date(1985, 8, 17),
        None,
        None,
        date(1985, 8, 17),
        date(1990, 1, 2),
    ]
