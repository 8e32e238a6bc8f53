from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "evenly.accounts"
    label = "accounts"

    def ready(self) -> None:
        from evenly.accounts.services import on_account_delete
        from evenly.accounts.tokens import tokens_delete_of

        # A deleted account's API tokens stop working with it.
        on_account_delete(tokens_delete_of)
