"""The pure reconciliation core (ucj.membership.reconcile): polars, DuckDB and splink.

Hand-made cases are added to a synthetic background (ucj.membership.synthetic), so the
model is estimated on realistic data: a few rows alone would give it no population to
learn name frequencies or NIK neighbourhoods from.
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
import polars as pl
import pytest

from ucj.membership import linkage
from ucj.membership.reconcile import (
    CANDIDATE_COLUMNS,
    DEFAULT_LOWER,
    DEFAULT_UPPER,
    STATUS_COLUMNS,
    Thresholds,
    _coverage_sql,
    coverage_status,
    reconcile,
)
from ucj.membership.synthetic import generate

AS_OF = date(2026, 6, 30)

# Hand-made NIKs use kecamatan 61.01.40, which the generator never issues, so they
# cannot collide with the background. NIK = kecamatan + DDMMYY (+40 for women) + serial.
K = "610140"
WORKERS = [
    # worker_id, nik, name, birth_date
    (900001, f"{K}1203850001", "Drs. Bonifasius Kelana", date(1985, 3, 12)),  # exact, 2 KPJ
    (900002, f"{K}1403850002", "Yohanes Tumenggung", date(1985, 3, 14)),      # serial typo
    (900003, f"{K}5605900001", "Hj. Rosmawati Kayan, S.Pd.", date(1990, 5, 16)),  # date swap
    (900004, f"610150{'2207880001'}", "Agustinus Lanjak", date(1988, 7, 22)),  # region typo
    (900005, f"{K}0909920001", "Fransiskus Sebadu", date(1992, 9, 9)),       # decoy target
    (900006, f"{K}5111930003", "SITI AMINAH", date(1993, 11, 11)),           # common decoy
    (900007, f"{K}0302870001", "Benediktus Santosa", date(1987, 2, 3)),      # review
    (900008, f"{K}1712890001", "Marselinus Ayau", date(1989, 12, 17)),       # one-to-one a
    (900009, f"{K}1712890002", "Marselinus Ayau", date(1989, 12, 17)),       # one-to-one b
    (900010, f"{K}2001950001", "Veronika Dara", None),                       # no birth date
    (900011, f"{K}5508910001", "Lusia Lenggang", date(1991, 8, 15)),         # lapsed (04)
]
PARTICIPANTS = [
    # nik, kpj, name, birth_date, category, status, last_paid
    (f"{K}1203850001", "99000000011", "BONIFASIUS KELANA", date(1985, 3, 12), "PU",
     "NONAKTIF", date(2025, 1, 1)),
    (f"{K}1203850001", "99000000012", "BONIFASIUS KELANA", date(1985, 3, 12), "BPU",
     "AKTIF", date(2026, 5, 1)),
    (f"{K}1403850003", "99000000021", "YOHANES TUMENGGUNG", date(1985, 3, 14), "PU",
     "AKTIF", date(2026, 6, 1)),
    (f"{K}5605090001", "99000000031", "ROSMAWATI KAYAN", date(1990, 5, 16), "PU",
     "AKTIF", date(2026, 6, 1)),
    (f"610140{'2207880001'}", "99000000041", "AGUSTINUS LANJAK", date(1988, 7, 22), "BPU",
     "AKTIF", date(2026, 6, 1)),
    # Someone else, born the same day in the same kecamatan, one letter off.
    (f"{K}0909920002", "99000000051", "FRANSISKUS SEBADA", date(1992, 9, 9), "PU",
     "AKTIF", date(2026, 6, 1)),
    # Another SITI AMINAH born the same day, elsewhere.
    ("6171025111930001", "99000000061", "SITI AMINAH", date(1993, 11, 11), "PU",
     "AKTIF", date(2026, 6, 1)),
    (f"{K}0302870002", "99000000071", "BENEDIKTUS SANTOSO", date(1987, 2, 3), "PU",
     "AKTIF", date(2026, 6, 1)),
    (f"{K}1712890003", "99000000081", "MARSELINUS AYAU", date(1989, 12, 17), "PU",
     "AKTIF", date(2026, 6, 1)),
    (f"{K}2001950001", "99000000101", "VERONIKA DARA", date(1995, 1, 20), "JAKON",
     "AKTIF", date(2026, 6, 1)),
    (f"{K}5508910001", "99000000111", "LUSIA LENGGANG", date(1991, 8, 15), "PMI",
     "AKTIF", date(2026, 4, 1)),
]


def _frames(seed: int = 5) -> tuple[pl.DataFrame, pl.DataFrame]:
    base = generate(2_000, 20_000, seed=seed)
    workers = pl.concat([
        base.workers,
        pl.DataFrame(WORKERS, schema=base.workers.schema, orient="row"),
    ])
    participants = pl.concat([
        base.participants,
        pl.DataFrame(
            [(*row, "61.01") for row in PARTICIPANTS], schema=base.participants.schema,
            orient="row",
        ),
    ])
    return workers, participants


@pytest.fixture(scope="module")
def frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    return _frames()


@pytest.fixture(scope="module")
def result(frames):
    workers, participants = frames
    return reconcile(workers=workers, participants=participants, as_of=AS_OF)


def _status(result, worker_id: int) -> dict:
    rows = result.statuses.filter(pl.col("worker_id") == worker_id).to_dicts()
    assert len(rows) == 1
    return rows[0]


# --- coverage ---------------------------------------------------------------------

COVERAGE_CASES = [
    ("AKTIF", date(2026, 6, 1), "active"),
    ("AKTIF", date(2026, 5, 1), "active"),
    ("AKTIF", date(2026, 4, 1), "lapsed"),
    ("AKTIF", date(2026, 7, 1), "active"),  # prepaid
    ("AKTIF", date(2027, 1, 1), "active"),
    ("AKTIF", date(2025, 12, 1), "lapsed"),
    ("AKTIF", None, "lapsed"),
    ("NONAKTIF", date(2026, 6, 1), "lapsed"),
    (" aktif ", date(2026, 6, 1), "active"),
    (None, date(2026, 6, 1), "lapsed"),
]


def test_coverage_status_boundaries() -> None:
    frame = pl.DataFrame(
        [(s, d) for s, d, _ in COVERAGE_CASES], schema={"status": pl.String, "last_paid": pl.Date},
        orient="row",
    )
    got = frame.select(coverage_status(pl.col("status"), pl.col("last_paid"), AS_OF))
    assert got.to_series().to_list() == [expected for *_, expected in COVERAGE_CASES]


def test_coverage_across_a_year_boundary() -> None:
    frame = pl.DataFrame({"status": ["AKTIF"] * 3,
                          "last_paid": [date(2025, 12, 1), date(2025, 11, 1), date(2026, 1, 1)]})
    got = frame.select(coverage_status(pl.col("status"), pl.col("last_paid"), date(2026, 1, 15)))
    assert got.to_series().to_list() == ["active", "lapsed", "active"]


def test_coverage_sql_equals_polars() -> None:
    frame = pl.DataFrame(
        [(s, d) for s, d, _ in COVERAGE_CASES], schema={"status": pl.String, "last_paid": pl.Date},
        orient="row",
    )
    con = duckdb.connect()
    con.register("f", frame.to_arrow())
    sql = con.sql(f"SELECT {_coverage_sql(AS_OF)} AS c FROM f").pl()["c"].to_list()
    assert sql == frame.select(coverage_status(pl.col("status"), pl.col("last_paid"), AS_OF)
                               ).to_series().to_list()


# --- shape ------------------------------------------------------------------------


def test_one_row_per_worker_with_the_contract_columns(frames, result) -> None:
    workers, _ = frames
    statuses = result.statuses
    assert statuses.columns == list(STATUS_COLUMNS)
    assert statuses.height == workers.height
    assert statuses["worker_id"].n_unique() == workers.height
    assert set(statuses["worker_id"]) == set(workers["worker_id"])
    assert set(statuses["status"]) <= {"active", "lapsed", "not_enrolled"}
    assert set(statuses["method"]) <= {"exact", "probabilistic", "reviewed", "review", "none"}
    assert statuses.schema["match_probability"] == pl.Float64
    assert statuses.schema["last_paid"] == pl.Date
    assert result.candidates.columns == list(CANDIDATE_COLUMNS)
    assert set(result.candidates["state"]) <= {"linked", "review", "confirmed"}
    # exact and none carry no probability; the others do
    exact_or_none = statuses.filter(pl.col("method").is_in(["exact", "none"]))
    assert exact_or_none["match_probability"].null_count() == exact_or_none.height
    assert set(result.timings) >= {"exact", "model", "predict", "assign", "total"}


def test_model_is_json_and_reusable(result) -> None:
    text = json.dumps(result.model)
    model = json.loads(text)
    params = linkage.parameters(model)
    assert params["m"]["nik"] == list(linkage.M_PROBABILITIES["nik"])
    assert 0 < params["probability_two_random_records_match"] < 1e-3
    # the u of the serial level comes from the data, and is far above random chance
    assert params["u"]["nik"][2] > 1e-4
    assert [b["blocking_rule"] for b in model["blocking_rules_to_generate_predictions"]]


# --- exact ------------------------------------------------------------------------


def test_exact_takes_the_best_of_several_kpj(result) -> None:
    row = _status(result, 900001)
    assert row["method"] == "exact"
    assert row["kpj"] == "99000000012"  # the active BPU, not the lapsed PU
    assert row["status"] == "active"
    assert row["category"] == "BPU"
    assert row["participant_name"] == "BONIFASIUS KELANA"
    assert row["match_probability"] is None


def test_exact_lapsed_when_paid_two_months_before(result) -> None:
    row = _status(result, 900011)
    assert (row["method"], row["status"], row["last_paid"]) == ("exact", "lapsed", date(2026, 4, 1))


def test_exact_matches_need_no_birth_date(result) -> None:
    row = _status(result, 900010)
    assert (row["method"], row["status"], row["kpj"]) == ("exact", "active", "99000000101")


def test_synthetic_exact_workers_all_linked_exactly(frames, result) -> None:
    workers, participants = frames
    truth = generate(2_000, 20_000, seed=5).truth.filter(pl.col("kind") == "exact")
    got = result.statuses.join(truth, on="worker_id", suffix="_true")
    assert got.height == truth.height
    assert (got["method"] == "exact").all()
    assert (got["kpj"] == got["kpj_true"]).all()


# --- probabilistic ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("worker_id", "kpj", "nik_level"),
    [
        (900002, "99000000021", "one serial digit differs"),
        (900003, "99000000031", "one birth-date digit differs"),  # adjacent swap 56<->65
        (900004, "99000000041", "one digit differs"),  # kecamatan digit, found by name
    ],
)
def test_typo_linked(result, worker_id, kpj, nik_level) -> None:
    row = _status(result, worker_id)
    assert row["method"] == "probabilistic"
    assert row["kpj"] == kpj
    assert row["status"] == "active"
    assert row["match_probability"] >= DEFAULT_UPPER
    candidate = result.candidates.filter(pl.col("worker_id") == worker_id).to_dicts()
    assert len(candidate) == 1
    assert candidate[0]["state"] == "linked"
    evidence = json.loads(candidate[0]["evidence"])
    assert evidence == {"nik": nik_level, "name": "exact", "birth_date": "exact"}


def test_similar_name_decoy_not_linked(result) -> None:
    row = _status(result, 900005)
    assert row["method"] in {"review", "none"}
    assert row["status"] == "not_enrolled"
    decoy = result.candidates.filter(pl.col("kpj") == "99000000051")
    assert (decoy["state"] != "linked").all()


def test_common_name_decoy_not_linked(result) -> None:
    row = _status(result, 900006)
    assert row["method"] == "none"
    assert row["status"] == "not_enrolled"
    assert result.candidates.filter(pl.col("kpj") == "99000000061").height == 0


def test_review_band_keeps_worker_not_enrolled(result) -> None:
    row = _status(result, 900007)
    assert row["method"] == "review"
    assert row["status"] == "not_enrolled"
    assert row["kpj"] == "99000000071"
    candidate = result.candidates.filter(pl.col("worker_id") == 900007).to_dicts()[0]
    assert candidate["state"] == "review"
    assert candidate["match_probability"] >= DEFAULT_LOWER
    assert json.loads(candidate["evidence"])["name"] == "very similar"
    assert candidate["coverage"] == "active"


def test_one_to_one(result) -> None:
    rows = result.statuses.filter(pl.col("kpj") == "99000000081")
    assert rows.height == 1
    # both workers are one digit away; the tie goes to one of them only
    assert rows["worker_id"][0] in (900008, 900009)
    by_person = result.statuses.filter(pl.col("participant_nik").is_not_null()).group_by(
        "participant_nik").len()
    assert by_person["len"].max() == 1
    assert result.statuses.filter(pl.col("kpj").is_not_null())["kpj"].is_unique().all()


def test_raising_upper_sends_links_to_review(frames) -> None:
    workers, participants = frames
    strict = reconcile(workers=workers, participants=participants, as_of=AS_OF,
                       thresholds=Thresholds(upper=1.0, lower=0.5))
    assert strict.statuses.filter(pl.col("method") == "probabilistic").height == 0
    assert _status(strict, 900002)["method"] == "review"


def test_thresholds_validated() -> None:
    with pytest.raises(ValueError):
        Thresholds(upper=0.4, lower=0.5)


# --- decisions --------------------------------------------------------------------


@pytest.fixture(scope="module")
def decided(frames, tmp_path_factory):
    workers, participants = frames
    path = tmp_path_factory.mktemp("extract") / "participants.parquet"
    participants.write_parquet(path)
    decisions = pl.DataFrame({
        "worker_id": [900002, 900005, 900001],
        "kpj": ["99000000021", "99000000051", "99000000012"],
        "decision": ["rejected", "confirmed", "rejected"],
    })
    return reconcile(workers=workers, participants=path, as_of=AS_OF, decisions=decisions)


def test_rejected_pair_never_linked_nor_shown(decided) -> None:
    row = _status(decided, 900002)
    assert row["kpj"] != "99000000021"
    assert decided.candidates.filter(
        (pl.col("worker_id") == 900002) & (pl.col("kpj") == "99000000021")).height == 0


def test_rejected_exact_pair_falls_back_to_the_other_kpj(decided) -> None:
    row = _status(decided, 900001)
    assert (row["method"], row["kpj"], row["status"]) == ("exact", "99000000011", "lapsed")


def test_confirmed_pair_linked_as_reviewed(decided) -> None:
    row = _status(decided, 900005)
    assert (row["method"], row["kpj"], row["status"]) == ("reviewed", "99000000051", "active")
    candidate = decided.candidates.filter(pl.col("worker_id") == 900005).to_dicts()
    assert [c["state"] for c in candidate] == ["confirmed"]


def test_confirmed_pair_gone_from_extract_is_dropped(frames) -> None:
    workers, participants = frames
    decisions = pl.DataFrame({"worker_id": [900005], "kpj": ["99999999999"],
                              "decision": ["confirmed"]})
    out = reconcile(workers=workers, participants=participants, as_of=AS_OF,
                    decisions=decisions)
    assert _status(out, 900005)["method"] in {"review", "none"}


def test_path_and_frame_give_the_same_statuses(frames, result, decided) -> None:
    # same inputs but the decisions: every worker the decisions do not touch agrees
    untouched = ~pl.col("worker_id").is_in([900001, 900002, 900005])
    a = result.statuses.filter(untouched).sort("worker_id")
    b = decided.statuses.filter(untouched).sort("worker_id")
    assert a.drop("match_probability").equals(b.drop("match_probability"))


# --- quality on a synthetic extract ------------------------------------------------


def test_precision_recall_on_synthetic_extract() -> None:
    data = generate(20_000, 200_000, seed=2026)
    out = reconcile(workers=data.workers, participants=data.participants, as_of=AS_OF)
    got = out.statuses.join(data.truth, on="worker_id", suffix="_true")
    auto = got.filter(pl.col("method") == "probabilistic")
    correct = auto.filter(pl.col("participant_nik") == pl.col("participant_nik_true"))
    typos = got.filter(pl.col("kind") == "typo")
    found = typos.filter((pl.col("method") == "probabilistic")
                         & (pl.col("participant_nik") == pl.col("participant_nik_true")))
    assert typos.height > 100
    assert correct.height / auto.height >= 0.995
    assert found.height / typos.height >= 0.95
    assert got.filter((pl.col("kind") == "decoy") & (pl.col("method") == "probabilistic")
                      ).height == 0
    exact = got.filter(pl.col("kind") == "exact")
    assert (exact["method"] == "exact").all()
    assert (exact["kpj"] == exact["kpj_true"]).all()
    assert got.filter(pl.col("kind") == "absent")["method"].is_in(["none", "review"]).all()
