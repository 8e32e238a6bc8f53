from django.apps import AppConfig


class ValuesConfig(AppConfig):
    name = "evenly.values"
    label = "values"
