"""Old desa and kecamatan names from earlier Kemendagri lists match today's regions
(DOMAIN.md, "Corrections and additions", region history)."""

from __future__ import annotations

import re

import pytest

from tests.registry.intake import NIK_A, _desa_rows, csv_bytes, lookup, run
from ucj.regions.codebook import former_names
from ucj.registry.intake.desa import AMBIGUOUS, FOUND, UNKNOWN, DesaLookup


def letters(name: str) -> str:
    return re.sub(r"[^A-Z]", "", name.upper())


def test_the_2019_list_spelt_21_kalbar_desa_differently():
    # DOMAIN.md: 21 desa spellings changed for Kalbar between the 2019 list (labelled
    # 2020: Permendagri 72/2019) and 2025. Counted here from the vendored history: desa
    # (serial 2xxx, not kelurahan) whose 2019 name differs in its letters, not only in
    # spaces, hyphens or apostrophes.
    current = {code: name for rows in _desa_rows().values() for code, name, _k, _n in rows}
    changed = sorted(
        (code, name.name) for code, names in former_names().items()
        if code.startswith("61.") and code.count(".") == 3 and code[9] == "2"
        for name in names
        if name.first_listed <= 2020 <= name.last_listed
        and letters(name.name) != letters(current[code]))
    assert len(changed) == 21
    assert ("61.01.02.2026", "Teluk Kumbang") in changed
    assert ("61.04.05.2013", "Pendamaran Indah") in changed


@pytest.mark.parametrize(("regency", "desa", "kecamatan", "code"), [
    ("61.01", "Teluk Kumbang", None, "61.01.02.2026"),  # today Teluk Kembang
    ("61.01", "Desa Teluk Kumbang", "Jawai", "61.01.02.2026"),
    ("61.01", "Teluk Kembang", None, "61.01.02.2026"),  # today's name still matches
    ("61.04", "Pendamaran Indah", None, "61.04.05.2013"),  # today Pendamar Indah
    ("61.12", "Pungur Besar", None, "61.12.09.2010"),  # today Punggur Besar
    ("61.12", "Sungairaya", None, "61.12.01.2001"),  # 2016-2018 spelling of Sungai Raya
])
def test_old_spellings_find_todays_desa(regency, desa, kecamatan, code):
    assert lookup(regency).find(desa, kecamatan) == (code, FOUND)


def test_an_old_kecamatan_name_is_a_kecamatan_alias():
    # 61.02.08 was Siantan in the 2016-2022 lists, Jongkat today.
    assert lookup("61.02").kecamatan_codes["SIANTAN"] == "61.02.08"
    rows = [("61.02.08.2002", "Sungai Nipah", "61.02.08", "Jongkat"),
            ("61.02.01.2099", "Sungai Nipah", "61.02.01", "Mempawah Hilir")]
    both = DesaLookup.from_rows(rows, [("61.02.08", "Siantan")])
    assert both.find("Sungai Nipah") == (None, AMBIGUOUS)
    assert both.find("Sungai Nipah", "Kec. Siantan") == ("61.02.08.2002", FOUND)
    assert both.find("Sungai Nipah", "Jongkat") == ("61.02.08.2002", FOUND)


def test_todays_names_win_over_old_ones():
    # An old name that is now another desa's name finds that desa, never the renamed one.
    rows = [("61.99.01.2001", "Sungai Baru", "61.99.01", "Satu"),
            ("61.99.01.2002", "Sungai Lama", "61.99.01", "Satu")]
    book = DesaLookup.from_rows(rows, [("61.99.01.2001", "Sungai Lama"),
                                       ("61.99.01.2001", "Sei Kuno")])
    assert book.find("Sungai Lama") == ("61.99.01.2002", FOUND)
    assert book.find("Sei Kuno") == ("61.99.01.2001", FOUND)
    assert book.find("Sungai Antah") == (None, UNKNOWN)


def test_a_list_with_an_old_spelling_gets_the_desa_code_and_no_warning():
    data = csv_bytes([["NIK", "NAMA", "DESA", "KECAMATAN"],
                      [NIK_A, "Budi", "Teluk Kumbang", "Jawai"]])
    *_rest, checked = run(data)
    row = checked.frame.row(0, named=True)
    assert row["desa_code"] == "61.01.02.2026"
    assert "desa_unknown" not in row["warnings"]
