from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "evenly.privacy"
    label = "privacy"

    def ready(self) -> None:
        from evenly.accounts.services import on_account_delete
        from evenly.privacy.erase import erase_person

        on_account_delete(erase_person)
