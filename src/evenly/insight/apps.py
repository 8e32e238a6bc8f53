from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "evenly.insight"
    label = "insight"

    def ready(self) -> None:
        from evenly.insight.needs import redeal_needs
        from evenly.pages.needs import need_provider

        need_provider(redeal_needs, follows_revision=True)
