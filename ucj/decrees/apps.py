from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecreesConfig(AppConfig):
    name = "ucj.decrees"
    label = "decrees"
    verbose_name = _("Proposals and decrees")
