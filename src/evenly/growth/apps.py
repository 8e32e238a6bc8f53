from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "evenly.growth"
    label = "growth"

    def ready(self) -> None:
        from evenly.growth.services import growth_member_left
        from evenly.households.hooks import on_member_leave

        on_member_leave(growth_member_left)
