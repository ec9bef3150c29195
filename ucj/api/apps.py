from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ucj.api"
    label = "api"
