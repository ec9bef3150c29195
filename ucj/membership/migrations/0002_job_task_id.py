"""Extracts and reconciliations name the task now running them (ucj.core.jobs.enqueue_job),
so an old failed task cannot fail a job that runs again. Unfinished jobs get the id of
their newest task."""

from django.db import migrations, models

TASKS = {"Extract": "ucj.membership.tasks.check_extract",
         "Reconciliation": "ucj.membership.tasks.reconcile"}


def name_current_tasks(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for model_name, task_path in TASKS.items():
        model = apps.get_model("membership", model_name)
        unfinished = set(model.objects.filter(status__in=["queued", "running"])
                         .values_list("pk", flat=True))
        if not unfinished:
            continue
        newest = {}
        for task_id, args_kwargs in DBTaskResult.objects.filter(task_path=task_path).order_by(
                "enqueued_at").values_list("id", "args_kwargs"):
            args = (args_kwargs or {}).get("args") or []
            if args and args[0] in unfinished:
                newest[args[0]] = str(task_id)
        for pk, task_id in newest.items():
            model.objects.filter(pk=pk).update(task_id=task_id)


class Migration(migrations.Migration):

    dependencies = [
        ("membership", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.AddField(
            model_name="extract",
            name="task_id",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="reconciliation",
            name="task_id",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(name_current_tasks, migrations.RunPython.noop),
    ]
