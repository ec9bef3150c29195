"""Dates and numbers written the Indonesian way."""

from ucj.core.formatting import thousands


def test_thousands():
    assert thousands(1_000_000) == "1.000.000"
