from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "evenly.calendars"
    label = "calendars"

    def ready(self) -> None:
        from evenly.calendars.services import feeds_revoke_for_leaver
        from evenly.households.hooks import on_member_leave

        on_member_leave(feeds_revoke_for_leaver)
