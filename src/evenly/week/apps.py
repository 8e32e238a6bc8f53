from django.apps import AppConfig


class WeekConfig(AppConfig):
    name = "evenly.week"
    label = "week"
