from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "evenly.deals"
    label = "deals"

    def ready(self) -> None:
        from evenly.deals.needs import deal_needs
        from evenly.deals.services import deals_member_left
        from evenly.households.hooks import on_member_leave
        from evenly.pages.needs import need_provider

        on_member_leave(deals_member_left)
        need_provider(deal_needs, follows_revision=True)
