from django.apps import AppConfig


class WeekConfig(AppConfig):
    name = "evenly.week"
    label = "week"

    def ready(self) -> None:
        from evenly.pages.needs import need_provider
        from evenly.week.needs import week_needs

        need_provider(week_needs, follows_revision=True)
