from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "evenly.checkins"
    label = "checkins"

    def ready(self) -> None:
        from evenly.checkins.needs import checkin_needs
        from evenly.checkins.services import checkins_member_left
        from evenly.households.hooks import on_member_leave
        from evenly.pages.needs import need_provider

        on_member_leave(checkins_member_left)
        need_provider(checkin_needs)
