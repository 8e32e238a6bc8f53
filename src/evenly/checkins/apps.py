from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "evenly.checkins"
    label = "checkins"
