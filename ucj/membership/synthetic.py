"""Synthetic registry and BPJS extract, for tests and the reconciliation bench.

`generate` is pure and seeded: the same arguments give the same frames. People have a
sex, a birth date, a kecamatan of NIK issue and an Indonesian-looking name; their NIK
is built like a real one (kecamatan code, birth date with +40 for women, then a serial
counting the people of that kecamatan, birth date and sex), so people born on the same
day in the same kecamatan have NIKs one digit apart, as in reality.

Geography: the registry is Kalbar's. Its people (workers, and the decoys planted next
to them) live in Kalbar's current kecamatan by regency population (6 % hold a NIK
issued in another province's city: migrants); everyone else in the extract is
national, spread over all of Indonesia's current kecamatan (the codebook,
ucj.regions.codebook) by regency population (penduduk 2024) split evenly among a
regency's kecamatan. An extract of millions of participants is multi-province: packing
it into Kalbar's 174 kecamatan would make same-day neighbours (NIKs a serial digit
apart) many times more common than they are.

Workers (the registry) are of four kinds, given in `truth`:

- "exact": in the extract under the same NIK (name possibly written differently:
  titles, degrees, old spelling, M. for Muhammad, mixed case);
- "typo": in the extract, but the registry NIK has one wrong digit or two adjacent
  digits swapped (never equal to another person's NIK);
- "decoy": not in the extract, but someone else is, born the same day: either in the
  same kecamatan (NIK a digit or two away) with a name one letter different, or
  anywhere with exactly the same, common, name;
- "absent": not in the extract.

Some extract participants hold two KPJ (e.g. PU and BPU), with their own status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
import polars as pl

# The registry is Kalbar's (province 61); a few of its NIKs were issued elsewhere
# (migrants: the first kecamatan of these cities, 6 % of the registry's people).
_HOME_PROVINCE = "61"
_ELSEWHERE = ("31.71", "32.73", "33.74", "35.78", "64.71", "73.71", "12.71", "21.71")
_MIGRANT_SHARE = 0.06


@cache
def _regions() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every current kecamatan (codebook) as a 6-digit number, sorted, with two weights
    summing to 1: the registry's (Kalbar by regency population, split evenly among a
    regency's kecamatan, plus the migrants' kecamatan) and the nation's (every
    kecamatan, by regency population split evenly)."""
    from ucj.regions.codebook import load_codebook, read_population_rows

    kecamatan = sorted(
        entry.code for entry in load_codebook().entries.values()
        if entry.level == "kecamatan" and entry.is_current
    )
    population = {row["kode"]: float(row["total"]) for row in read_population_rows()
                  if row["kode"].count(".") == 1}
    regency = [code[:5] for code in kecamatan]
    per_regency: dict[str, int] = {}
    for code in regency:
        per_regency[code] = per_regency.get(code, 0) + 1
    national = np.array([population.get(r, 0.0) / per_regency[r] for r in regency])
    home = np.array([r.startswith(_HOME_PROVINCE + ".") for r in regency])
    kalbar = np.where(home, national, 0.0)
    kalbar *= (1 - _MIGRANT_SHARE) / kalbar.sum()
    migrants = np.isin(kecamatan, [f"{code}.01" for code in _ELSEWHERE])
    kalbar[migrants] = _MIGRANT_SHARE / migrants.sum()
    codes = np.array([int(code.replace(".", "")) for code in kecamatan], dtype=np.int64)
    return codes, kalbar / kalbar.sum(), national / national.sum()


_MALE_FIRST = [
    "MUHAMMAD", "AHMAD", "ABDUL", "AGUS", "BUDI", "DEDI", "HENDRA", "RUDI", "ANDI",
    "SUPRIADI", "JOKO", "RIZKI", "FAJAR", "ARIF", "DANI", "EKO", "YUSUF", "IWAN", "HERI",
    "BAMBANG", "HARIS", "IRWAN", "SLAMET", "WAHYU", "YOHANES", "ANTONIUS", "PETRUS",
    "STEFANUS", "HENDRIK", "ROBERTUS", "SYAMSUDIN", "CAHYADI", "SURYADI", "NYOMAN",
    "RAHMAT", "ADI", "DODI", "FIRMAN", "GUNAWAN", "HASAN", "IMAM", "JAMALUDIN", "KADIR",
    "LUKMAN", "MAHMUD", "NASRUDIN", "OKTAVIANUS", "PAULUS", "RIDWAN", "SAIFUL", "TAUFIK",
    "UMAR", "VINCENTIUS", "WAWAN", "YUDI", "ZAINAL", "ABU", "ALI", "BAHRUL", "CANDRA",
    "DARMAN", "EDI", "FERI", "GALIH", "HAMDAN", "ISMAIL", "JUNAIDI", "KURNIA", "LEO",
    "MARTINUS", "NICO", "OMAR", "PRANOTO", "RAMLI", "SAPRI", "TEGUH", "USMAN", "VICTOR",
    "WILLY", "YANTO", "ZULKIFLI"
]
_FEMALE_FIRST = [
    "SITI", "NUR", "SRI", "DEWI", "RINA", "YULI", "LINDA", "MARIA", "FITRI", "ANI", "WULAN",
    "INDAH", "PUTRI", "RATNA", "DIAN", "LILIS", "YANTI", "ENDANG", "TUTI", "ERNA", "HASNAH",
    "KARTINI", "LESTARI", "MAYA", "NOVI", "OKTAVIA", "PURNAMA", "RAHMA", "SARI", "TRI",
    "UMI", "VERONIKA", "WINDA", "YUNITA", "ZAHRA", "AGNES", "BERNADETA", "CHRISTINA",
    "DINA", "ELISABETH", "FATIMAH", "GRACE", "HELENA", "IRMA", "JULIANA", "KHADIJAH",
    "LUSIANA", "MARLINA", "NURHAYATI", "OCTAVIA", "PATRISIA", "RUSMINI", "SUSANTI",
    "THERESIA", "UTARI", "VIVI", "WIDYA", "YOSEPHINA", "AISYAH"
]
_SECOND_FEMALE = [
    "AMINAH", "HASANAH", "RAHMAWATI", "LESTARI", "WATI", "FITRIANI", "NURHALIZA",
    "ANGGRAINI", "HANDAYANI", "PERMATASARI", "WAHYUNI", "YULIANTI", "SURYANI", "MARLINA",
    "DAMAYANTI", "KARTIKA", "NINGSIH", "PURWANTI", "RAHAYU", "SARTIKA", "UTAMI",
    "WULANDARI", "YUSNITA", "APRIANI", "MELATI", "NOVITASARI", "SAFITRI", "AULIA"
]
_SECOND_MALE = [
    "SANTOSO", "HIDAYAT", "SAPUTRA", "PRATAMA", "KURNIAWAN", "SETIAWAN", "RAMADHAN",
    "WIJAYA", "SUSANTO", "SULISTYO", "SUJONO", "SUYONO", "SUKARNO", "SUHARTO", "SUSILO",
    "GUNAWAN", "HARTONO", "IRAWAN", "JAYADI", "KUSUMA", "MULYADI", "NUGROHO", "PURNOMO",
    "RAHARJO", "SANTOSA", "TANJUNG", "UTOMO", "WIBOWO", "ZAKARIA", "ALAMSYAH", "BAHTIAR",
    "FIRDAUS", "HAKIM", "ISKANDAR", "LUBIS", "MAULANA", "NASUTION", "RIYADI", "SIREGAR",
    "SYAHPUTRA", "ARIFIN", "EFENDI", "FAUZI", "HUSAIN", "KHOIRUL", "MUSTOFA", "ROHMAN",
    "SALEH", "YUSUF", "RIZAL", "ANWAR", "RIZKI", "CAHYADI", "SURYADI"
]
_SYLLABLES = [
    "SU", "PAR", "MAN", "GI", "AN", "TO", "WI", "DO", "DAR", "NO", "HAR", "JA", "DI", "SAN",
    "RI", "YA", "TI", "NI", "MI", "RAH", "WAN", "DAN", "KAR", "TA", "SU", "LIS", "TIA",
    "NA", "RO", "HA", "NUR", "LI", "NA", "RO", "SE", "TYA", "BU", "DI", "MAR", "LE", "NA",
    "WA", "TI", "GUS"
]
_SINGLE = [
    "SUPARMAN", "SUGIANTO", "SUYONO", "SUHARTO", "SUKARNO", "SURYADI", "PONIRAH",
    "SUPRIYANTO"
]

# Old (pre-1972) spellings of some tokens: the registry sometimes has them.
_OLD_SPELLING = {
    "SUJONO": "SOEDJONO", "SUYONO": "SOEJONO", "CAHYADI": "TJAHJADI", "YUSUF": "JOESOEF",
    "JOKO": "DJOKO", "SUKARNO": "SOEKARNO", "SUHARTO": "SOEHARTO", "SURYADI": "SOERJADI",
    "NYOMAN": "NJOMAN", "SYAMSUDIN": "SJAMSOEDIN", "CANDRA": "TJANDRA", "SUSILO": "SOESILO",
}
_MALE_TITLES = ("H. ", "DR. ", "IR. ", "DRS. ")
_FEMALE_TITLES = ("HJ. ", "DRA. ", "DR. ")
_DEGREES = (", S.PD.", ", S.E.", ", S.H.", ", A.MD.KEP.", ", S.KEP., NS.", ", M.KES.",
            " S.PD", ", SPd", ", S. Pd., M.Pd.", ", S.KOM")
COMMON_FEMALE = ("SITI AMINAH", "SITI HASANAH", "NUR HASANAH", "SRI WAHYUNI")
COMMON_MALE = ("MUHAMMAD RIZKI", "MUHAMMAD YUSUF", "AHMAD FAUZI", "AGUS SANTOSO")

CATEGORIES = ("PU", "BPU", "JAKON", "PMI")


@dataclass(frozen=True)
class Synthetic:
    workers: pl.DataFrame
    participants: pl.DataFrame
    truth: pl.DataFrame


def _zipf(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def _month_shift(as_of: date, months: np.ndarray) -> np.ndarray:
    """First of the month `months` before as_of's month, as numpy datetime64[D]."""
    base = as_of.year * 12 + (as_of.month - 1) - months
    return (
        (base // 12 - 1970).astype("datetime64[Y]").astype("datetime64[M]")
        + (base % 12).astype("timedelta64[M]")
    ).astype("datetime64[D]")


def _pick(rng: np.random.Generator, pool: tuple[str, ...] | list[str], n: int,
          s: float | None = None) -> pl.Series:
    idx = rng.choice(len(pool), n, p=_zipf(len(pool), s)) if s else rng.integers(0, len(pool), n)
    return pl.Series(pool, dtype=pl.String).gather(idx)


def _names(rng: np.random.Generator, female: np.ndarray) -> pl.Series:
    n = female.size
    fem = pl.Series(female)

    def compound() -> pl.Series:
        # Javanese-style compounds of syllables: the long tail of rare names.
        return pl.select(pl.concat_str([
            _pick(rng, _SYLLABLES, n), _pick(rng, _SYLLABLES, n),
            pl.when(pl.Series(rng.random(n) < 0.5)).then(_pick(rng, _SYLLABLES, n))
            .otherwise(pl.lit("")),
        ])).to_series()

    def token() -> pl.Series:
        male = _pick(rng, _SECOND_MALE, n, 0.6)
        female_name = _pick(rng, _SECOND_FEMALE, n, 0.6)
        curated = pl.select(
            pl.when(fem & pl.Series(rng.random(n) < 0.7)).then(female_name).otherwise(male)
        ).to_series()
        return pl.select(pl.when(pl.Series(rng.random(n) < 0.45)).then(curated)
                         .otherwise(compound())).to_series()

    frame = pl.DataFrame({
        "female": female,
        "male_first": _pick(rng, _MALE_FIRST, n, 0.7),
        "female_first": _pick(rng, _FEMALE_FIRST, n, 0.7),
        "second": token(), "third": token(),
        "single": pl.select(pl.when(pl.Series(rng.random(n) < 0.15))
                            .then(_pick(rng, _SINGLE, n)).otherwise(compound())).to_series(),
        "shape": rng.random(n),
    })
    first = pl.when("female").then("female_first").otherwise("male_first")
    two = pl.concat_str([first, pl.col("second")], separator=" ")
    return frame.select(
        pl.when(pl.col("shape") < 0.04).then("single")
        .when(pl.col("shape") < 0.50).then(two)
        .otherwise(pl.concat_str([two, pl.col("third")], separator=" "))
        .alias("name")
    ).to_series()


def _variants(rng: np.random.Generator, names: pl.Series, female: np.ndarray) -> pl.Series:
    """The same names as a person might be written elsewhere; all normalise the same."""
    n = names.len()
    kind = rng.random(n)
    titles_f = np.array(_FEMALE_TITLES)[rng.integers(0, len(_FEMALE_TITLES), n)]
    titles_m = np.array(_MALE_TITLES)[rng.integers(0, len(_MALE_TITLES), n)]
    degree = np.array(_DEGREES)[rng.integers(0, len(_DEGREES), n)]
    frame = pl.DataFrame({
        "name": names, "kind": kind, "title": np.where(female, titles_f, titles_m),
        "degree": degree,
    })
    old = pl.col("name")
    for modern, old_form in _OLD_SPELLING.items():
        old = old.str.replace_all(rf"\b{modern}\b", old_form)
    return frame.select(
        pl.when(pl.col("kind") < 0.55).then(pl.col("name"))
        .when(pl.col("kind") < 0.65).then(pl.col("name").str.to_titlecase())
        .when(pl.col("kind") < 0.75).then(pl.col("title") + pl.col("name"))
        .when(pl.col("kind") < 0.85).then(pl.col("name") + pl.col("degree"))
        .when(pl.col("kind") < 0.92).then(
            pl.col("name").str.replace(r"^MUHAMMAD ", "M. ").str.replace(r"^MUHAMMAD ", "MOH. ")
        )
        .otherwise(old.str.to_titlecase())
        .alias("name")
    ).to_series()


def _misspell(rng: np.random.Generator, names: pl.Series) -> pl.Series:
    """One letter of the last token replaced: a different name or a real misspelling."""
    out = []
    letters = "AEIOUNRSTM"
    for name in names.to_list():
        head, _, last = name.rpartition(" ")
        i = int(rng.integers(1, max(len(last), 2)))
        i = min(i, len(last) - 1)
        new = letters[int(rng.integers(0, len(letters)))]
        if new == last[i]:
            new = "Y" if last[i] != "Y" else "A"
        last = last[:i] + new + last[i + 1:]
        out.append(f"{head} {last}".strip())
    return pl.Series("name", out, dtype=pl.String)


def _typo(rng: np.random.Generator, niks: np.ndarray) -> np.ndarray:
    """One wrong digit (70%) or two adjacent, different, digits swapped (30%)."""
    digits = np.frombuffer("".join(niks).encode(), dtype=np.uint8).reshape(-1, 16).copy()
    n = digits.shape[0]
    swap = rng.random(n) < 0.3
    pos = rng.integers(0, 15, n)
    rows = np.arange(n)
    a, b = digits[rows, pos].copy(), digits[rows, pos + 1].copy()
    can_swap = swap & (a != b)
    digits[rows[can_swap], pos[can_swap]] = b[can_swap]
    digits[rows[can_swap], pos[can_swap] + 1] = a[can_swap]
    sub = ~can_swap
    pos_sub = rng.integers(0, 16, n)
    old = digits[rows, pos_sub]
    new = (old - 48 + rng.integers(1, 10, n)) % 10 + 48
    digits[rows[sub], pos_sub[sub]] = new[sub]
    return np.array([bytes(r).decode() for r in digits])


def _plausible(niks: pl.Series, regions: list[str]) -> pl.Series:
    day = niks.str.slice(6, 2).cast(pl.Int32)
    day = pl.select(pl.when(day > 40).then(day - 40).otherwise(day)).to_series()
    text = pl.select(pl.format(
        "20{}-{}-{}", niks.str.slice(10, 2), niks.str.slice(8, 2),
        day.cast(pl.String).str.zfill(2),
    )).to_series()
    valid_date = text.str.to_date("%Y-%m-%d", strict=False).is_not_null()
    return (
        niks.str.slice(0, 6).is_in(pl.Series(regions).implode())
        & valid_date
        & (niks.str.slice(12, 4) != "0000")
    )


def generate(
    n_workers: int,
    n_participants: int,
    *,
    seed: int = 0,
    as_of: date = date(2026, 6, 30),
    enrolled_share: float = 0.6,
    typo_share: float = 0.01,
    decoy_share: float = 0.02,
    second_kpj_share: float = 0.05,
    misspelt_share: float = 0.01,
) -> Synthetic:
    """Workers, extract participants and the truth (see the module docstring).

    typo_share is a share of the enrolled workers; decoy_share of all workers;
    misspelt_share of the typo workers have a name one letter different (a true match
    the name comparison cannot confirm).
    """
    from ucj.membership.reconcile import coverage_status

    rng = np.random.default_rng(seed)
    n_enrolled = round(n_workers * enrolled_share)
    n_typo = round(n_enrolled * typo_share)
    n_absent = n_workers - n_enrolled
    n_decoy = min(round(n_workers * decoy_share), n_absent)
    persons_in_extract = round(n_participants / (1 + second_kpj_share))
    if persons_in_extract < n_enrolled + n_decoy:
        raise ValueError("n_participants too small for the enrolled workers and decoys")
    n_second = n_participants - persons_in_extract
    n_persons = persons_in_extract + n_absent
    # Person layout: [enrolled | absent (decoy targets first) | decoys | background].
    decoy_start = n_enrolled + n_absent
    decoy_targets = np.arange(n_enrolled, n_enrolled + n_decoy)
    decoys = np.arange(decoy_start, decoy_start + n_decoy)

    # Regions, sex, birth dates. The registry's people (enrolled, absent, decoys) live
    # in Kalbar (a few NIKs issued elsewhere: migrants); the rest of the extract is
    # national, spread over every current kecamatan by regency population.
    codes, kalbar_weights, national_weights = _regions()
    n_local = decoy_start + n_decoy
    region = np.empty(n_persons, dtype=np.int32)
    local = np.flatnonzero(kalbar_weights)
    region[:n_local] = local[rng.choice(local.size, n_local, p=kalbar_weights[local])]
    region[n_local:] = rng.choice(codes.size, n_persons - n_local, p=national_weights)
    female = rng.random(n_persons) < 0.5
    first_day = np.datetime64("1961-01-01")
    span = int((np.datetime64("2007-12-31") - first_day).astype(int))
    day_index = rng.integers(0, span + 1, n_persons)
    birth = first_day + day_index.astype("timedelta64[D]")
    names = _names(rng, female)

    # Decoys: born the same day, same sex; half in the same kecamatan with a name one
    # letter off, half anywhere in Kalbar with the same common name as their target.
    birth[decoys] = birth[decoy_targets]
    day_index[decoys] = day_index[decoy_targets]
    female[decoys] = female[decoy_targets]
    similar = rng.random(n_decoy) < 0.5
    region[decoys[similar]] = region[decoy_targets[similar]]
    names = names.scatter(decoys[similar], _misspell(rng, names.gather(decoy_targets[similar])))
    common = ~similar
    # Elsewhere than their target: born the same day in the same kecamatan, with the
    # same name and a serial one apart, two people cannot be told from one with a typo.
    clash = np.flatnonzero(common & (region[decoys] == region[decoy_targets]))
    if clash.size:
        position = np.searchsorted(local, region[decoys[clash]])
        shifted = (position + 1 + rng.integers(0, local.size - 1, clash.size)) % local.size
        region[decoys[clash]] = local[shifted]
    common_names = pl.Series(np.where(
        female[decoy_targets[common]],
        np.array(COMMON_FEMALE)[rng.integers(0, len(COMMON_FEMALE), common.sum())],
        np.array(COMMON_MALE)[rng.integers(0, len(COMMON_MALE), common.sum())],
    ), dtype=pl.String)
    names = names.scatter(decoy_targets[common], common_names)
    names = names.scatter(decoys[common], common_names)

    # NIKs, as 16-digit integers: kecamatan, DDMMYY (+40 for women), serial counting
    # the people of that kecamatan, birth date and sex in a random order.
    group = (region.astype(np.int64) * (span + 1) + day_index) * 2 + female
    shuffle = rng.permutation(n_persons)
    by_group = shuffle[np.argsort(group[shuffle], kind="stable")]
    sorted_group = group[by_group]
    del group, shuffle
    new_group = np.empty(n_persons, dtype=bool)
    new_group[:1] = True
    np.not_equal(sorted_group[1:], sorted_group[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    rank = np.arange(n_persons) - np.repeat(starts, np.diff(np.append(starts, n_persons)))
    serial = np.empty(n_persons, dtype=np.int64)
    serial[by_group] = rank + 1
    del by_group, sorted_group, new_group, starts, rank
    if serial.max() > 9999:
        raise ValueError("more than 9999 people of one kecamatan, birth date and sex")
    month_start = birth.astype("datetime64[M]")
    day = (birth - month_start.astype("datetime64[D]")).astype(np.int64) + 1 + 40 * female
    month = month_start.astype(np.int64) % 12 + 1
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    nik_number = (
        codes[region] * 10**10 + day * 10**8 + month * 10**6 + (year % 100) * 10**4 + serial
    )
    del month_start, day, month, year, serial
    all_niks = pl.Series("nik", nik_number).cast(pl.String)
    del nik_number
    people = pl.DataFrame({
        "person": np.arange(n_persons),
        "nik": all_niks,
        "female": female,
        "birth_date": birth,
        "name": names,
    })
    region_codes_known = [str(code) for code in codes]

    # Extract: one KPJ per person in it, a second for some.
    in_extract = np.concatenate([np.arange(n_enrolled), decoys,
                                 np.arange(decoy_start + n_decoy, n_persons)])
    holders = np.concatenate([in_extract, rng.choice(in_extract, n_second, replace=False)])
    n_rows = holders.size
    status_active = rng.random(n_rows) < 0.75
    months = rng.choice([-1, 0, 1, 2, 3, 6, 14, 30], n_rows,
                        p=[0.03, 0.5, 0.25, 0.1, 0.05, 0.03, 0.02, 0.02])
    months = np.where(status_active, months, rng.integers(2, 60, n_rows))
    last_paid = pl.Series("last_paid", _month_shift(as_of, months))
    no_payment = rng.random(n_rows) < 0.02
    category = np.array(CATEGORIES)[rng.choice(4, n_rows, p=[0.55, 0.35, 0.05, 0.05])]
    kpj = pl.Series("kpj", rng.permutation(n_rows) * 7 + 10**10 + 13).cast(pl.String)
    order = rng.permutation(n_rows)
    person_rows = people[holders]
    extract_names = pl.Series(person_rows["name"])
    participants = pl.DataFrame({
        "person": holders,
        "nik": person_rows["nik"],
        "kpj": kpj,
        "name": extract_names,
        "birth_date": person_rows["birth_date"],
        "category": category,
        "status": np.where(status_active, "AKTIF", "NONAKTIF"),
        "last_paid": last_paid,
        "regency_code": person_rows["nik"].str.slice(0, 2) + "." + person_rows["nik"].str.slice(2, 2),
    }).with_columns(
        last_paid=pl.when(pl.Series(no_payment)).then(None).otherwise(pl.col("last_paid")),
    )[order]

    # Registry: enrolled (some with a typo'd NIK) and absent workers.
    worker_person = np.concatenate([np.arange(n_enrolled), np.arange(n_enrolled, decoy_start)])
    order_w = rng.permutation(n_workers)
    worker_person = worker_person[order_w]
    kind = np.where(worker_person < n_enrolled, "exact", "absent").astype(object)
    typo_persons = rng.choice(n_enrolled, n_typo, replace=False)
    is_typo = np.isin(worker_person, typo_persons)
    kind[is_typo] = "typo"
    kind[np.isin(worker_person, decoy_targets)] = "decoy"
    wp = people[worker_person]
    niks = wp["nik"].to_numpy().astype(object)
    typo_idx = np.flatnonzero(is_typo)
    todo = typo_idx
    for _ in range(100):
        if todo.size == 0:
            break
        niks[todo] = _typo(rng, niks[todo].astype(str))
        drawn = pl.Series(niks[todo].astype(str))
        # Two typo'd NIKs may also meet (serial 0001 is the most common): redraw both.
        kept = pl.Series(niks[np.setdiff1d(typo_idx, todo)].astype(str), dtype=pl.String)
        taken = (drawn.is_in(all_niks.implode()) | drawn.is_in(kept.implode())
                 | drawn.is_duplicated()).to_numpy()
        # Another person's NIK, a no-op swap, or a NIK the registry's intake check
        # would have rejected (unknown kecamatan, impossible date, serial 0000):
        # redraw from the true NIK.
        same = niks[todo] == wp["nik"].to_numpy()[todo]
        redo = taken | same | ~_plausible(drawn, region_codes_known).to_numpy()
        niks[todo[redo]] = wp["nik"].to_numpy()[todo[redo]]
        todo = todo[redo]
    worker_names = _variants(rng, wp["name"], wp["female"].to_numpy())
    misspelt = typo_idx[rng.random(typo_idx.size) < misspelt_share]
    if misspelt.size:
        names_arr = worker_names.to_numpy().astype(object)
        names_arr[misspelt] = _misspell(rng, wp["name"][misspelt]).to_numpy()
        worker_names = pl.Series("name", names_arr, dtype=pl.String)
    missing_birth = (rng.random(n_workers) < 0.005) & ~is_typo
    workers = pl.DataFrame({
        "worker_id": pl.Series(np.arange(1, n_workers + 1), dtype=pl.Int64),
        "nik": pl.Series(niks.astype(str), dtype=pl.String),
        "name": worker_names,
        "birth_date": wp["birth_date"],
    }).with_columns(
        birth_date=pl.when(pl.Series(missing_birth)).then(None).otherwise(pl.col("birth_date")),
    )

    # Truth: the participant NIK of each worker and the KPJ reconciliation should pick.
    best = (
        participants.with_columns(coverage=coverage_status(pl.col("status"), pl.col("last_paid"), as_of))
        .sort([pl.col("coverage") == "active", "last_paid", "kpj"],
              descending=[True, True, False], nulls_last=True)
        .group_by("person", maintain_order=True).first()
        .select("person", "kpj")
    )
    decoy_kpj = (
        participants.filter(pl.col("person").is_in(decoys))
        .group_by("person").agg(pl.col("kpj").min())
        .with_columns(target=pl.col("person") - decoy_start + n_enrolled)
        .select(pl.col("target").alias("person"), pl.col("kpj").alias("decoy_kpj"))
    )
    truth = (
        pl.DataFrame({"worker_id": workers["worker_id"], "person": worker_person,
                      "kind": pl.Series(kind, dtype=pl.String)})
        .join(people.select("person", "nik"), on="person", how="left")
        .join(best, on="person", how="left")
        .join(decoy_kpj, on="person", how="left")
        .with_columns(
            participant_nik=pl.when(pl.col("kind").is_in(["exact", "typo"])).then("nik"),
            kpj=pl.when(pl.col("kind").is_in(["exact", "typo"])).then("kpj"),
        )
        .select("worker_id", "kind", "participant_nik", "kpj", "decoy_kpj")
        .sort("worker_id")
    )
    return Synthetic(
        workers=workers,
        participants=participants.drop("person"),
        truth=truth,
    )
