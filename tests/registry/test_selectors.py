import pytest
from django.db import connection

from ucj.registry import services
from ucj.registry.models import Worker, WorkerListing
from ucj.registry.selectors import nik_prefix, search_workers

pytestmark = pytest.mark.django_db

# Around the edges of a prefix range: a run of 9s, the next prefix, the first NIK after.
EDGE_NIKS = ["6101019999999999", "6101020000000000", "6101011999990000", "6101010000000000"]


def test_nik_search_finds_every_nik_with_the_prefix_and_no_other(kalbar, provinsi_user,
                                                                 people_file):
    path = people_file()
    submission = services.import_file(data=path.read_bytes(), file_name=path.name,
                                      regency_code="61.01",
                                      ecosystem_code="perangkat_desa").submission
    for nik in EDGE_NIKS:
        worker = Worker.objects.create(nik=nik, name=f"Pekerja {nik}")
        WorkerListing.objects.create(worker=worker, ecosystem_id="perangkat_desa",
                                     regency_id="61.01", first_submission=submission,
                                     last_submission=submission)
    stored = list(Worker.objects.values_list("nik", flat=True))
    prefixes = ["6", "61", "6101", "610101", "6101019", "61010199", "6101019999999999",
                "610102", "6101020000000000", "9", "999", "7", "6101x", "", " 6101 "]
    for prefix in prefixes:
        found = set(search_workers(provinsi_user, nik=prefix).values_list("nik", flat=True))
        assert found == {nik for nik in stored if nik.startswith(prefix.strip())}, prefix


def test_a_digit_prefix_is_a_range_the_unique_index_serves(kalbar):
    query = Worker.objects.filter(nik_prefix("610119")).values("id")
    sql = str(query.query).upper()
    assert "LIKE" not in sql and '"NIK" >= 610119' in sql and '"NIK" < 61012' in sql
    if connection.vendor == "postgresql":
        # No varchar_pattern_ops index is needed: the plain unique index answers it.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = query.explain()
        assert "worker_nik_unique" in plan


def test_workers_written_in_bulk_carry_the_time_of_writing(kalbar, people_file):
    from datetime import timedelta

    from django.utils import timezone

    path = people_file()
    before = timezone.now() - timedelta(seconds=1)
    services.import_file(data=path.read_bytes(), file_name=path.name, regency_code="61.01",
                         ecosystem_code="perangkat_desa")
    times = Worker.objects.values_list("created_at", "updated_at")
    assert len(times) == 30
    assert all(before <= created == updated <= timezone.now() for created, updated in times)
