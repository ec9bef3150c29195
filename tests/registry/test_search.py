"""The name search index (ucj.registry.search): results identical to a plain icontains
over the worker's name, the index actually read, kept in step by the intake and by
corrections, and rebuilt by `ucj search-index`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from ucj.registry import search, selectors, services
from ucj.registry.models import Worker, WorkerListing, WorkerSearch
from ucj.registry.selectors import search_list, search_workers
from ucj.registry.tasks import index_new_workers

INDEX_TASK = "ucj.registry.tasks.index_new_workers"

pytestmark = pytest.mark.django_db

# Besides the thirty generated people of the file: cases, substrings across words,
# quotes, LIKE's own wildcards, a name in another regency.
EXTRA = {"61.01": ["SITI AMINAH", "siti nurhaliza", "Nur Siti", "Daniel O'Neil", "Ani",
                   'Abdul "Dul" Karim', "Maryani 100%", "Eka_Putri", "ANI MARYANI"],
         "61.72": ["Siti Singkawang", "Ani Kota"]}
QUERIES = ["siti", "SITI", "Siti", "iti a", "ani", "ANI", "an", "a", "x", "nur s", "aminah",
           "zzz", "'ne", '"dul"', "100%", "0%", "_", "a_p", "i m", "ti", "siti aminah"]


def _register(submission, names_by_regency):
    workers = []
    for regency, names in names_by_regency.items():
        for index, name in enumerate(names):
            worker = Worker.objects.create(nik=f"{regency.replace('.', '')}99{index:010d}",
                                           name=name)
            WorkerListing.objects.create(worker=worker, ecosystem_id="perangkat_desa",
                                         regency_id=regency, first_submission=submission,
                                         last_submission=submission)
            workers.append(worker)
    return workers


def _import(people_file, django_capture_on_commit_callbacks, *, index=True, frame=None,
            name="daftar.xlsx"):
    """Import a file; with `index`, run the indexing job its commit queued, as the
    background worker would."""
    path = people_file(frame, name)
    queued = DBTaskResult.objects.filter(task_path=INDEX_TASK)
    before = queued.count()
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.import_file(data=path.read_bytes(), file_name=path.name,
                                          regency_code="61.01",
                                          ecosystem_code="perangkat_desa").submission
    assert queued.count() == before + 1
    if index:
        index_new_workers.call()
    return submission


def _plain(user, text):
    """What the search must return: icontains on the name, in scope, by name and id."""
    return list(selectors.workers_for(user).filter(name__icontains=text.strip())
                .order_by("name", "id").values_list("id", flat=True))


def _found(user, text, **options):
    return list(search_workers(user, name=text, **options).values_list("id", flat=True))


@pytest.fixture
def registry(kalbar, people_file, django_capture_on_commit_callbacks):
    """Thirty imported people and the EXTRA names, every one of them indexed."""
    submission = _import(people_file, django_capture_on_commit_callbacks)
    _register(submission, EXTRA)
    search.catch_up()
    return submission


def test_the_search_finds_exactly_what_a_plain_scan_finds(registry, provinsi_user,
                                                          sambas_user):
    assert WorkerSearch.objects.count() == Worker.objects.count() == 41
    assert search.missing() == {"missing": 0, "stale": 0, "waiting": 0}
    for user in (provinsi_user, sambas_user):
        for text in QUERIES:
            assert _found(user, text) == _plain(user, text), (user.role, text)
    # Hand-checked: the five SITI in Sambas (case, inside a word, across words), the
    # Singkawang one only for the province.
    sitis = set(Worker.objects.filter(name__in=["SITI AMINAH", "siti nurhaliza", "Nur Siti"])
                .values_list("id", flat=True))
    generated = {w.pk for w in Worker.objects.all() if "siti" in w.name.lower()}
    assert sitis <= set(_found(sambas_user, "siti")) == generated - {
        Worker.objects.get(name="Siti Singkawang").pk}
    assert len(_found(provinsi_user, "siti")) == len(_found(sambas_user, "siti")) + 1
    assert _found(sambas_user, "100%") == [Worker.objects.get(name="Maryani 100%").pk]
    assert _found(sambas_user, "a_p") == [Worker.objects.get(name="Eka_Putri").pk]


def test_the_trigram_index_is_what_finds_them(registry, sambas_user):
    """Take one SITI out of the index: the indexed search no longer finds it (a plain
    scan would), so the search reads the index; a rebuild brings it back."""
    aminah = Worker.objects.get(name="SITI AMINAH")
    assert aminah.pk in _found(sambas_user, "siti")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_workersearch WHERE worker_id = %s", [aminah.pk])
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM registry_workersearch_fts WHERE rowid = %s", [aminah.pk])
    assert aminah.pk not in _found(sambas_user, "siti")
    assert aminah.pk in _plain(sambas_user, "siti")
    assert aminah.pk in _found(sambas_user, "si")  # two letters: read directly
    assert search.missing()["missing"] == 1
    search.rebuild()
    assert _found(sambas_user, "siti") == _plain(sambas_user, "siti")
    # The index is read first, in a query of its own, and the workers are then looked up
    # by those ids.
    sql, params = search.candidates_sql("siti")
    with CaptureQueriesContext(connection) as queries:
        found = list(search_workers(sambas_user, name="siti"))
    assert found and any(sql.split("%s")[0] in q["sql"] for q in queries.captured_queries)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The GIN index answers it once the table is bigger than a few pages (20,000
            # more names, taken back with the test's transaction).
            cursor.execute("INSERT INTO registry_workersearch (worker_id, name) SELECT g, "
                           "'PEKERJA ' || g FROM generate_series(900000, 920000) g")
            cursor.execute("SELECT gin_clean_pending_list('worker_search_name_trgm')")
            cursor.execute("ANALYZE registry_workersearch")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Bitmap Index Scan on worker_search_name_trgm" in plan, plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "SCAN registry_workersearch_fts VIRTUAL TABLE INDEX" in plan, plan


def test_new_workers_are_found_before_and_after_their_catch_up(
        kalbar, provinsi_user, people_file, people, django_capture_on_commit_callbacks):
    first = _import(people_file, django_capture_on_commit_callbacks)
    assert search.missing() == {"missing": 0, "stale": 0, "waiting": 0}
    assert WorkerSearch.objects.count() == 30
    # A second file: until the job its commit queued has run, its workers are read
    # directly (above the last indexed id), and found all the same.
    more = people.with_columns(nik=people["nik"].str.slice(0, 12) + "7777")
    second = _import(people_file, django_capture_on_commit_callbacks, index=False,
                     frame=more, name="lagi.xlsx")
    assert second.new_workers == 30 and first.new_workers == 30
    assert search.missing()["waiting"] == 30
    names = [name for name in people["nama"].to_list()]
    for text in ["siti", "nur", names[0][:4], names[5][2:7], "an"]:
        assert _found(provinsi_user, text) == _plain(provinsi_user, text), text
        assert len(_found(provinsi_user, text)) % 2 == 0  # each name twice
    search.catch_up()
    assert search.missing() == {"missing": 0, "stale": 0, "waiting": 0}
    assert search.catch_up().rows == 0  # nothing left
    for text in ["siti", names[0][:4], names[5][2:7]]:
        assert _found(provinsi_user, text) == _plain(provinsi_user, text), text
    assert _found(provinsi_user, names[0]) == _plain(provinsi_user, names[0]) != []


def test_a_corrected_name_is_found_by_its_new_name_only(registry, provinsi_user):
    worker = Worker.objects.get(name="SITI AMINAH")
    services.correct_worker(user=provinsi_user, worker=worker,
                            values={"name": "Zulaikha  Rahmat"}, reason="sesuai KTP")
    assert _found(provinsi_user, "zulaikha rahmat") == [worker.pk]
    assert _found(provinsi_user, "siti aminah") == []
    assert _found(provinsi_user, "aminah") == _plain(provinsi_user, "aminah")
    assert search.missing() == {"missing": 0, "stale": 0, "waiting": 0}
    assert WorkerSearch.objects.get(worker=worker).name == "Zulaikha Rahmat"


def test_the_command_rebuilds_workers_loaded_by_other_means(registry, provinsi_user, capsys):
    call_command("search-index", "verify")
    # Written behind the index's back: a name changed, a row taken out.
    Worker.objects.filter(name="Nur Siti").update(name="Nur Lestari")
    WorkerSearch.objects.filter(worker__name="Ani").delete()
    # On SQLite the FTS row of the one taken out is left behind: one more out of step.
    stale = 2 if connection.vendor == "sqlite" else 1
    assert search.missing() == {"missing": 1, "stale": stale, "waiting": 0}
    with pytest.raises(CommandError, match="rebuild"):
        call_command("search-index", "verify")
    assert f"Tidak terindeks: 1; berbeda: {stale}" in capsys.readouterr().out
    assert _found(provinsi_user, "nur lestari") == []  # the index has the old name
    call_command("search-index", "rebuild")
    assert "41 pekerja diindeks" in capsys.readouterr().out
    call_command("search-index", "verify")
    assert _found(provinsi_user, "nur lestari") == _plain(provinsi_user, "nur lestari") != []
    assert _found(provinsi_user, "ani") == _plain(provinsi_user, "ani")


def test_a_long_list_is_counted_up_to_the_cap_and_listed_in_id_order(
        registry, provinsi_user, sambas_user, monkeypatch, client_for):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 5)
    for user in (provinsi_user, sambas_user):
        for text in ["a", "an", "i", "", "siti", "siti aminah", "zzz"]:
            found, count = search_list(user, name=text)
            plain = _plain(user, text)
            assert count == min(len(plain), 6), text
            ids = list(found.values_list("id", flat=True))
            # Up to the cap by name, beyond it by id: the same workers either way.
            assert ids == (sorted(plain) if len(plain) > 5 else plain), text
            assert list(found[2:4].values_list("id", flat=True)) == ids[2:4]
    page = client_for(sambas_user).get("/registri/", {"name": "a"})
    assert page.context["page"].paginator.more
    assert page.context["page"].paginator.num_pages == 1
    assert [w.pk for w in page.context["page"]] == sorted(_plain(sambas_user, "a"))[:5]
    text = page.content.decode()
    assert "Lebih dari 5 pekerja" in text or "More than 5 workers" in text
    few = client_for(sambas_user).get("/registri/", {"name": "siti aminah"})
    assert not few.context["page"].paginator.more
    assert [w.pk for w in few.context["page"]] == _plain(sambas_user, "siti aminah")


def test_a_text_in_more_names_than_the_index_hands_over_reads_the_rest(
        registry, provinsi_user, sambas_user, monkeypatch):
    """More candidates than SEARCH_CANDIDATES: the search takes the smallest ids and
    reads the workers above the last of them directly; still exactly the plain result."""
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 3)
    sitis = search.candidates("siti", limit=100)
    assert len(sitis) > 4 and sitis == sorted(sitis)
    assert search.candidates("siti", limit=4) == sitis[:4]
    query = str(search_workers(provinsi_user, name="siti").query)
    assert f'"registry_worker"."id" > {sitis[2]}' in query
    for user in (provinsi_user, sambas_user):
        for text in ["siti", "ani", "siti aminah", "a_p"]:
            assert _found(user, text) == _plain(user, text), text
            assert list(search_list(user, name=text)[0].values_list("id", flat=True)) == (
                _plain(user, text))


def test_the_list_page_takes_any_candidates_when_more_than_its_rows_are_in_scope(
        registry, provinsi_user, sambas_user, monkeypatch):
    """first_rows_only (the list page, which never shows more than SEARCH_COUNT_CAP
    rows): a text in more names than the index hands over is looked for among any
    SEARCH_CANDIDATES matches; when more than the cap are in scope that is the answer,
    else the exact search follows."""
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 3)
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 2)
    plain = _plain(provinsi_user, "siti")
    assert len(plain) > 4
    some = search.candidates("siti", limit=4, smallest=False)
    assert len(some) == 4 and set(some) <= set(search.candidates("siti", limit=100))
    found, count = search_list(provinsi_user, first_rows_only=True, name="siti")
    ids = list(found.values_list("id", flat=True))
    assert count == 3 and ids == sorted(ids) and 3 <= len(ids) < len(plain)
    assert set(ids) <= set(plain)
    assert '"registry_worker"."id" >' not in str(found.query)  # nothing read beyond
    # A text with fewer matches in scope than the cap among the sample: exact.
    for user in (provinsi_user, sambas_user):
        for text in ["siti aminah", "zzz", "a_p"]:
            found, count = search_list(user, first_rows_only=True, name=text)
            assert list(found.values_list("id", flat=True)) == _plain(user, text), text
    # The API pages through every match: exact, never the sample.
    exact, _count = search_list(provinsi_user, name="siti")
    assert list(exact.values_list("id", flat=True)) == sorted(plain)
