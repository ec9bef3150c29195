"""Issue 15, item 5: the dates people type for "sent to BPJS on" (a pure parser)."""

from datetime import date

import pytest

from ucj.core.dates import DateNotUnderstood, format_date, parse_date

DEC_3 = date(2026, 12, 3)


@pytest.mark.parametrize("text", [
    "3/12/2026", "03/12/2026", "03-12-2026", "3-12-2026", "3.12.2026", "2026-12-03",
    "2026/12/3", "3 Desember 2026", "3 desember 2026", "03 DESEMBER 2026", "3 Des 2026",
    "3 Des. 2026", "3-Des-2026", "3 December 2026", "3 Dec 2026", "  3  Desember  2026 ",
    "3 Desember, 2026"])
def test_indonesian_and_iso_dates_are_the_same_day(text):
    assert parse_date(text) == DEC_3


def test_the_day_comes_first_unless_the_year_does():
    assert parse_date("1/2/2026") == date(2026, 2, 1)
    assert parse_date("2026-02-01") == date(2026, 2, 1)
    assert parse_date("17 Agustus 1945") == date(1945, 8, 17)
    assert parse_date("1 Mei 2026") == date(2026, 5, 1)
    assert parse_date("9 Agt 2026") == date(2026, 8, 9)


@pytest.mark.parametrize("text", [
    "", "kemarin", "12/2026", "31/2/2026", "3/13/2026", "3 Desembre 2026", "2026-12",
    "3 12 2026 10:00", "32 Januari 2026", "12/03/26"])
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(DateNotUnderstood):
        parse_date(text)


def test_the_long_indonesian_form():
    assert format_date(DEC_3) == "3 Desember 2026"
    assert format_date(date(2026, 1, 10)) == "10 Januari 2026"
    assert parse_date(format_date(date(2027, 3, 31))) == date(2027, 3, 31)
