"""Dates and numbers written the Indonesian way."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ucj.core.formatting import thousands, wib


def test_wib_converts_to_west_indonesian_time_and_writes_indonesian_months():
    assert wib(datetime(2026, 12, 3, 7, 5, tzinfo=UTC)) == "3 Des 2026 14.05 WIB"
    # Past midnight in WIB: the next day.
    assert wib(datetime(2026, 8, 31, 17, 30, tzinfo=UTC)) == "1 Sep 2026 00.30 WIB"
    assert wib(datetime(2026, 5, 9, 9, 0, tzinfo=ZoneInfo("Asia/Pontianak"))) == \
        "9 Mei 2026 09.00 WIB"
    assert wib(None) == ""


def test_thousands():
    assert thousands(1_000_000) == "1.000.000"
