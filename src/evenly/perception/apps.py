from django.apps import AppConfig


class PerceptionConfig(AppConfig):
    name = "evenly.perception"
    label = "perception"

    def ready(self) -> None:
        from evenly.pages.needs import need_provider
        from evenly.perception.needs import perception_needs

        need_provider(perception_needs, follows_revision=True)
