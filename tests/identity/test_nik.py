"""ucj.identity.nik: every reason code, the region, date and serial rules, the
properties that tie parse and build_nik together, and python-stdnum as a reference."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum.id import nik as stdnum_nik

from ucj.identity.nik import (
    REASON_CODES,
    REASON_MESSAGES,
    VALID_MESSAGE,
    WARNING_CODES,
    WARNING_MESSAGES,
    NikResult,
    build_nik,
    is_spreadsheet_number,
    normalise,
    parse,
)
from ucj.regions.codebook import Codebook, CodeEntry, load_codebook

TODAY = date(2025, 6, 30)
CODEBOOK = load_codebook()
KECAMATAN = sorted(code for code, entry in CODEBOOK.entries.items() if entry.level == "kecamatan")
CURRENT_KECAMATAN = [code for code in KECAMATAN if CODEBOOK.is_current(code)]
VALID_NIK = "6101010101900001"  # 61.01.01 Sambas, man, 1 Jan 1990, serial 0001

# Build the region index once, so no Hypothesis example pays for it.
parse(VALID_NIK, today=TODAY)

PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def check(text: str | None, today: date = TODAY) -> NikResult:
    return parse(text, today=today)


# --- normalisation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6101010101900001", "6101010101900001"),
        ("  6101010101900001\t\n", "6101010101900001"),
        ("6101 0101 0190 0001", "6101010101900001"),
        ("6101\u00a00101\u00a00190\u00a00001", "6101010101900001"),  # non-breaking spaces
        ("6101\u202f0101\u20070190 0001", "6101010101900001"),  # narrow / figure spaces
        ("61.01.01.010190.0001", "6101010101900001"),
        ("610101-010190-0001", "6101010101900001"),
        ("610101\u2013010190\u20140001", "6101010101900001"),  # en and em dashes
        ("'6101010101900001", "6101010101900001"),  # Excel's text marker
        ("  '6101 0101 0190 0001 ", "6101010101900001"),
        ("\ufeff6101010101900001", "6101010101900001"),  # byte-order mark from a CSV
        ("61O1", "61O1"),  # letters are kept, for parse to report
        ("61'01", "61'01"),  # only a leading apostrophe is a marker
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "6101 0101 0190 0001",
        "6101\u00a00101\u00a00190\u00a00001",
        "61.01.01.010190.0001",
        "610101-010190-0001",
        "'6101010101900001",
        " '61.01.01-010190-0001\u00a0",
    ],
)
def test_decorated_nik_parses_like_the_bare_one(text: str) -> None:
    result = check(text)
    assert result.valid is True
    assert result.nik == VALID_NIK
    assert result.input == text  # the input is kept as given


# --- reason codes, one by one --------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", " ", "\t\n", "\u00a0", "-", " . ", "'"])
def test_nik_empty(text: str | None) -> None:
    result = check(text)
    assert (result.valid, result.reason) == (False, "nik_empty")
    assert result.message == "NIK kosong. Isi 16 digit NIK sesuai KTP atau Kartu Keluarga."
    assert result.input == (text or "")


@pytest.mark.parametrize(
    "text",
    [
        "6.10101E+15",
        "6,10101E+15",  # Indonesian decimal comma
        "6.101010101900001e15",
        "6.101010101900001e+15",  # str() of a Python float
        "6E+15",
        " 6.10101E+15 ",
        "6101010101900000.0",
        "6101010101900001.00",
        "6101010101900000,0",
        # 15 digits shown as a float: dropping ".0" would make a "valid" NIK ending
        # in 0 that is not the person's.
        "610101010190001.0",
        "6.101.010.101.900.000",  # thousands separators: a number, not a NIK
        "6,101,010,101,900,000",
    ],
)
def test_nik_scientific(text: str) -> None:
    result = check(text)
    assert (result.valid, result.reason) == (False, "nik_scientific")
    assert result.nik is None
    assert "angka" in result.message
    assert "tidak dapat dipulihkan" in result.message
    assert "Teks" in result.message
    assert "ketik ulang" in result.message


def test_a_float_value_is_a_spreadsheet_number_not_a_repaired_nik() -> None:
    # A reader that hands over the cell as a float: never turned back into digits.
    assert check(6101010101900001.0).reason == "nik_scientific"  # type: ignore[arg-type]


def test_an_int_value_is_checked_as_its_digits() -> None:
    assert check(6101010101900001).nik == VALID_NIK  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("61010101019000O1", "'O'"),  # letter O for zero
        ("610101010l900001", "'l'"),
        ("6101/0101/9000/01", "'/'"),
        ("+6101010101900001", "'+'"),
        ("６１０１０１０１０１９０００１", "'６', '１', '０', ..."),  # full-width: not repaired
        ("NIK6101010101900001", "'N', 'I', 'K'"),
    ],
)
def test_nik_format(text: str, shown: str) -> None:
    result = check(text)
    assert (result.valid, result.reason) == (False, "nik_format")
    assert f"ditemukan karakter lain: {shown}." in result.message


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("610101010190001", 15),
        ("61010101019000011", 17),
        ("6101", 4),
        ("6101 0101 0190 001", 15),
    ],
)
def test_nik_length(text: str, count: int) -> None:
    result = check(text)
    assert (result.valid, result.reason) == (False, "nik_length")
    assert result.message == (
        f"NIK harus 16 digit; yang tertulis {count} digit. "
        "Periksa apakah ada digit yang hilang atau berlebih."
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("9901010101900001", "Kode provinsi 99 pada NIK (digit 1-2)"),
        ("0001010101900001", "Kode provinsi 00 pada NIK (digit 1-2)"),
        ("2001010101900001", "Kode provinsi 20 pada NIK (digit 1-2)"),
        # Regency beyond anything Kalbar ever numbered: kabupaten stop at 61.12,
        # kota at 61.72. Such a regency never existed, so the NIK is rejected.
        ("6199010101900001", "Kode kabupaten/kota 61.99 pada NIK (digit 1-4)"),
        ("6113010101900001", "Kode kabupaten/kota 61.13 pada NIK (digit 1-4)"),
        ("6173010101900001", "Kode kabupaten/kota 61.73 pada NIK (digit 1-4)"),
        ("6100010101900001", "Kode kabupaten/kota 61.00 pada NIK (digit 1-4)"),
        # Kecamatan 00 is never issued.
        ("6101000101900001", "Kode kecamatan 61.01.00 pada NIK (digit 1-6)"),
    ],
)
def test_nik_region(text: str, named: str) -> None:
    result = check(text)
    assert (result.valid, result.reason) == (False, "nik_region")
    assert result.message.startswith(named)
    assert result.region is None and result.province is None


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("6101010001900001", "tanggal 00 tidak mungkin"),
        ("6101013201900001", "tanggal 32 tidak mungkin"),
        ("6101014001900001", "tanggal 40 tidak mungkin"),
        ("6101017201900001", "tanggal 72 tidak mungkin"),
        ("6101019901900001", "tanggal 99 tidak mungkin"),
        ("6101010100900001", "bulan 00 tidak ada"),
        ("6101010113900001", "bulan 13 tidak ada"),
        ("6101013104900001", "tanggal 31-04-1990 tidak ada di kalender"),
        ("6101017104900001", "tanggal 31-04-1990 tidak ada di kalender"),  # woman, 31+40
        ("6101013002900001", "tanggal 30-02-1990 tidak ada di kalender"),
    ],
)
def test_nik_date(text: str, detail: str) -> None:
    result = check(text)
    assert (result.valid, result.reason) == (False, "nik_date")
    assert f"Digit 7-12 NIK ({text[6:12]}) bukan tanggal lahir yang sah: {detail}" in (
        result.message
    )
    assert "ditambah 40" in result.message
    assert result.birth_date is None and result.sex is None


def test_nik_serial() -> None:
    result = check("6101010101900000")
    assert (result.valid, result.reason) == (False, "nik_serial")
    assert "0000" in result.message and "0001" in result.message


@pytest.mark.parametrize("serial", ["0001", "0010", "1000", "9999"])
def test_any_other_serial_is_fine(serial: str) -> None:
    result = check("610101010190" + serial)
    assert result.valid is True
    assert result.serial == serial


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("6.10101E+15", "nik_scientific"),  # also not digits: scientific wins
        ("61O1", "nik_format"),  # also too short: format wins
        ("9901013201900000", "nik_region"),  # also bad day and serial 0000
        ("6199019901900000", "nik_region"),
        ("6101013201900000", "nik_date"),  # also serial 0000
        ("6101010113900000", "nik_date"),
    ],
)
def test_first_failure_wins(text: str, reason: str) -> None:
    assert check(text).reason == reason


# --- valid NIKs: what is decoded ---------------------------------------------------


def test_valid_nik_fields() -> None:
    result = check(VALID_NIK)
    assert result == NikResult(
        input=VALID_NIK,
        valid=True,
        nik=VALID_NIK,
        sex="L",
        birth_date=date(1990, 1, 1),
        region="61.01.01",
        province="61",
        regency="61.01",
        serial="0001",
        reason=None,
        message="NIK sah.",
        warnings=(),
    )


def test_woman_has_day_plus_40() -> None:
    result = check("6171054512880123")  # 61.71.05, day 45 -> 5 Dec 1988, woman
    assert (result.valid, result.sex, result.birth_date) == (True, "P", date(1988, 12, 5))
    assert result.region == "61.71.05"
    assert result.serial == "0123"


@pytest.mark.parametrize(
    ("day", "sex", "born"),
    [("01", "L", 1), ("31", "L", 31), ("41", "P", 1), ("71", "P", 31)],
)
def test_day_bounds(day: str, sex: str, born: int) -> None:
    result = check(f"610101{day}01900001")
    assert (result.sex, result.birth_date) == (sex, date(1990, 1, born))


@pytest.mark.parametrize(
    ("digits", "today", "born"),
    [
        ("010125", TODAY, date(2025, 1, 1)),  # 2025 is not in the future: 20YY
        ("300625", TODAY, date(2025, 6, 30)),  # born today: still 20YY
        ("010725", TODAY, date(1925, 7, 1)),  # 1 Jul 2025 is tomorrow: 19YY
        ("010126", TODAY, date(1926, 1, 1)),
        ("010100", TODAY, date(2000, 1, 1)),
        ("311299", TODAY, date(1999, 12, 31)),
        ("010130", date(2031, 1, 1), date(2030, 1, 1)),  # the same digits later on
        ("010130", TODAY, date(1930, 1, 1)),
    ],
)
def test_century_choice(digits: str, today: date, born: date) -> None:
    result = check(f"610101{digits}0001", today=today)
    assert result.birth_date == born


@pytest.mark.parametrize(
    ("digits", "today", "born"),
    [
        ("290296", TODAY, date(1996, 2, 29)),  # 1996 is a leap year
        ("290200", TODAY, date(2000, 2, 29)),  # 2000 is one too (divisible by 400)
        ("290224", TODAY, date(2024, 2, 29)),
        ("690224", TODAY, date(2024, 2, 29)),  # a woman born on 29 Feb
        ("290297", TODAY, None),
        ("290201", TODAY, None),
        ("290225", TODAY, None),
        ("290200", date(1999, 12, 31), None),  # then 00 meant 1900, not a leap year
    ],
)
def test_29_february(digits: str, today: date, born: date | None) -> None:
    result = check(f"610101{digits}0001", today=today)
    assert result.birth_date == born
    if born is None:
        assert result.reason == "nik_date"
        assert "bukan tahun kabisat" in result.message


def test_default_today_is_the_real_date() -> None:
    today = date.today()
    result = parse(build_nik("61.01.01", today, "P", 7))
    assert (result.valid, result.birth_date) == (True, today)


# --- regions -----------------------------------------------------------------------


def test_retired_papua_code_is_valid_with_a_warning() -> None:
    # 91.01 Merauke moved to Papua Selatan (93.01) in the 2022 split; NIKs issued
    # under 91.01 keep their number.
    result = check("9101014508850002")
    assert (result.valid, result.region, result.sex) == (True, "91.01.01", "P")
    assert [w.code for w in result.warnings] == ["nik_region_retired"]
    message = result.warnings[0].message
    assert "91.01" in message and "Merauke" in message and "2022" in message
    assert result.message == VALID_MESSAGE


def test_the_new_papua_selatan_code_is_valid_without_warning() -> None:
    result = check("9301014508850002")
    assert (result.valid, result.region, result.warnings) == (True, "93.01.01", ())


def test_unknown_kecamatan_under_a_known_regency_is_valid_with_a_warning() -> None:
    result = check("6101990101900001")
    assert (result.valid, result.region, result.regency) == (True, "61.01.99", "61.01")
    assert [w.code for w in result.warnings] == ["nik_kecamatan_unknown"]
    assert "61.01.99" in result.warnings[0].message
    assert "Sambas" in result.warnings[0].message


def test_regency_in_a_numbering_gap_is_valid_with_a_warning() -> None:
    # 64.73 (Kota Tarakan before Kalimantan Utara was formed in 2012) is in no list
    # from 2016 on, but Kalimantan Timur's kota numbering goes up to 64.74, so it
    # existed; people still carry NIKs that start with 6473.
    result = check("6473010101900001")
    assert (result.valid, result.regency) == (True, "64.73")
    assert [w.code for w in result.warnings] == ["nik_regency_unlisted"]
    assert "64.73" in result.warnings[0].message


def test_numbering_gaps_are_the_ten_regencies_retired_before_2016() -> None:
    # Every regency code under a known province, accepted only through the gap rule.
    accepted = set()
    for province in {code[:2] for code in CODEBOOK.entries}:
        for number in [*range(1, 70), *range(71, 100)]:
            result = check(f"{province}{number:02d}010101900001")
            if any(w.code == "nik_regency_unlisted" for w in result.warnings):
                accepted.add(result.regency)
    assert accepted == {
        *("64.04", "64.05", "64.06", "64.10", "64.73"),
        *("73.19", "73.20", "73.21", "73.23", "73.25"),
    }


def test_retired_regency_with_unknown_kecamatan_gets_both_warnings() -> None:
    result = check("9101990101900001")
    assert result.valid is True
    assert [w.code for w in result.warnings] == ["nik_region_retired", "nik_kecamatan_unknown"]


def test_a_given_codebook_is_used() -> None:
    def entry(code: str, level: str, last: int = 2025) -> CodeEntry:
        return CodeEntry(code=code, name=code, level=level, first_listed=2016, last_listed=last)

    tiny = Codebook(
        entries={
            "61": entry("61", "provinsi"),
            "61.01": entry("61.01", "kabupaten_kota"),
            "61.01.01": entry("61.01.01", "kecamatan", last=2020),
        }
    )
    assert parse("6201010101900001", codebook=tiny, today=TODAY).reason == "nik_region"
    assert parse("6201010101900001", today=TODAY).valid is True  # Kalimantan Tengah
    result = parse(VALID_NIK, codebook=tiny, today=TODAY)
    assert [w.code for w in result.warnings] == ["nik_region_retired"]


# --- JSON, constants, build_nik --------------------------------------------------------


def test_to_json_dict_valid() -> None:
    assert check("9101014508850002").to_json_dict() == {
        "input": "9101014508850002",
        "valid": True,
        "nik": "9101014508850002",
        "sex": "P",
        "birth_date": "1985-08-05",
        "region": "91.01.01",
        "reason": None,
        "message": "NIK sah.",
        "warnings": ["nik_region_retired"],
    }


def test_to_json_dict_invalid() -> None:
    data = check(" 6.10101E+15").to_json_dict()
    assert data == {
        "input": " 6.10101E+15",
        "valid": False,
        "nik": None,
        "sex": None,
        "birth_date": None,
        "region": None,
        "reason": "nik_scientific",
        "message": REASON_MESSAGES["nik_scientific"],
        "warnings": [],
    }


def test_reason_and_warning_tables_match() -> None:
    assert REASON_CODES == (
        "nik_empty",
        "nik_scientific",
        "nik_format",
        "nik_length",
        "nik_region",
        "nik_date",
        "nik_serial",
    )
    assert set(REASON_MESSAGES) == set(REASON_CODES)
    assert set(WARNING_MESSAGES) == set(WARNING_CODES)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("61.01.01", date(1990, 1, 1), "L", 1), "6101010101900001"),
        (("610101", date(1990, 1, 1), "L", 1), "6101010101900001"),
        (("61.71.05", date(1988, 12, 5), "P", 123), "6171054512880123"),
        (("91.01.01", date(2005, 2, 28), "P", 9999), "9101016802059999"),
        (("61.01.01", date(1900, 3, 31), "L", 42), "6101013103000042"),
    ],
)
def test_build_nik(args: tuple, expected: str) -> None:
    assert build_nik(*args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ("61.01", date(1990, 1, 1), "L", 1),
        ("61.01.01.2001", date(1990, 1, 1), "L", 1),
        ("61.01.0a", date(1990, 1, 1), "L", 1),
        ("61.01.01", date(1990, 1, 1), "M", 1),
        ("61.01.01", date(1990, 1, 1), "L", 0),
        ("61.01.01", date(1990, 1, 1), "L", 10000),
        ("61.01.01", date(1990, 1, 1), "L", True),
    ],
)
def test_build_nik_rejects_bad_parts(args: tuple) -> None:
    with pytest.raises(ValueError):
        build_nik(*args)


# --- properties -------------------------------------------------------------------------

digits_16 = st.from_regex(r"[0-9]{16}", fullmatch=True)


@st.composite
def nik_like(draw: st.DrawFn) -> str:
    """16 digits with a real kecamatan code (or a real regency and any kecamatan) and
    a day, month and serial near the valid range, so that most are accepted and the
    rest fail in every possible way."""
    code = draw(st.sampled_from(KECAMATAN)).replace(".", "")
    if draw(st.booleans()):
        code = code[:4] + f"{draw(st.integers(0, 99)):02d}"
    day = draw(st.integers(0, 99))
    month = draw(st.integers(0, 13))
    year = draw(st.integers(0, 99))
    serial = draw(st.integers(0, 9999))
    return f"{code}{day:02d}{month:02d}{year:02d}{serial:04d}"


@PROPERTY_SETTINGS
@given(st.one_of(nik_like(), digits_16))
def test_whatever_parse_accepts_round_trips_through_build_nik(text: str) -> None:
    result = check(text)
    if result.valid:
        assert result.region is not None and result.birth_date is not None
        assert result.sex is not None and result.serial is not None
        assert build_nik(result.region, result.birth_date, result.sex, int(result.serial)) == (
            result.nik
        )
        assert result.nik == text
        assert date(TODAY.year - 100, TODAY.month, TODAY.day) < result.birth_date <= TODAY


@PROPERTY_SETTINGS
@given(
    region=st.sampled_from(CURRENT_KECAMATAN),
    born=st.dates(min_value=date(TODAY.year - 99, TODAY.month, TODAY.day), max_value=TODAY),
    sex=st.sampled_from(["L", "P"]),
    serial=st.integers(1, 9999),
)
def test_a_built_nik_parses_back(region: str, born: date, sex: str, serial: int) -> None:
    nik = build_nik(region, born, sex, serial)
    result = check(nik)
    assert result.valid is True, result.message
    assert (result.nik, result.region, result.birth_date, result.sex) == (nik, region, born, sex)
    assert result.serial == f"{serial:04d}"
    assert result.warnings == ()  # a current kecamatan: nothing to warn about


@PROPERTY_SETTINGS
@given(st.one_of(nik_like(), digits_16))
def test_any_16_digits_are_valid_or_have_exactly_one_reason(text: str) -> None:
    result = check(text)
    if result.valid:
        assert (result.reason, result.nik, result.message) == (None, text, VALID_MESSAGE)
    else:
        # The checks before these (empty, scientific, format, length) cannot fail
        # for 16 ASCII digits.
        assert result.reason in ("nik_region", "nik_date", "nik_serial")
        assert result.reason in REASON_CODES
        assert result.nik is None and result.birth_date is None
        assert result.message
        assert result.warnings == ()
    assert all(w.code in WARNING_CODES for w in result.warnings)


@PROPERTY_SETTINGS
@given(st.one_of(st.text(), st.text(alphabet="0123456789 .-,eE+'\u00a0", max_size=25)))
def test_parse_never_raises(text: str) -> None:
    result = check(text)
    assert result.valid or result.reason in REASON_CODES
    assert result.input == text


@PROPERTY_SETTINGS
@given(
    nik=st.builds(
        build_nik,
        st.sampled_from(CURRENT_KECAMATAN),
        st.dates(min_value=date(1930, 1, 1), max_value=TODAY),
        st.sampled_from(["L", "P"]),
        st.integers(1, 9999),
    ),
    separators=st.lists(
        st.tuples(st.integers(1, 15), st.sampled_from([" ", ".", "-", "\u00a0", " - "])),
        max_size=5,
    ),
    apostrophe=st.booleans(),
)
def test_separators_do_not_change_the_verdict(
    nik: str, separators: list[tuple[int, str]], apostrophe: bool
) -> None:
    text = nik
    for position, separator in sorted(separators, reverse=True):
        text = text[:position] + separator + text[position:]
    if apostrophe:
        text = "'" + text
    # A single dot that leaves only zeros after it looks like "6101...0.0" from a
    # spreadsheet, and that is rejected on purpose (tested above).
    assume(not is_spreadsheet_number(text))
    result = check(text)
    assert (result.valid, result.nik) == (True, nik)


# --- python-stdnum as a reference ------------------------------------------------
# stdnum.id.nik checks length, a birth date that exists in 19YY or 20YY (day % 40),
# and that the province is in its own table (despite the module saying regency: any
# regency under a known province passes). Its table uses BPS province codes from
# before 2012, so it lacks 65 (Kalimantan Utara), 92 (Papua Barat by Kemendagri
# numbering) and the 2022 Papua provinces 93, 95, 96.

STDNUM_DOCUMENTED = [
    ("3171011708450001", True),
    ("31710117084500", False),
    ("9971011708450001", False),  # invalid province
    ("3171015708450001", True),  # get_birth_date -> 1945-08-17
    ("3171012902001234", True),  # get_birth_date -> 2000-02-29
    ("3171013002001234", False),  # 30 Feb does not exist
]


@pytest.mark.parametrize(("number", "verdict"), STDNUM_DOCUMENTED)
def test_stdnum_documented_examples_get_the_same_verdict(number: str, verdict: bool) -> None:
    assert stdnum_nik.is_valid(number) is verdict  # stdnum's own behaviour, as documented
    assert check(number).valid is verdict


def test_stdnum_documented_birth_dates() -> None:
    assert stdnum_nik.get_birth_date("3171015708450001") == date(1945, 8, 17)
    assert check("3171015708450001").birth_date == date(1945, 8, 17)
    assert check("3171015708450001").sex == "P"
    assert stdnum_nik.get_birth_date("3171012902001234") == date(2000, 2, 29)
    assert check("3171012902001234").birth_date == date(2000, 2, 29)


def test_stdnum_documented_reasons() -> None:
    assert check("31710117084500").reason == "nik_length"
    assert check("9971011708450001").reason == "nik_region"
    assert check("3171013002001234").reason == "nik_date"


@pytest.mark.parametrize(
    ("number", "ours"),
    [
        # Stricter: serial 0000 is never issued; stdnum does not look at the serial.
        ("3171011708450000", "nik_serial"),
        # Stricter: a regency that never existed; stdnum only checks the province.
        ("6199011708450001", "nik_region"),
        ("6113011708450001", "nik_region"),
        # Stricter: day 81-99 is not a date (stdnum takes day % 40, so 81 -> 1).
        ("6101018101900001", "nik_date"),
        ("6101019201900001", "nik_date"),
    ],
)
def test_where_we_are_stricter_than_stdnum(number: str, ours: str) -> None:
    assert stdnum_nik.is_valid(number) is True
    assert check(number).reason == ours


@pytest.mark.parametrize(
    "number",
    [
        # Kemendagri codes stdnum's table lacks: 65.71 Kota Tarakan (Kalimantan Utara,
        # 2012), 92.71 Kota Sorong (retired 2023, now 96.71), the 2022 Papua provinces.
        "6571011708450001",
        "9271011708450001",
        "9301011708450001",  # 93.01 Merauke, Papua Selatan
        "9501011708450001",  # 95.01 Jayawijaya, Papua Pegunungan
        "9671011708450001",  # 96.71 Kota Sorong, Papua Barat Daya (2022)
        # Excel's text marker: we drop it, stdnum does not.
        "'3171011708450001",
    ],
)
def test_where_we_accept_what_stdnum_rejects(number: str) -> None:
    assert stdnum_nik.is_valid(number) is False
    assert check(number).valid is True


def test_separators_are_cleaned_by_both() -> None:
    # stdnum's clean() also folds non-breaking spaces, so these agree.
    for number in ("3171\u00a00117\u00a00845\u00a00001", "3171-0117.0845 0001"):
        assert stdnum_nik.is_valid(number) is True
        assert check(number).nik == "3171011708450001"


def test_century_differs_from_stdnum() -> None:
    # stdnum tries 19YY first; we take 20YY unless that is in the future.
    number = "6101010101100001"
    assert stdnum_nik.get_birth_date(number) == date(1910, 1, 1)
    assert check(number).birth_date == date(2010, 1, 1)


def test_scientific_is_rejected_by_both() -> None:
    assert stdnum_nik.is_valid("6.10101E+15") is False
    assert check("6.10101E+15").reason == "nik_scientific"


STDNUM_UNKNOWN_PROVINCES = {"65", "92", "93", "95", "96"}


def test_stdnum_province_table_is_what_the_comparison_assumes() -> None:
    provinces = {code for code, entry in CODEBOOK.entries.items() if entry.level == "provinsi"}
    unknown = {p for p in provinces if not stdnum_nik.is_valid(p + "01011708450001")}
    assert unknown == STDNUM_UNKNOWN_PROVINCES


@PROPERTY_SETTINGS
@given(st.one_of(nik_like(), digits_16))
def test_stdnum_agrees_except_where_documented(number: str) -> None:
    ours = check(number)
    theirs = stdnum_nik.is_valid(number)
    if ours.valid and number[:2] not in STDNUM_UNKNOWN_PROVINCES:
        assert theirs is True
    if theirs and not ours.valid:
        assert ours.reason in ("nik_region", "nik_date", "nik_serial")
        if ours.reason == "nik_date":
            assert int(number[6:8]) >= 72  # stdnum's day % 40
        if ours.reason == "nik_serial":
            assert number.endswith("0000")
