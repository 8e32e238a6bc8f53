from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "evenly.growth"
    label = "growth"
