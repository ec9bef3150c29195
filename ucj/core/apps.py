from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ucj.core"
    label = "core"

    def ready(self) -> None:
        from django.tasks.signals import task_started

        from ucj.core.jobs import on_task_started

        # Background workers record themselves and fail jobs of workers that died.
        task_started.connect(on_task_started, dispatch_uid="ucj.core.jobs")
