from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "evenly.insight"
    label = "insight"
