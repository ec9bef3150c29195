from django.tasks import task

from ucj.coverage.summaries import refresh_summaries


@task()
def refresh() -> dict:
    """Count the coverage summaries again after a write (worker: `ucj db_worker`)."""
    found = refresh_summaries()
    return {"version": found.refreshed_version, "seconds": found.seconds}
