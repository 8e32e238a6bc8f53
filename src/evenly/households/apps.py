from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "evenly.households"
    label = "households"

    def ready(self) -> None:
        from evenly.accounts.services import on_account_delete
        from evenly.households.services import members_leave_for_deleted_account

        on_account_delete(members_leave_for_deleted_account)
