"""The vectorised NIK check gives nik.parse's verdict on every cell."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ucj.identity import nik
from ucj.registry.intake.niks import FLOAT_EXACT_LIMIT, check_niks

TODAY = date(2026, 1, 1)
PREFIXES = [
    "610101",
    "610199",
    "610100",
    "911101",
    "910101",
    "640401",
    "647301",
    "350101",
    "999999",
    "619901",
    "611301",
    "617101",
    "330101",
]


def _expected(text, today):
    result = nik.parse(text, today=today)
    return (
        result.nik,
        result.reason,
        None if result.valid else result.message,
        result.sex,
        result.birth_date,
        result.region,
        result.regency,
        ",".join(w.code for w in result.warnings) or None,
        " ".join(w.message for w in result.warnings) or None,
    )


def _assert_same_as_parse(texts, today=TODAY):
    frame = check_niks(pl.Series(texts, dtype=pl.String), today=today)
    assert frame.height == len(texts)
    for text, row in zip(texts, frame.iter_rows(), strict=True):
        assert row[:9] == _expected(text, today), text
        assert row[9] is False  # no number cells in a CSV


nik_like = st.builds(
    lambda prefix, day, month, year, serial: f"{prefix}{day:02d}{month:02d}{year:02d}{serial:04d}",
    st.sampled_from(PREFIXES),
    st.integers(0, 75),
    st.integers(0, 13),
    st.integers(0, 99),
    st.sampled_from([0, 1, 42, 9999]),
)
grouped = st.builds(
    lambda text, cuts, separator: separator.join(
        text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text)), strict=True)
    ),
    nik_like,
    st.lists(st.integers(1, 15), max_size=5, unique=True).map(sorted).map(tuple),
    st.sampled_from([" ", ".", "-", "  ", ",", "/", "\u00a0", "\t", "_"]),
)
decorated = st.builds(
    lambda text, before, after: before + text + after,
    st.one_of(nik_like, grouped),
    st.sampled_from(["", " ", "'", " '", "''", "' '", "\u2019", "\t"]),
    st.sampled_from(["", " ", "\n", ".0", "x"]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(nik_like, grouped, decorated, st.text(max_size=20), st.none()), max_size=30),
    st.sampled_from([TODAY, date(2024, 2, 29), date(2025, 3, 1)]),
)
def test_matches_parse(texts, today):
    _assert_same_as_parse(texts, today)


def test_known_cases():
    _assert_same_as_parse(
        [
            "6101011708850001",
            " 6101011708850001 ",
            "'6101011708850001",
            "6101 0117 0885 0001",
            "6101.0117.0885.0001",
            "610101-170885-0001",
            "6.101.011.708.850.001",
            "6,101,011,708,850,001",
            "6101011708850001.0",
            "''6101 0117 0885 0001",
            "6.10101E+15",
            "6101011708850000",
            "6101013208850001",
            "9901011708850001",
            "9101011708850001",
            "6101991708850001",
            "",
            None,
            "-",
            "61010117088500011",
            "61O1011708850001",
        ]
    )


def test_plain_path_with_many_rows_is_the_same():
    texts = [
        f"6101{k:02d}{d:02d}0190{s:04d}"
        for k in range(0, 30)
        for d in (1, 15, 41, 72)
        for s in (0, 1)
    ]
    _assert_same_as_parse(texts)


@pytest.mark.parametrize(
    ("text", "reason", "exact"),
    [
        ("6101011708850000", "nik_numeric_cell", False),  # 16th digit 0: Excel rounded it
        ("6101011708850010", "nik_numeric_cell", False),
        ("6101011708850001", None, True),  # written exactly by a program
        ("9201011708850002", "nik_numeric_cell", False),  # above 2**53: a float cannot hold it
        ("610101170885000", "nik_length", False),  # not 16 digits: the usual check
    ],
)
def test_number_cells(text, reason, exact):
    assert int("9201011708850002") > FLOAT_EXACT_LIMIT > int("6101011708850001")
    frame = check_niks(
        pl.Series([text]), number_cells=pl.Series([True]), today=TODAY, numeric_message="angka"
    )
    row = frame.row(0, named=True)
    assert row["nik_reason"] == reason
    assert row["nik_numeric_exact"] is exact
    if reason == "nik_numeric_cell":
        assert row["nik_reason_message"] == "angka"
        assert row["nik"] is None
    if exact:
        assert row["nik"] == text


def test_text_cells_ending_in_zero_are_not_number_cells():
    frame = check_niks(
        pl.Series(["6101011708850010"]), number_cells=pl.Series([False]), today=TODAY
    )
    assert frame.row(0, named=True)["nik"] == "6101011708850010"


def test_empty_input():
    assert check_niks(pl.Series([], dtype=pl.String), today=TODAY).height == 0
