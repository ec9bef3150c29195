from django.tasks import task

from ucj.registry.services import run_intake


@task()
def run_submission(submission_id: int) -> dict:
    """Background intake of one confirmed submission (worker: `ucj db_worker`)."""
    submission = run_intake(submission_id=submission_id)
    return {"submission": submission.pk, "status": submission.status, "rows": submission.rows}
