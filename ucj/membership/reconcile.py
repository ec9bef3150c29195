"""Reconciliation of the worker registry with a BPJS Ketenagakerjaan extract.

Pure computation (polars, DuckDB, splink): no Django. `reconcile` gives every worker
exactly one status, "active", "lapsed" or "not_enrolled", and the method that found
their membership:

1. "exact": the registry NIK is in the extract. A NIK holding several KPJ (a PU and a
   BPU membership, say) takes the best: active before lapsed, then the latest month
   paid, then the lowest KPJ.
2. "probabilistic": for the workers left, splink (see `linkage`) scores the extract
   participants whose NIK is not in the registry against them; pairs at or above
   `Thresholds.upper` are linked, if their normalised names are equal (a name that
   only resembles goes to review, however strong the rest: decoys are born the same
   day with NIKs a digit away and a name one letter off) and their NIKs are within two
   digits (NIK evidence "different" goes to review: then only the name and birth date
   speak, and a national extract holds namesakes born the same day whose name
   frequency, from a handful of occurrences, the model cannot know well enough).
3. "review": pairs between lower and upper wait for a person; the worker stays
   "not_enrolled" until confirmed.
4. "reviewed": earlier decisions are applied on every run: a confirmed (worker, KPJ)
   pair is linked whatever its probability now (while the KPJ is in the extract); a
   rejected pair is never linked, by any method, nor shown again.

Links are one to one: a worker takes its best candidate, and a person of the extract
(a NIK, whatever their number of KPJ) goes to one worker at most, greedily by
probability (confirmed pairs first, exact links are fixed).

Memory and time: DuckDB reads the extract (Parquet) directly and does the exact join
and the selection of the residual; only the residual (workers not linked, and the
participants that share a blocking key with one of them) reaches polars and splink.
The extract may carry a `name_key` column (normalised_name(name), null when empty):
the extract import should store it, since without it reconcile normalises the names of
the whole extract itself (about 20 s more at 10M rows).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from ucj.membership import linkage
from ucj.membership.names import normalised_name

# Match probabilities. upper 0.95: an automatic link is at least 19 to 1 the same
# person, with an equal normalised name (see `_assign`). The links above it are mostly
# far above (a typo in the date or serial with an equal name scores > 0.999), so their
# precision is that of the whole band, not of its edge: on the synthetic bench
# (ucj.membership.synthetic, 1M x 10M, national extract) probabilities are close to
# calibrated in 0.95-0.995 (93-97 % right), above 99.6 % overall. What stays below
# 0.95 with an equal name is a kecamatan/province digit typo on a name common where the
# worker lives, which a namesake next door explains nearly as well: a reviewer's case.
# 0.99 sent a third of those typos (5 % of all) to review for a 0.3 % precision gain.
# lower 0.5: "more likely than not the same person" is worth a reviewer's minute.
DEFAULT_UPPER = 0.95
DEFAULT_LOWER = 0.5
# Share of registry NIKs assumed mistyped, for the prior (see `_prior`).
NIK_ERROR_RATE = 0.01
DUCKDB_MEMORY_LIMIT = "2GB"
# Optional participants column: normalised_name(name), "" as null. The extract import
# should store it; without it reconcile normalises the extract's names itself.
NAME_KEY = "name_key"
# Extract participants sampled (deterministically) to estimate the name u.
U_SAMPLE_ROWS = 200_000

STATUS_COLUMNS = (
    "worker_id", "status", "method", "kpj", "participant_nik", "participant_name",
    "participant_birth_date", "category", "participant_status", "last_paid",
    "match_probability",
)
CANDIDATE_COLUMNS = (
    "worker_id", "kpj", "participant_nik", "participant_name", "participant_birth_date",
    "category", "participant_status", "last_paid", "coverage", "match_probability",
    "match_weight", "evidence", "state",
)


@dataclass(frozen=True)
class Thresholds:
    upper: float = DEFAULT_UPPER
    lower: float = DEFAULT_LOWER

    def __post_init__(self) -> None:
        if not 0.0 < self.lower <= self.upper <= 1.0:
            raise ValueError(f"need 0 < lower <= upper <= 1, got {self.lower}, {self.upper}")


@dataclass
class Reconciled:
    statuses: pl.DataFrame
    candidates: pl.DataFrame
    model: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)


def coverage_status(status: pl.Expr, last_paid: pl.Expr, as_of: date) -> pl.Expr:
    """"active" when AKTIF and paid for the as_of month or the month before (or later,
    prepaid); "lapsed" otherwise, including a null month."""
    months_behind = (as_of.year * 12 + as_of.month) - (
        last_paid.dt.year().cast(pl.Int32) * 12 + last_paid.dt.month().cast(pl.Int32)
    )
    active = (status.str.strip_chars().str.to_uppercase() == "AKTIF") & (months_behind <= 1)
    return pl.when(active.fill_null(False)).then(pl.lit("active")).otherwise(pl.lit("lapsed"))


def _coverage_sql(as_of: date, status: str = "status", last_paid: str = "last_paid") -> str:
    """`coverage_status` in DuckDB SQL (the tests hold them equal)."""
    month = as_of.year * 12 + as_of.month
    return (
        f"CASE WHEN upper(trim({status})) = 'AKTIF' AND {last_paid} IS NOT NULL AND "
        f"{month} - (year({last_paid}) * 12 + month({last_paid})) <= 1 "
        f"THEN 'active' ELSE 'lapsed' END"
    )


def _no_progress(step: str, percent: int) -> None:
    pass


def _prior(exact_links: int, residual_workers: int, residual_participants: int) -> float:
    """probability_two_random_records_match for the residual.

    If a share NIK_ERROR_RATE of registry NIKs carry a typo, the workers found exactly
    are (1 - rate) of those in the extract, so about rate / (1 - rate) * exact_links
    true pairs hide among residual workers x residual participants.
    """
    expected = max(NIK_ERROR_RATE / (1 - NIK_ERROR_RATE) * exact_links, 1.0)
    pairs = max(residual_workers, 1) * max(residual_participants, 1)
    return min(expected / pairs, 0.5)


def _connect() -> tuple[duckdb.DuckDBPyConnection, str]:
    spill = tempfile.mkdtemp(prefix="ucj-reconcile-")
    threads = max(1, min(os.cpu_count() or 1, 4))
    con = duckdb.connect(config={
        "threads": threads,
        "memory_limit": DUCKDB_MEMORY_LIMIT,
        "temp_directory": spill,
        "preserve_insertion_order": False,
    })
    return con, spill


_PARTICIPANT_COLUMNS = ("nik", "kpj", "name", "birth_date", "category", "status", "last_paid")
_DECISIONS_SCHEMA = {"worker_id": pl.Int64, "kpj": pl.String, "decision": pl.String}


def reconcile(
    *,
    workers: pl.DataFrame,
    participants: pl.DataFrame | str | Path,
    as_of: date,
    decisions: pl.DataFrame | None = None,
    thresholds: Thresholds = Thresholds(),
    progress: Callable[[str, int], None] = _no_progress,
) -> Reconciled:
    """Statuses of all workers and the probabilistic candidates (see module docstring)."""
    timings: dict[str, float] = {}
    started = clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    con, spill = _connect()
    try:
        progress("exact", 0)
        con.register("workers_in", workers.select(
            pl.col("worker_id").cast(pl.Int64), pl.col("nik").cast(pl.String),
            pl.col("name").cast(pl.String), pl.col("birth_date").cast(pl.Date),
        ).to_arrow())
        if isinstance(participants, pl.DataFrame):
            con.register("participants_in", participants.select(
                pl.col(c) for c in _PARTICIPANT_COLUMNS + (NAME_KEY,)
                if c in participants.columns
            ).to_arrow())
            source = "participants_in"
        else:
            path = str(participants).replace("'", "''")
            source = f"read_parquet('{path}')"
        source_columns = {row[0] for row in con.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        has_key = NAME_KEY in source_columns
        con.sql(f"""
            CREATE TEMP VIEW participants_src AS
            SELECT nik, kpj, name, birth_date, category, status, last_paid,
                   {_coverage_sql(as_of)} AS coverage,
                   {NAME_KEY if has_key else "NULL::VARCHAR"} AS {NAME_KEY}
            FROM {source}
        """)
        decisions = (decisions if decisions is not None
                     else pl.DataFrame(schema=_DECISIONS_SCHEMA))
        con.register("decisions_in", decisions.select(
            pl.col("worker_id").cast(pl.Int64), pl.col("kpj").cast(pl.String),
            pl.col("decision").cast(pl.String),
        ).to_arrow())
        con.sql("""
            CREATE TEMP TABLE rejected AS
            SELECT DISTINCT worker_id, kpj FROM decisions_in WHERE decision = 'rejected'
        """)

        # Step 1: exact NIK, the best KPJ of the NIK, rejected pairs left out.
        con.sql("""
            CREATE TEMP TABLE exact_all AS
            SELECT w.worker_id, p.* FROM participants_src p JOIN workers_in w USING (nik)
        """)
        extract_rows, registry_rows = con.sql(f"""
            SELECT (SELECT count(*) FROM {source}), (SELECT count(*) FROM exact_all)
        """).fetchall()[0]
        con.sql("""
            CREATE TEMP TABLE exact AS
            SELECT * FROM exact_all e
            WHERE NOT EXISTS (SELECT 1 FROM rejected r
                              WHERE r.worker_id = e.worker_id AND r.kpj = e.kpj)
            QUALIFY row_number() OVER (
                PARTITION BY worker_id
                ORDER BY coverage = 'active' DESC, last_paid DESC NULLS LAST, kpj) = 1
        """)
        exact_links = con.sql("SELECT count(*) FROM exact").fetchall()[0][0]
        lap("exact")

        # Step 2 inputs: residual workers (not linked exactly) and the participants
        # whose NIK is not in the registry that share a blocking key with one of them.
        progress("prepare", 15)
        residual_workers = con.sql("""
            SELECT worker_id, nik, name, birth_date FROM workers_in w
            WHERE NOT EXISTS (SELECT 1 FROM exact e WHERE e.worker_id = w.worker_id)
        """).pl().with_columns(_name_key("name"))
        con.register("residual_workers", residual_workers.to_arrow())
        con.sql("""
            CREATE TEMP VIEW outside AS
            SELECT * FROM participants_src p
            WHERE birth_date IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM workers_in w WHERE w.nik = p.nik)
        """)
        if not has_key:
            # Slow path (~1 µs a name): the extract import should store the key.
            keys = con.sql("SELECT kpj, name FROM outside").pl().select(
                "kpj", _name_key("name"))
            con.register("outside_keys", keys.to_arrow())
            con.sql("""
                CREATE OR REPLACE TEMP VIEW outside AS
                SELECT o.* REPLACE (k.name_key AS name_key)
                FROM participants_src o JOIN outside_keys k USING (kpj)
                WHERE o.birth_date IS NOT NULL
            """)
            del keys
        lap("prepare")
        progress("candidates", 25)
        residual_participants = con.sql("""
            WITH keys_region AS (
                SELECT DISTINCT birth_date, substr(nik, 1, 6) AS k FROM residual_workers
                WHERE birth_date IS NOT NULL
            ), keys_name AS (
                SELECT DISTINCT birth_date, name_key AS k FROM residual_workers
                WHERE birth_date IS NOT NULL AND name_key IS NOT NULL
            )
            SELECT o.* FROM outside o SEMI JOIN keys_region r
                ON o.birth_date = r.birth_date AND substr(o.nik, 1, 6) = r.k
            UNION ALL
            SELECT o.* FROM outside o SEMI JOIN keys_name n
                ON o.birth_date = n.birth_date AND o.name_key = n.k
            WHERE NOT EXISTS (SELECT 1 FROM keys_region r
                              WHERE o.birth_date = r.birth_date AND substr(o.nik, 1, 6) = r.k)
        """).pl()
        participants_outside = extract_rows - registry_rows
        left = residual_workers.filter(pl.col("birth_date").is_not_null()).select(
            pl.col("worker_id").cast(pl.String).alias("unique_id"), "nik",
            pl.col(NAME_KEY).alias("name"), "birth_date",
        )
        right = residual_participants.select(
            pl.col("kpj").alias("unique_id"), "nik", pl.col(NAME_KEY).alias("name"), "birth_date",
        )
        lap("candidates")

        progress("model", 40)
        from splink import DuckDBAPI

        db_api = DuckDBAPI(con)
        prior = _prior(exact_links, residual_workers.height, participants_outside)
        # NIK u around the registry's people (see nik_u_given_birth_date): the workers
        # linked exactly, whose NIK is known to be right, against the extract.
        nik_u = linkage.nik_u_given_birth_date(
            con, "SELECT nik, kpj, birth_date FROM participants_src",
            registry_sql=("SELECT nik, worker_id::VARCHAR AS id, birth_date FROM exact"
                          if exact_links else None))
        birth_u = linkage.birth_date_u(
            con, "SELECT birth_date FROM residual_workers",
            "SELECT birth_date FROM participants_src")
        # Name u and frequencies from the whole extract, not from the participants
        # picked by blocking key (those over-represent the residual workers' names).
        outside_count = max(participants_outside, 1)
        share = min(1.0, U_SAMPLE_ROWS / outside_count)
        sample = con.sql(f"""
            SELECT kpj AS unique_id, nik, {NAME_KEY} AS name, birth_date FROM outside
            WHERE hash(kpj || '{linkage.SEED}') % 1000000 < {round(share * 1_000_000)}
        """).pl()
        if left.height and sample.height:
            model = linkage.estimate_model(
                [db_api.register(left.to_arrow(), dataset_display_name="u_workers"),
                 db_api.register(sample.to_arrow(), dataset_display_name="u_participants")],
                probability_two_random_records_match=prior, nik_u=nik_u, birth_date_u=birth_u,
            )
        else:
            # Nobody left to link (splink cannot sample pairs from an empty side): the
            # default model is recorded and nothing is predicted.
            model = linkage.settings_for("duckdb")
        # Name frequencies where the registry's workers come from: a name's share among
        # the participants of each province (NIK digits 1-2), averaged with the weight
        # of that province among the residual workers; the national share for a name
        # not seen there. Names are regional (ethnic and religious naming differs
        # between provinces), and the namesake that competes with a typo (born the
        # same day, NIK a digit away) is a neighbour of the same province: a national
        # share would make a name common in Kalbar but rare elsewhere look rare, and
        # a neighbour of that name pass for a typo.
        con.sql(f"""
            CREATE TEMP TABLE name_frequencies AS
            WITH counts AS (
                SELECT substr(nik, 1, 2) AS province, {NAME_KEY} AS name, count(*) AS n
                FROM outside WHERE {NAME_KEY} IS NOT NULL
                GROUP BY substr(nik, 1, 2), {NAME_KEY}
            ), national AS (
                SELECT name, sum(n) / (SELECT sum(n) FROM counts) AS tf
                FROM counts GROUP BY name
            ), provinces AS (
                SELECT substr(nik, 1, 2) AS province,
                       count(*) / sum(count(*)) OVER () AS weight
                FROM residual_workers WHERE nik IS NOT NULL GROUP BY substr(nik, 1, 2)
            ), regional AS (
                SELECT name, sum(weight * n / total) AS tf
                FROM counts JOIN provinces USING (province)
                JOIN (SELECT province, sum(n) AS total FROM counts GROUP BY province)
                    USING (province)
                GROUP BY name
            )
            SELECT name, coalesce(r.tf, n.tf) AS tf_name
            FROM national n LEFT JOIN regional r USING (name)
        """)
        lap("model")

        progress("predict", 55)
        if left.height and right.height:
            predictions = linkage.predict(
                [db_api.register(left.to_arrow(), dataset_display_name="workers"),
                 db_api.register(right.to_arrow(), dataset_display_name="participants")],
                model, threshold=thresholds.lower,
                name_frequencies=db_api.register("name_frequencies"),
            )
            pairs = linkage.pairs_frame(predictions, "workers")
        else:
            pairs = _empty_pairs()
        lap("predict")

        progress("assign", 80)
        statuses, candidates = _assign(
            con=con, workers=workers, residual_participants=residual_participants,
            pairs=pairs, thresholds=thresholds, as_of=as_of,
        )
        lap("assign")
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
    timings["total"] = time.perf_counter() - started
    progress("done", 100)
    return Reconciled(statuses=statuses, candidates=candidates, model=model, timings=timings)


def _name_key(column: str) -> pl.Expr:
    name = normalised_name(pl.col(column))
    return pl.when(name == "").then(None).otherwise(name).alias(NAME_KEY)


def _empty_pairs() -> pl.DataFrame:
    return pl.DataFrame(schema={
        "left_id": pl.String, "right_id": pl.String, "match_probability": pl.Float64,
        "match_weight": pl.Float64, "gamma_nik": pl.Int8, "gamma_name": pl.Int8,
        "gamma_birth_date": pl.Int8,
    })


def _greedy(pairs: pl.DataFrame, taken_workers: set[int], taken_niks: set[str]) -> pl.DataFrame:
    """Keep pairs in order while neither the worker nor the person (NIK) is taken."""
    keep = []
    for worker_id, nik in pairs.select("worker_id", "participant_nik").iter_rows():
        if worker_id in taken_workers or nik in taken_niks:
            keep.append(False)
            continue
        taken_workers.add(worker_id)
        taken_niks.add(nik)
        keep.append(True)
    return pairs.filter(pl.Series(keep, dtype=pl.Boolean))


def _assign(*, con, workers: pl.DataFrame, residual_participants: pl.DataFrame,
            pairs: pl.DataFrame, thresholds: Thresholds, as_of: date
            ) -> tuple[pl.DataFrame, pl.DataFrame]:
    exact = con.sql("""
        SELECT worker_id, kpj, nik AS participant_nik, name AS participant_name,
               birth_date AS participant_birth_date, category,
               status AS participant_status, last_paid, coverage
        FROM exact
    """).pl()
    # Confirmed pairs whose KPJ is still in the extract (and not another worker's by NIK).
    confirmed = con.sql("""
        SELECT d.worker_id, p.kpj, p.nik AS participant_nik, p.name AS participant_name,
               p.birth_date AS participant_birth_date, p.category,
               p.status AS participant_status, p.last_paid, p.coverage
        FROM (SELECT DISTINCT worker_id, kpj FROM decisions_in
              WHERE decision = 'confirmed') d
        JOIN participants_src p USING (kpj)
        WHERE NOT EXISTS (SELECT 1 FROM exact e WHERE e.worker_id = d.worker_id)
          AND NOT EXISTS (SELECT 1 FROM rejected r
                          WHERE r.worker_id = d.worker_id AND r.kpj = d.kpj)
    """).pl()
    rejected = con.sql("SELECT worker_id, kpj FROM rejected").pl()

    scored = (
        pairs.with_columns(
            worker_id=pl.col("left_id").cast(pl.Int64), kpj=pl.col("right_id"),
            evidence=linkage.evidence(),
            name_exact=pl.col("gamma_name") == len(linkage.NAME_LEVELS) - 1,
            # The NIK within two digits of the worker's (a keying error explains it);
            # splink numbers the last level ("different") 0 and missing -1.
            nik_close=pl.col("gamma_nik") >= 1,
        )
        .join(rejected, on=["worker_id", "kpj"], how="anti")
        .join(
            residual_participants.select(
                "kpj", pl.col("nik").alias("participant_nik"),
                pl.col("name").alias("participant_name"),
                pl.col("birth_date").alias("participant_birth_date"), "category",
                pl.col("status").alias("participant_status"), "last_paid", "coverage",
            ),
            on="kpj", how="inner",
        )
        .select("worker_id", "kpj", "participant_nik", "participant_name",
                "participant_birth_date", "category", "participant_status", "last_paid",
                "coverage", "match_probability", "match_weight", "evidence", "name_exact",
                "nik_close")
    )
    confirmed = (
        confirmed.join(scored.drop("name_exact", "nik_close"), on=["worker_id", "kpj"],
                       how="left",
                       suffix="_scored")
        .select(*[c for c in CANDIDATE_COLUMNS if c != "state"])
        .with_columns(state=pl.lit("confirmed"), priority=pl.lit(0))
    )
    proposed = (
        scored.with_columns(
            state=pl.when((pl.col("match_probability") >= thresholds.upper)
                          & pl.col("name_exact") & pl.col("nik_close"))
            .then(pl.lit("linked")).otherwise(pl.lit("review")),
            priority=pl.lit(1),
        )
        .drop("name_exact", "nik_close")
    )
    order = [
        "priority", pl.col("state") == "linked", "match_probability", pl.col("coverage") == "active", "last_paid", "kpj",
        "worker_id",
    ]
    ranked = pl.concat([confirmed, proposed], how="vertical_relaxed").sort(
        order, descending=[False, True, True, True, True, False, False], nulls_last=True,
    )
    candidates = _greedy(
        ranked,
        taken_workers=set(exact["worker_id"].to_list()),
        taken_niks=set(exact["participant_nik"].to_list()),
    ).select(CANDIDATE_COLUMNS)

    method = {"linked": "probabilistic", "review": "review", "confirmed": "reviewed"}
    linked = candidates.with_columns(
        method=pl.col("state").replace_strict(method),
        status=pl.when(pl.col("state") == "review").then(pl.lit("not_enrolled"))
        .otherwise("coverage"),
    )
    found = pl.concat([
        exact.with_columns(method=pl.lit("exact"), status=pl.col("coverage"),
                           match_probability=pl.lit(None, dtype=pl.Float64)),
        linked,
    ], how="diagonal_relaxed")
    statuses = (
        workers.select(pl.col("worker_id").cast(pl.Int64))
        .join(found, on="worker_id", how="left")
        .with_columns(
            status=pl.col("status").fill_null("not_enrolled"),
            method=pl.col("method").fill_null("none"),
        )
        .select(STATUS_COLUMNS)
    )
    return statuses, candidates
