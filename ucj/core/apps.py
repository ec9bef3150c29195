from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ucj.core"
    label = "core"

    def ready(self) -> None:
        from django.tasks.signals import task_started
        from django.urls import register_converter

        from ucj.core.bounds import IdConverter
        from ucj.core.jobs import on_task_started

        # Background workers record themselves and fail jobs of workers that died.
        task_started.connect(on_task_started, dispatch_uid="ucj.core.jobs")
        # `<id:pk>` in every urls.py: ids within the 64-bit key range, else 404.
        register_converter(IdConverter, "id")
