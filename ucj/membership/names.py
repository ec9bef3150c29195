"""Normalisation of Indonesian personal names for record linkage.

One implementation, vectorised in polars (`normalised_name`); the scalar
`normalise_name` runs it on a one-element Series. The output is upper-case ASCII
letters separated by single spaces, and normalising it again changes nothing.

Steps, in order:

1. Unicode compatibility decomposition, accents dropped, upper case. Apostrophes are
   deleted (MA'RUF = MARUF); every other character but letters, "." and "," becomes a
   space.
2. Degrees. Text after the first comma holds the post-nominal degrees ("SITI AMINAH,
   S.Pd., M.Pd."): every degree there is removed however it is written (S.Pd, S. Pd.,
   SPd, S PD); other tokens after a comma are kept. Without a comma, degrees are removed
   only from the end of the name, and a two-letter one that is also a plausible name
   token (SE, SH, ST, MM, MH, MA...) only when written with a dot ("BUDI S.E." loses it,
   "TAN SE" keeps it). Longer undotted ones (SPD, SKOM, AMD, MKES...) are never names and
   go from the end even undotted.
3. Old spellings (before the 1972 EYD reform), per token: OE->U, DJ->J, TJ->C, SJ->SY,
   and NJ->NY at the start of a token. In a token that shows one of those old-spelling
   marks, the remaining J is the old J for Y (SOEJONO -> SUYONO, TJAHJADI -> CAHYADI);
   J is never turned into Y in a token without such a mark, since in modern spelling
   JOKO and YOKO are different names. CH->KH is not done: CH is KH in old Malay
   spelling but also H (ACHMAD = AHMAD), C (CHANDRA) or itself (RICHARD). NJ inside a
   token stays: modern names have it (ANJAR, SANJAYA). The Jaro-Winkler levels of the
   model absorb what this leaves.
4. Titles. HAJI, HAJJAH, HJ, DRS, DRA, DRG and PROF are removed wherever they stand;
   H, DR, IR, KH, NS, BD and APT only as leading titles (H inside a name is more often
   an initial: M. H. THAMRIN).
5. Muhammad: MUHAMMAD, MUHAMAD, MOHAMMAD, MOHAMAD, MUHAMMED, MOCHAMAD, MOH, MUH, MHD,
   MOHD, M (and the like) -> MUHAMMAD; ABD -> ABDUL.
"""

from __future__ import annotations

import polars as pl

# Degrees as conventionally dotted; the dots mark where spaces or dots may stand.
# "Safe" ones are never personal-name tokens, so they are removed from the end of a
# name even undotted; the others only with a dot (or after a comma).
_SAFE_DEGREES = (
    "S.Pd.I", "S.Pd.SD", "S.Pd", "S.Ag", "S.Kom", "S.I.Kom", "S.Kep", "S.ST", "S.Sos",
    "S.Si", "S.IP", "S.KM", "S.Hut", "S.Psi", "S.Farm", "S.Ked", "S.Gz", "S.Kes",
    "S.Keb", "S.Tr.Keb", "S.Th", "S.TP", "S.Pt", "S.Tr", "A.Md.Kep", "A.Md.Keb",
    "A.Md.Kes", "A.Md.Ak", "A.Md.Farm", "A.Md.Gz", "A.Md", "A.Ma.Pd", "M.Pd",
    "M.Si", "M.Kes", "M.Kom", "M.Ag", "M.Sc", "M.Kep", "M.Hum", "M.Sos", "M.Psi",
    "Ph.D", "Sp.OG", "Sp.PD",
)
_AMBIGUOUS_DEGREES = (
    "S.H.I", "S.E", "S.H", "S.T", "S.P", "S.S", "S.Ak", "M.M", "M.H", "M.T", "M.A",
    "M.E", "M.P", "M.Ak", "M.Eng", "A.Ma", "Sp.A", "MBA", "Ns", "Bd", "Apt",
)
_LEADING_TITLES = (
    "H", "HJ", "HAJI", "HAJJAH", "HAJAH", "DR", "DRS", "DRA", "DRG", "IR", "PROF", "KH",
    "NS", "BD", "APT",
)
_ANYWHERE_TITLES = ("HAJI", "HAJJAH", "HAJAH", "HJ", "DRS", "DRA", "DRG", "PROF")
_MUHAMMAD = (
    "MUHAMMAD", "MUHAMAD", "MUHAMMED", "MUHAMED", "MOHAMMAD", "MOHAMAD", "MOHAMMED",
    "MOHAMED", "MOCHAMMAD", "MOCHAMAD", "MOCHAMMED", "MUCHAMMAD", "MUCHAMAD", "MOCH",
    "MOHD", "MUHD", "MOH", "MUH", "MHD", "M",
)


def _segments(degree: str) -> list[str]:
    return [s.upper() for s in degree.split(".")]


def _loose(degree: str) -> str:
    """Any spelling: dots and spaces optional between and after the segments."""
    return r"\b" + r"\.?\s*".join(_segments(degree)) + r"\b\.?"


def _dotted(degree: str) -> str:
    """Only spellings with a dot: after the first segment, or at the end."""
    segs = _segments(degree)
    if len(segs) == 1:
        return rf"\b{segs[0]}\b\."
    rest = r"\.?\s*".join(segs[1:])
    return rf"\b{segs[0]}\.\s*{rest}\b\.?|\b{r'\s*'.join(segs)}\b\."


def _by_length(degrees: tuple[str, ...]) -> list[str]:
    # Longest first: the regex alternation takes the first that matches (S.Pd.I, S.Pd).
    return sorted(degrees, key=lambda d: (-len(d.replace(".", "")), d))


_ALL_DEGREES = "|".join(_loose(d) for d in _by_length(_SAFE_DEGREES + _AMBIGUOUS_DEGREES))
_HEAD_DEGREE = "|".join(
    [_loose(d) for d in _by_length(_SAFE_DEGREES)]
    + [_dotted(d) for d in _by_length(_AMBIGUOUS_DEGREES)]
)
_TRAILING_DEGREES_DOTTED = rf"(?:[\s.]+(?:{_HEAD_DEGREE}))+[\s.,]*$"
_SAFE_SPACED = "|".join(
    r"\b" + r"\s*".join(_segments(d)) + r"\b" for d in _by_length(_SAFE_DEGREES)
)
_TRAILING_DEGREES = rf"(?:\s+(?:{_SAFE_SPACED}))+\s*$"
_LEADING = rf"^\s*(?:(?:{'|'.join(_LEADING_TITLES)})\s+)+"
_ANYWHERE = rf"\b(?:{'|'.join(_ANYWHERE_TITLES)})\b"
_MUHAMMAD_RE = rf"\b(?:{'|'.join(_MUHAMMAD)})\b"
_OLD_MARK = r"OE|DJ|TJ|SJ|^NJ"


def _old_spelling_token(token: pl.Expr) -> pl.Expr:
    # "#" keeps the J of DJ (a modern J) out of the J->Y step; nothing else has "#".
    converted = (
        token.str.replace_all("OE", "U", literal=True)
        .str.replace_all("D+J", "#")
        .str.replace_all("TJ", "C", literal=True)
        .str.replace_all("SJ", "SY", literal=True)
        .str.replace(r"^NJ", "NY")
        .str.replace_all("J", "Y", literal=True)
        .str.replace_all("#", "J", literal=True)
    )
    return pl.when(token.str.contains(_OLD_MARK)).then(converted).otherwise(token)


def _old_spelling(names: pl.Series) -> pl.Series:
    # Token by token, and only on the few names with an old-spelling mark (lists are
    # slow). Twice: DJ->J can leave a new mark behind (SDJ -> SJ); the second pass has
    # no DJ left, so the result carries no mark.
    for _ in range(2):
        marked = names.str.contains(r"OE|DJ|TJ|SJ|\bNJ").fill_null(False)
        if not marked.any():
            break
        converted = (
            names.filter(marked).str.split(" ")
            .list.eval(_old_spelling_token(pl.element())).list.join(" ")
        )
        names = names.scatter(marked.arg_true(), converted)
    return names


def _normalise_distinct(names: pl.Series) -> pl.Series:
    if not names.str.contains(r"[^\x00-\x7f]").fill_null(False).any():
        text = names
    else:
        text = names.str.normalize("NFKD").str.replace_all(r"\p{M}", "")
    text = (
        text.str.to_uppercase()
        .str.replace_all(r"['`\u2018\u2019\u02bc\u00b4]", "")
        .str.replace_all(r"[^A-Z.,]+", " ")
    )
    # Punctuation-dependent part: degrees after a comma, or dotted at the end.
    parts = text.str.splitn(",", 2).struct
    head = parts.field("field_0").str.replace(_TRAILING_DEGREES_DOTTED, "")
    tail = parts.field("field_1").fill_null("").str.replace_all(_ALL_DEGREES, " ")
    text = pl.select(pl.concat_str([head, tail], separator=" ")).to_series()
    text = text.str.replace_all(r"[.,\s]+", " ").str.strip_chars()
    # Token-level part, on text without punctuation; idempotent by itself.
    text = _old_spelling(text)
    text = (
        text.str.replace_all(_ANYWHERE, " ")
        .str.replace(_LEADING, "")
        .str.replace(_TRAILING_DEGREES, "")
        .str.replace_all(_MUHAMMAD_RE, "MUHAMMAD")
        .str.replace_all(r"\bABD\b", "ABDUL")
    )
    return text.str.replace_all(r"\s+", " ").str.strip_chars()


def _normalise_series(names: pl.Series) -> pl.Series:
    # Names repeat a lot (SITI AMINAH...): do the regex work once per distinct name.
    distinct = names.unique()
    if distinct.len() * 4 > names.len() * 3:
        return _normalise_distinct(names).alias(names.name)
    mapping = _normalise_distinct(distinct)
    return names.replace_strict(distinct, mapping, return_dtype=pl.String).alias(names.name)


def normalised_name(expr: pl.Expr) -> pl.Expr:
    """Normalised form of a String expression of personal names (null stays null)."""
    return expr.map_batches(_normalise_series, return_dtype=pl.String, is_elementwise=True)


def normalise_name(text: str | None) -> str:
    """Scalar form of `normalised_name`; None gives ""."""
    if text is None:
        return ""
    series = pl.Series("name", [text], dtype=pl.String)
    result = pl.select(normalised_name(pl.lit(series))).item()
    return result or ""
