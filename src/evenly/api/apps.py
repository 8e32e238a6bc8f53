from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "evenly.api"
    label = "api"
