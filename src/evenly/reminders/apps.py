from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "evenly.reminders"
    label = "reminders"

    def ready(self) -> None:
        from evenly.households.hooks import on_member_leave
        from evenly.reminders.services import reminders_member_left

        on_member_leave(reminders_member_left)
