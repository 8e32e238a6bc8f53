from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "evenly.web"
    label = "web"
    verbose_name = "Evenly"
