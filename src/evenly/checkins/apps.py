from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "evenly.checkins"
    label = "checkins"

    def ready(self) -> None:
        from evenly.checkins.services import checkins_member_left
        from evenly.households.hooks import on_member_leave

        on_member_leave(checkins_member_left)
