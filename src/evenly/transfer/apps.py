from django.apps import AppConfig


class TransferConfig(AppConfig):
    """Household → Export and a new household from a file (no models of its own)."""

    name = "evenly.transfer"
    label = "transfer"
