from django.tasks import task

from ucj.membership.services import run_extract_import, run_reconciliation


@task()
def check_extract(extract_id: int) -> dict:
    """Background check of one uploaded extract (worker: `ucj db_worker`)."""
    extract = run_extract_import(extract_id=extract_id)
    return {"extract": extract.pk, "status": extract.status, "rows": extract.rows}


@task()
def reconcile(reconciliation_id: int) -> dict:
    """Background reconciliation of the registry against one extract."""
    run = run_reconciliation(reconciliation_id=reconciliation_id)
    return {"reconciliation": run.pk, "status": run.status}
