"""The same linkage model, estimated on DuckDB, gives the same links on Spark.

Spark runs in local mode (one core, small memory, no UI) with splink's similarity UDF
jar; the test is skipped when there is no Java, and on the PostgreSQL run of the suite:
it touches no database, so the SQLite run has said all it can (45 s of CI saved).
"""

from __future__ import annotations

import shutil

import duckdb
import polars as pl
import pytest
from django.conf import settings

from ucj.membership import linkage
from ucj.membership.reconcile import DEFAULT_LOWER, DEFAULT_UPPER, _name_key
from ucj.membership.synthetic import generate


def _inputs() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    data = generate(3_000, 20_000, seed=44)
    workers = data.workers.filter(~pl.col("nik").is_in(data.participants["nik"].implode()))
    participants = data.participants.filter(~pl.col("nik").is_in(data.workers["nik"].implode()))
    left = workers.filter(pl.col("birth_date").is_not_null()).select(
        pl.col("worker_id").cast(pl.String).alias("unique_id"), "nik",
        _name_key("name").alias("name"), "birth_date",
    )
    right = participants.select(
        pl.col("kpj").alias("unique_id"), "nik", _name_key("name").alias("name"), "birth_date",
    )
    return left, right, data.participants


def _links(pairs: pl.DataFrame) -> set[tuple[str, str]]:
    linked = pairs.filter(
        (pl.col("match_probability") >= DEFAULT_UPPER)
        & (pl.col("gamma_name") == len(linkage.NAME_LEVELS) - 1)
    )
    return set(linked.select("left_id", "right_id").iter_rows())


@pytest.fixture(scope="module")
def spark():
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("no database in this test: it runs on the SQLite run of the suite")
    if shutil.which("java") is None:
        print("skipping: no Java on PATH (pyspark needs a JVM)")
        pytest.skip("Java is not installed (shutil.which('java') is None)")
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master("local[1]")
        .appName("ucj-linkage-test")
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_duckdb_model_gives_the_same_links_on_spark(spark) -> None:
    from splink import DuckDBAPI, SparkAPI

    left, right, extract = _inputs()

    con = duckdb.connect()
    con.register("extract", extract.to_arrow())
    con.register("left_in", left.to_arrow())
    duck = DuckDBAPI(con)
    duck_inputs = [duck.register(left.to_arrow(), dataset_display_name="workers"),
                   duck.register(right.to_arrow(), dataset_display_name="participants")]
    model = linkage.estimate_model(
        duck_inputs,
        probability_two_random_records_match=1e-6,
        nik_u=linkage.nik_u_given_birth_date(con, "SELECT nik, kpj, birth_date FROM extract"),
        birth_date_u=linkage.birth_date_u(con, "SELECT birth_date FROM left_in",
                                          "SELECT birth_date FROM extract"),
    )
    on_duckdb = linkage.pairs_frame(
        linkage.predict(duck_inputs, model, threshold=DEFAULT_LOWER), "workers")

    spark_api = SparkAPI(spark_session=spark, break_lineage_method="persist",
                         num_partitions_on_repartition=2)
    spark_inputs = [
        spark_api.register(left.to_arrow(), dataset_display_name="workers"),
        spark_api.register(right.to_arrow(), dataset_display_name="participants"),
    ]
    on_spark = linkage.pairs_frame(
        linkage.predict(spark_inputs, model, threshold=DEFAULT_LOWER), "workers")

    duck_links, spark_links = _links(on_duckdb), _links(on_spark)
    assert len(duck_links) >= 10
    assert spark_links == duck_links
    # and the scores agree pair by pair
    both = on_duckdb.join(on_spark, on=["left_id", "right_id"], suffix="_spark")
    assert both.height == on_duckdb.height == on_spark.height
    assert (both["gamma_nik"] == both["gamma_nik_spark"]).all()
    assert (both["match_weight"] - both["match_weight_spark"]).abs().max() < 1e-6
