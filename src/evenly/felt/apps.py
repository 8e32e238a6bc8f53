from django.apps import AppConfig


class FeltConfig(AppConfig):
    name = "evenly.felt"
    label = "felt"

    def ready(self) -> None:
        from evenly.accounts.services import on_account_delete
        from evenly.felt.needs import felt_needs
        from evenly.felt.services import felt_account_deleted, felt_member_left
        from evenly.households.hooks import on_member_leave
        from evenly.pages.needs import need_provider

        need_provider(felt_needs, follows_revision=True)
        on_member_leave(felt_member_left)
        on_account_delete(felt_account_deleted)
