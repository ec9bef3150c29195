from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "ucj.coverage"
    label = "coverage"
    verbose_name = _("Coverage")

    def ready(self) -> None:
        from ucj.core.signals import registry_changed
        from ucj.coverage.summaries import mark_stale, queue_refresh

        registry_changed.connect(mark_stale, dispatch_uid="coverage-mark-stale")
        registry_changed.connect(queue_refresh, dispatch_uid="coverage-queue-refresh")
