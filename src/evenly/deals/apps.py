from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "evenly.deals"
    label = "deals"

    def ready(self) -> None:
        from evenly.deals.services import deals_member_left
        from evenly.households.hooks import on_member_leave

        on_member_leave(deals_member_left)
