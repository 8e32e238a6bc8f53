from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "evenly.deals"
    label = "deals"
