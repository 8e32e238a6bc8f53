from django.apps import AppConfig


class ValuesConfig(AppConfig):
    name = "evenly.values"
    label = "values"

    def ready(self) -> None:
        from evenly.households.hooks import on_member_leave
        from evenly.values.services import values_member_left

        on_member_leave(values_member_left)
