from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "evenly.households"
    label = "households"

    def ready(self) -> None:
        from evenly.accounts.selectors import on_household_links
        from evenly.accounts.services import on_account_delete
        from evenly.households.needs import household_needs
        from evenly.households.selectors import household_links_of
        from evenly.households.services import members_leave_for_deleted_account
        from evenly.pages.needs import need_provider

        on_account_delete(members_leave_for_deleted_account)
        on_household_links(household_links_of)
        need_provider(household_needs)
