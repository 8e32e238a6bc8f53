from django.apps import AppConfig


class PerceptionConfig(AppConfig):
    name = "evenly.perception"
    label = "perception"
