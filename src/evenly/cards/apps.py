from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "evenly.cards"
    label = "cards"
