from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "evenly.households"
    label = "households"
