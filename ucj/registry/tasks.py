from django.tasks import task

from ucj.registry.services import run_intake


@task()
def run_submission(submission_id: int) -> dict:
    """Background intake of one confirmed submission (worker: `ucj db_worker`)."""
    submission = run_intake(submission_id=submission_id)
    return {"submission": submission.pk, "status": submission.status, "rows": submission.rows}


@task()
def index_new_workers() -> dict:
    """The name search indexes the workers an intake has added (enqueued when the intake
    commits: ucj.registry.search.index_after_commit)."""
    from ucj.registry import search

    done = search.catch_up()
    return {"rows": done.rows, "seconds": round(done.seconds, 2)}
