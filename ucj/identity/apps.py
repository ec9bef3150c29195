from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "ucj.identity"
    label = "identity"
