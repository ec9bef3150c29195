"""Summaries of the registry counted ahead of time, for pages that must answer in
milliseconds with millions of workers: registered and active workers by kecamatan and
desa, and by regency and ecosystem.

Correctness first: every write to the registry or to BPJS statuses marks them stale at
once (`mark_stale`, on the registry_changed signal) and queues a refresh; until it has
run, readers count live, slower but never wrong."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from ucj.coverage.models import AreaSummary, EcosystemSummary, SummaryState

KECAMATAN_LENGTH = len("61.01.01")
DESA_LENGTH = len("61.01.01.2001")


def state() -> SummaryState:
    found, _ = SummaryState.objects.get_or_create(pk=1)
    return found


def is_fresh() -> bool:
    return state().is_fresh


def mark_stale(**_) -> None:
    state()
    SummaryState.objects.filter(pk=1).update(version=F("version") + 1)


def queue_refresh(**_) -> None:
    from ucj.coverage.tasks import refresh

    transaction.on_commit(lambda: refresh.enqueue())


def refresh_summaries() -> SummaryState:
    """Count both summaries again from the registry and the latest reconciliation, in
    one transaction (readers see the old counts until it commits)."""
    from ucj.membership.models import WorkerMembership
    from ucj.membership.selectors import latest_reconciliation
    from ucj.registry.models import Worker, WorkerListing

    started = time.perf_counter()
    version = state().version
    run = latest_reconciliation()
    quote = connection.ops.quote_name
    workers = quote(Worker._meta.db_table)
    memberships = quote(WorkerMembership._meta.db_table)
    listings = quote(WorkerListing._meta.db_table)
    with transaction.atomic():
        AreaSummary.objects.all().delete()
        EcosystemSummary.objects.all().delete()
        with connection.cursor() as cursor:
            for length in (KECAMATAN_LENGTH, DESA_LENGTH):
                cursor.execute(f"""
                    INSERT INTO {quote(AreaSummary._meta.db_table)} (area, workers, active)
                    SELECT substr(w.desa_id, 1, {length}), count(*),
                           SUM(CASE WHEN m.status = 'active' THEN 1 ELSE 0 END)
                    FROM {workers} w
                    LEFT JOIN {memberships} m
                           ON m.worker_id = w.id AND m.reconciliation_id = %s
                    WHERE w.desa_id IS NOT NULL
                    GROUP BY substr(w.desa_id, 1, {length})""", [run.pk if run else None])
            if run is not None:
                cursor.execute(f"""
                    INSERT INTO {quote(EcosystemSummary._meta.db_table)}
                        (regency, ecosystem, active, lapsed, not_enrolled, review)
                    SELECT l.regency_id, l.ecosystem_id,
                           SUM(CASE WHEN m.status = 'active' THEN 1 ELSE 0 END),
                           SUM(CASE WHEN m.status = 'lapsed' THEN 1 ELSE 0 END),
                           SUM(CASE WHEN m.status = 'not_enrolled' THEN 1 ELSE 0 END),
                           SUM(CASE WHEN m.method = 'review' THEN 1 ELSE 0 END)
                    FROM {memberships} m JOIN {listings} l ON l.worker_id = m.worker_id
                    WHERE m.reconciliation_id = %s
                    GROUP BY l.regency_id, l.ecosystem_id""", [run.pk])
        SummaryState.objects.filter(pk=1).update(
            refreshed_version=version, refreshed_at=timezone.now(),
            reconciliation_id=run.pk if run else None,
            seconds=round(time.perf_counter() - started, 3))
    return state()
