"""The splink model that links registry workers to extract participants.

One definition, for every splink backend: `settings_for(dialect, model)` gives the
splink settings for "duckdb" or "spark" with the parameters of `model` (the settings
dict `estimate_model` returns: the model of a run, JSON). A model estimated on DuckDB
therefore scores the same pairs the same way on Spark.

Inputs (both sides): unique_id (String), nik (String, 16 digits), name (normalised,
null when empty), birth_date (Date).

Comparisons and their levels, in order (the labels are the evidence reviewers see):

- nik: "exact" / "one birth-date digit differs" / "one serial digit differs" / "one
  digit differs" / "two digits differ" / "different". The three middle levels split
  Damerau-Levenshtein 1 (one wrong digit, or two adjacent digits swapped) by where
  the difference falls (see `_nik_conditions`); "two digits differ" is two wrong
  digits.
- name: "exact", with term-frequency adjustment (SITI, MUHAMMAD, NUR... make some full
  names common, and an exact match on a common name proves little) / "very similar"
  (Jaro-Winkler >= 0.95) / "similar" (>= 0.88) / "different";
- birth_date: "exact" / "different".
Each has a "missing" null level (no evidence either way).

Blocking: (birth date, NIK digits 1-6) or (birth date, normalised name). A typo that
leaves the kecamatan code (1-6) alone meets the first; one that touches it meets the
second when the names agree, which an automatic link needs anyway. Both are selective
at 10M (a few participants per kecamatan and day; a few per name and day even for SITI
AMINAH), unlike birth date + last 4 digits: serials are small numbers, so that block
holds hundreds of people per day.

Parameters. EM is not fitted (too slow at 10M, and not needed):

- m, fixed from domain reasoning, among true matches that reach this step (their NIKs
  differ: equal NIKs are linked exactly). Keying errors in a 16-digit number are mostly
  one substitution or one adjacent transposition (Damerau 1964: about 80% and 10%), and
  the registry only holds NIKs that pass the intake check (known kecamatan, real date,
  serial not 0000), which removes most typos in the kecamatan code and many in the
  date but none in the serial. Against the national codebook (a kecamatan of another
  province is a known kecamatan too), one substitution at a uniform position in a
  Kalbar NIK survives the check about 63 % of the time, falling in the kecamatan code
  (and sex marker) for ~19 % of the survivors, the date ~42 %, the serial ~39 %: NIK
  exact 0.005 (unreachable here, non-zero so the model can score any pair),
  birth-date digit 0.36, serial digit 0.35, other single digit 0.18, two digits 0.07,
  different 0.035. Names come from the same KTP and
  normalisation removes titles, degrees and old spellings: exact 0.95, very similar
  0.03, similar 0.01, different 0.01. Birth date: exact 0.97, different 0.03.
- u of the name levels: `estimate_u_using_random_sampling`, fixed seed, on the residual
  workers against a deterministic sample of the extract. u of the NIK levels and of
  the birth date are computed directly (`nik_u_given_birth_date`, `birth_date_u`): the
  NIK contains the birth date, so its u must be taken among people born the same day
  (two people born the same day in the same kecamatan have NIKs one serial digit
  apart; random pairs would put that near 1e-9 and count the birth date twice), and
  nothing comparable ever falls in the birth-date level but the +40 of the other sex.
  reconcile takes the NIK u around the registry (workers linked exactly against the
  extract), not within the extract: a national extract is mostly other provinces,
  whose NIKs are far from a regional registry's.
- term frequencies of the exact name level: given by the caller (reconcile uses the
  name's share in the registry workers' provinces, see there).
- probability_two_random_records_match: given by the caller (see reconcile._prior).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

import polars as pl
import splink.comparison_level_library as cll
from splink import SettingsCreator, block_on
from splink.comparison_library import CustomComparison

NIK_LEVELS = ("exact", "one birth-date digit differs", "one serial digit differs",
              "one digit differs", "two digits differ", "different")
NAME_LEVELS = ("exact", "very similar", "similar", "different")
BIRTH_DATE_LEVELS = ("exact", "different")
MISSING = "missing"

M_PROBABILITIES: dict[str, tuple[float, ...]] = {
    "nik": (0.005, 0.36, 0.35, 0.18, 0.07, 0.035),
    "name": (0.95, 0.03, 0.01, 0.01),
    "birth_date": (0.97, 0.03),
}
# Used only until u is estimated (and by `settings_for` without a model).
DEFAULT_U: dict[str, tuple[float, ...]] = {
    "nik": (1e-7, 1e-6, 5e-3, 4e-2, 1e-1, 0.855),
    "name": (1e-4, 2e-3, 1e-2, 0.9879),
    "birth_date": (1 / 17_500, 1 - 1 / 17_500),
}
DEFAULT_PROBABILITY_TWO_RANDOM_RECORDS_MATCH = 1e-7
COMPARISONS = ("nik", "name", "birth_date")
SEED = 20260630
U_MAX_PAIRS = 1.2e6
LINKER_LOG_LEVEL = logging.WARNING


def _hamming(dialect: str) -> str:
    # DuckDB's damerau_levenshtein costs ~3 µs a pair; the Hamming distance (NIKs are
    # 16 digits on both sides) is a cheap guard with the same result for level 1:
    # one substitution differs in 1 position, one adjacent swap in 2.
    if dialect == "duckdb":
        return "hamming(nik_l, nik_r)"
    return "size(filter(sequence(1, 16), i -> substr(nik_l, i, 1) != substr(nik_r, i, 1)))"


def _nik_conditions(dialect: str) -> list[str]:
    """SQL of the NIK levels but the last, in order.

    A NIK is kecamatan (1-6), birth date (7-12, day + 40 for women) and a serial
    counting the people of that kecamatan, birth date and sex (13-16). Where a
    one-digit difference falls says how well a different person explains it, given
    equal birth dates: in the date digits, nobody (only the +40 of the other sex,
    digit 7 off by 4); in the serial, someone of the same kecamatan, day and sex;
    elsewhere (kecamatan code, sex, a swap across parts) many people.
    """
    dl = "damerau_levenshtein(nik_l, nik_r)"
    hamming = _hamming(dialect)
    # NIKs are 16 digits on both sides: Hamming 1 is one wrong digit, Hamming 2 is an
    # adjacent swap when Damerau-Levenshtein says 1. The CASE keeps the (slow, ~3 µs)
    # DL off every other pair.
    swap = f"CASE WHEN {hamming} = 2 THEN {dl} = 1 ELSE false END"
    one = f"({hamming} = 1 OR {swap})"
    same_region = "substr(nik_l, 1, 6) = substr(nik_r, 1, 6)"
    same_date = "substr(nik_l, 7, 6) = substr(nik_r, 7, 6)"
    same_serial = "substr(nik_l, 13, 4) = substr(nik_r, 13, 4)"
    sex_marker = (
        "(substr(nik_l, 8, 5) = substr(nik_r, 8, 5) AND "
        "abs(ascii(substr(nik_l, 7, 1)) - ascii(substr(nik_r, 7, 1))) = 4)"
    )
    return [
        "nik_l = nik_r",
        f"{same_region} AND {same_serial} AND {one} AND NOT {sex_marker}",
        f"{same_region} AND {same_date} AND {one}",
        one,
        f"{hamming} = 2",  # two wrong digits
    ]


def _levels(column: str, dialect: str, m: Sequence[float], u: Sequence[float],
            fix_u: bool) -> list:
    fixed = {"fix_m_probability": True, "fix_u_probability": fix_u}
    if column == "nik":
        labels = NIK_LEVELS
        creators = [cll.CustomLevel(c) for c in _nik_conditions(dialect)] + [cll.ElseLevel()]
    elif column == "name":
        labels = NAME_LEVELS
        creators = [
            cll.ExactMatchLevel("name", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("name", 0.95),
            cll.JaroWinklerLevel("name", 0.88),
            cll.ElseLevel(),
        ]
    else:
        labels = BIRTH_DATE_LEVELS
        creators = [cll.ExactMatchLevel("birth_date"), cll.ElseLevel()]
    levels = [cll.NullLevel(column).configure(label_for_charts=MISSING)]
    for creator, label, m_value, u_value in zip(creators, labels, m, u, strict=True):
        levels.append(creator.configure(
            label_for_charts=label, m_probability=m_value, u_probability=u_value, **fixed,
        ))
    return levels


def build_settings(
    dialect: str,
    *,
    probability_two_random_records_match: float,
    u: dict[str, Sequence[float]],
    m: dict[str, Sequence[float]] | None = None,
    fix_u: Sequence[str] = ("nik", "birth_date"),
) -> dict[str, Any]:
    """splink settings for `dialect` with these parameters (m defaults to M_PROBABILITIES)."""
    m = m or M_PROBABILITIES
    creator = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=probability_two_random_records_match,
        comparisons=[
            CustomComparison(
                _levels(column, dialect, m[column], u[column], column in fix_u),
                output_column_name=column,
            )
            for column in COMPARISONS
        ],
        blocking_rules_to_generate_predictions=[
            block_on("birth_date", "substr(nik, 1, 6)"),
            block_on("birth_date", "name"),
        ],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
    )
    return creator.create_settings_dict(dialect)


def parameters(model: dict[str, Any]) -> dict[str, Any]:
    """λ, m and u of a model dict, per comparison in level order (null level left out)."""
    m: dict[str, list[float]] = {}
    u: dict[str, list[float]] = {}
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        labels = [lv.get("label_for_charts") for lv in levels]
        if tuple(labels) != _labels(name):
            raise ValueError(f"model comparison {name!r} has levels {labels}, "
                             f"expected {list(_labels(name))}")
        m[name] = [float(lv["m_probability"]) for lv in levels]
        u[name] = [float(lv["u_probability"]) for lv in levels]
    return {
        "probability_two_random_records_match": float(
            model["probability_two_random_records_match"]),
        "m": m,
        "u": u,
    }


def settings_for(dialect: str, model: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings of `model` (or defaults) rebuilt for another backend's SQL dialect."""
    if model is None:
        return build_settings(
            dialect,
            probability_two_random_records_match=DEFAULT_PROBABILITY_TWO_RANDOM_RECORDS_MATCH,
            u=DEFAULT_U,
        )
    return build_settings(dialect, **parameters(model))


def _labels(column: str) -> tuple[str, ...]:
    return {"nik": NIK_LEVELS, "name": NAME_LEVELS, "birth_date": BIRTH_DATE_LEVELS}[column]


def nik_u_given_birth_date(con, source_sql: str, *, sample_rows: int = 150_000,
                           seed: int = SEED, registry_sql: str | None = None,
                           registry_rows: int = 20_000,
                           extract_rows: int = 2_000_000) -> list[float]:
    """u of the NIK levels among different people born the same day (DuckDB).

    `source_sql` is a relation with columns nik, kpj and birth_date (the extract).
    Deterministic hash samples keep runs reproducible whatever the thread count.

    Without `registry_sql`, pairs of extract participants born the same day are
    counted (a sample of `sample_rows` against itself). With `registry_sql` (columns
    nik, id, birth_date: registry people whose true NIK is known, the workers linked
    exactly), pairs of one of them (`registry_rows` sampled) and a different
    participant of the extract (`extract_rows` sampled) born the same day are counted.
    That is the u the model needs: how often someone else born the same day has a NIK
    this close to a *registry worker's*. A national extract is mostly people of
    other provinces, whose kecamatan codes are far from the registry's: pairs within
    the extract would put "one digit differs" (a kecamatan digit: the neighbouring
    kecamatan of the same regency) tens of times below its rate around the registry,
    where a namesake born the same day next door would then pass for a typo.
    """
    conditions = _nik_conditions("duckdb")
    level = "CASE " + " ".join(
        f"WHEN {c} THEN {i}" for i, c in enumerate(conditions)
    ) + f" ELSE {len(conditions)} END"
    level = level.replace("nik_l", "l.nik").replace("nik_r", "r.nik")

    def sample(sql: str, key: str, rows: int) -> str:
        total = con.sql(f"SELECT count(*) FROM ({sql})").fetchall()[0][0]
        share = min(1.0, rows / max(total, 1))
        return f"""
            SELECT DISTINCT nik, birth_date FROM ({sql})
            WHERE birth_date IS NOT NULL AND nik IS NOT NULL
              AND hash({key} || '{seed}') % 1000000 < {round(share * 1_000_000)}
        """

    if registry_sql is None:
        pairs_sql = f"""
            WITH s AS ({sample(source_sql, "kpj", sample_rows)})
            SELECT {level} AS level, count(*) AS pairs
            FROM s l JOIN s r ON l.birth_date = r.birth_date AND l.nik < r.nik
            GROUP BY level
        """
    else:
        pairs_sql = f"""
            WITH l AS ({sample(registry_sql, "id", registry_rows)}),
                 r AS ({sample(source_sql, "kpj", extract_rows)})
            SELECT {level} AS level, count(*) AS pairs
            FROM l JOIN r ON l.birth_date = r.birth_date AND l.nik <> r.nik
            GROUP BY level
        """
    counts = dict(con.sql(pairs_sql).fetchall())
    pairs = sum(counts.values())
    if pairs == 0:
        return list(DEFAULT_U["nik"])
    # Add-one-half smoothing: an unobserved level is rare, not impossible.
    smoothed = [counts.get(i, 0) + 0.5 for i in range(len(NIK_LEVELS))]
    return [v / sum(smoothed) for v in smoothed]


def birth_date_u(con, left_sql: str, right_sql: str) -> list[float]:
    """u of birth date agreement: the chance two random people, one from each side,
    share a birth date, from the two distributions (DuckDB). Computed, not sampled:
    the residual participants handed to splink are those sharing a blocking key with
    a residual worker, so their birth dates are biased towards the workers'."""
    share = con.sql(f"""
        WITH l AS (SELECT birth_date, count(*) AS n FROM ({left_sql})
                   WHERE birth_date IS NOT NULL GROUP BY ALL),
             r AS (SELECT birth_date, count(*) AS n FROM ({right_sql})
                   WHERE birth_date IS NOT NULL GROUP BY ALL)
        SELECT sum(l.n * r.n) / ((SELECT sum(n) FROM l) * (SELECT sum(n) FROM r))
        FROM l JOIN r USING (birth_date)
    """).fetchall()[0][0]
    if not share:
        return list(DEFAULT_U["birth_date"])
    share = float(share)
    return [share, 1.0 - share]


def estimate_model(linker_inputs: Sequence, *, probability_two_random_records_match: float,
                   nik_u: Sequence[float], birth_date_u: Sequence[float], seed: int = SEED,
                   max_pairs: float = U_MAX_PAIRS) -> dict[str, Any]:
    """The model for these two registered inputs: fixed m; NIK and birth-date u given;
    name u by `estimate_u_using_random_sampling` (seeded). Returns the splink settings
    dict (the model, JSON-safe)."""
    from splink import Linker

    left = linker_inputs[0]
    dialect = left.db_api.sql_dialect.sql_dialect_str
    u = dict(DEFAULT_U)
    u["nik"] = tuple(nik_u)
    u["birth_date"] = tuple(birth_date_u)
    settings = build_settings(
        dialect, probability_two_random_records_match=probability_two_random_records_match,
        u=u,
    )
    linker = Linker(list(linker_inputs), settings, log_level=LINKER_LOG_LEVEL)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=max_pairs, seed=seed, min_count_per_level=None, num_chunks=1,
    )
    model = linker.misc.save_model_to_json()
    return json.loads(json.dumps(model, default=str))


def predict(linker_inputs: Sequence, model: dict[str, Any], *,
            threshold: float | None = None, name_frequencies=None):
    """Scored candidate pairs (a SplinkDataFrame) of the model on the inputs' backend.

    name_frequencies: a registered table (name, tf_name) to use for the term-frequency
    adjustment instead of the frequencies among the inputs (which are biased when the
    inputs were chosen by blocking key, as in reconcile).
    """
    from splink import Linker

    dialect = linker_inputs[0].db_api.sql_dialect.sql_dialect_str
    linker = Linker(list(linker_inputs), settings_for(dialect, model),
                    log_level=LINKER_LOG_LEVEL)
    if name_frequencies is not None:
        linker.table_management.register_term_frequency_lookup(name_frequencies, "name")
    return linker.inference.predict(threshold_match_probability=threshold,
                                    warning_mode="never")


def pairs_frame(predictions, left_name: str) -> pl.DataFrame:
    """Predictions as polars: left_id, right_id, match_probability, match_weight,
    gamma_nik, gamma_name, gamma_birth_date (left = the input named `left_name`)."""
    columns = ["source_dataset_l", "unique_id_l", "unique_id_r", "match_probability",
               "match_weight", "gamma_nik", "gamma_name", "gamma_birth_date"]
    select = ", ".join(columns)
    sql = f"SELECT {select} FROM {predictions.physical_name}"
    if predictions.db_api.sql_dialect.sql_dialect_str == "duckdb":
        frame = predictions.db_api.duckdb_con.sql(sql).pl()
    else:
        frame = pl.from_arrow(predictions.db_api.spark.sql(sql).toArrow())
    flipped = pl.col("source_dataset_l") != left_name
    return frame.select(
        pl.when(flipped).then("unique_id_r").otherwise("unique_id_l").alias("left_id"),
        pl.when(flipped).then("unique_id_l").otherwise("unique_id_r").alias("right_id"),
        pl.col("match_probability").cast(pl.Float64),
        pl.col("match_weight").cast(pl.Float64),
        *(pl.col(f"gamma_{c}").cast(pl.Int8) for c in COMPARISONS),
    )


def evidence(model: dict[str, Any] | None = None) -> pl.Expr:
    """JSON evidence {"nik": ..., "name": ..., "birth_date": ...} from the gamma columns."""
    del model  # the labels are fixed by the level definitions above
    fields = []
    for column in COMPARISONS:
        labels = _labels(column)
        gamma = pl.col(f"gamma_{column}")
        # splink numbers non-null levels from len-1 (first) down to 0 (else); null is -1.
        expr = pl.when(gamma == -1).then(pl.lit(MISSING))
        for i, label in enumerate(labels):
            expr = expr.when(gamma == len(labels) - 1 - i).then(pl.lit(label))
        fields.append(expr.otherwise(None).alias(column))
    return pl.struct(fields).struct.json_encode()
