from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "evenly.deals"
    label = "deals"

    def ready(self) -> None:
        from evenly.deals.needs import deal_needs
        from evenly.deals.services import deals_member_left, deals_member_renamed
        from evenly.households.hooks import on_member_leave, on_member_rename
        from evenly.pages.needs import need_provider

        on_member_leave(deals_member_left)
        on_member_rename(deals_member_renamed)
        need_provider(deal_needs, follows_revision=True)
