"""Name normalisation (ucj.membership.names): plain polars, no database."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ucj.membership.names import normalise_name, normalised_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Titles and degrees, however written.
        ("Hj. Siti Aminah, S.Pd.", "SITI AMINAH"),
        ("SITI AMINAH, S. Pd.", "SITI AMINAH"),
        ("Siti Aminah, SPd", "SITI AMINAH"),
        ("Siti Aminah,S.Pd", "SITI AMINAH"),
        ("SITI AMINAH S.PD", "SITI AMINAH"),
        ("SITI AMINAH SPD", "SITI AMINAH"),
        ("Nur Hasanah, S.Pd.I", "NUR HASANAH"),
        ("Dr. H. Ahmad Fauzi, M.Kes.", "AHMAD FAUZI"),
        ("Prof. Dr. Ir. H. Budi Santoso, M.Sc., Ph.D.", "BUDI SANTOSO"),
        ("Drs. Agus Salim, M.M.", "AGUS SALIM"),
        ("Dra. Sri Wahyuni, M.Si", "SRI WAHYUNI"),
        ("Sri Mulyani, S.E., M.M.", "SRI MULYANI"),
        ("Rina Wati, A.Md.Kep.", "RINA WATI"),
        ("Rina Wati, AMD", "RINA WATI"),
        ("Yohanes, S.Kep., Ns.", "YOHANES"),
        ("Ns. Dewi Lestari, S.Kep", "DEWI LESTARI"),
        ("Budi, SE", "BUDI"),
        ("Budi, S.H.", "BUDI"),
        ("BUDI S.E.", "BUDI"),
        ("HAJI ABDUL SOMAD", "ABDUL SOMAD"),
        ("Hajjah Fatimah", "FATIMAH"),
        # Undotted two-letter tokens at the end may be names (no comma, no dot): kept.
        ("TAN SE", "TAN SE"),
        ("LIM SH", "LIM SH"),
        # H inside a name is an initial, not Haji.
        ("M. H. Thamrin", "MUHAMMAD H THAMRIN"),
        # Muhammad and abbreviations.
        ("M. Soedjono", "MUHAMMAD SUJONO"),
        ("Moh. Rizki", "MUHAMMAD RIZKI"),
        ("Mhd Rizki", "MUHAMMAD RIZKI"),
        ("Muhamad Rizki", "MUHAMMAD RIZKI"),
        ("Mochammad Rizki", "MUHAMMAD RIZKI"),
        ("Mohammed Rizki", "MUHAMMAD RIZKI"),
        ("Muh. Rizki", "MUHAMMAD RIZKI"),
        ("ABD. RAHMAN", "ABDUL RAHMAN"),
        # Old spellings.
        ("Soedjono", "SUJONO"),
        ("Soejono", "SUYONO"),
        ("Tjahjadi", "CAHYADI"),
        ("Soerjadi", "SURYADI"),
        ("Djoko Soesilo", "JOKO SUSILO"),
        ("Joesoef", "YUSUF"),
        ("Njoman Sudarsana", "NYOMAN SUDARSANA"),
        ("Sjamsoedin", "SYAMSUDIN"),
        ("Tjandra", "CANDRA"),
        # Modern J stays (JOKO is not YOKO); NJ inside a name stays; CH is not touched.
        ("Joko Widodo", "JOKO WIDODO"),
        ("Sanjaya", "SANJAYA"),
        ("Achmad Chairul", "ACHMAD CHAIRUL"),
        # Case, punctuation, spacing, accents, apostrophes.
        ("  siti   aminah  ", "SITI AMINAH"),
        ("Siti-Aminah", "SITI AMINAH"),
        ("Ma'ruf Amin", "MARUF AMIN"),
        ("José Rizal", "JOSE RIZAL"),
        ("HAJI", ""),
        ("", ""),
    ],
)
def test_examples(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("M. Soedjono", "MUHAMMAD SUJONO"),
        ("Hj. Siti Aminah, S.Pd.", "SITI AMINAH"),
        ("Tjahjadi Soeharto", "CAHYADI SUHARTO"),
        ("MOH. YUSUF", "Muhammad Joesoef"),
        ("Dr. Ir. Budi Santoso, M.T.", "budi santoso"),
    ],
)
def test_same_person_written_differently(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("JOKO", "YOKO"), ("SUJONO", "SUYONO"), ("SITI AMINAH", "SITI AMINA")],
)
def test_different_names_stay_different(a: str, b: str) -> None:
    assert normalise_name(a) != normalise_name(b)


def test_none_is_empty_and_nulls_stay_null() -> None:
    assert normalise_name(None) == ""
    out = pl.DataFrame({"name": ["Hj. Siti", None]}).select(normalised_name(pl.col("name")))
    assert out["name"].to_list() == ["SITI", None]


def test_vectorised_keeps_order_and_length_with_repeats() -> None:
    names = ["Hj. Siti Aminah, S.Pd.", "M. Soedjono", "Hj. Siti Aminah, S.Pd."] * 5
    out = pl.DataFrame({"name": names}).select(normalised_name(pl.col("name")))
    assert out["name"].to_list() == ["SITI AMINAH", "MUHAMMAD SUJONO", "SITI AMINAH"] * 5


_TOKENS = [
    "S", "PD", "I", "SE", "SH", "M", "KES", "A", "MD", "KEP", "H", "HJ", "DR", "SITI",
    "AMINAH", "SOEDJONO", "TJAHJADI", "NJ", "DJ", "SDJ", "MOH", "ABD", "NS", "HAJI", "MA",
    "SPD", "AMD", "SD", "TR", "KEB", "PH", "D", "SP", "OG", "BUDI", "Soejono", "joko",
]
_SEPARATORS = [" ", ". ", ".", ", ", ",", "  ", "-", "'"]
name_like = st.lists(
    st.tuples(st.sampled_from(_TOKENS), st.sampled_from(_SEPARATORS)), max_size=8,
).map(lambda parts: "".join(token + sep for token, sep in parts))
any_text = st.text(alphabet="ADEJHMNOPSTKIU .,'-éÉ", max_size=30) | st.text(max_size=20)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(name_like | any_text)
def test_idempotent(raw: str) -> None:
    once = normalise_name(raw)
    assert normalise_name(once) == once


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(name_like | any_text, min_size=1, max_size=20))
def test_scalar_equals_vectorised(raws: list[str]) -> None:
    vectorised = pl.DataFrame({"name": raws}, schema={"name": pl.String}).select(
        normalised_name(pl.col("name"))
    )["name"].to_list()
    assert vectorised == [normalise_name(raw) for raw in raws]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(name_like | any_text)
def test_output_is_upper_case_letters_and_single_spaces(raw: str) -> None:
    out = normalise_name(raw)
    assert out == out.strip()
    assert "  " not in out
    assert all("A" <= c <= "Z" or c == " " for c in out)
