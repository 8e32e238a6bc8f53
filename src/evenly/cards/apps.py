from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "evenly.cards"
    label = "cards"

    def ready(self) -> None:
        from evenly.cards.needs import rating_needs
        from evenly.cards.services import cards_member_left
        from evenly.households.hooks import on_member_leave
        from evenly.pages.needs import need_provider

        on_member_leave(cards_member_left)
        need_provider(rating_needs, follows_revision=True)
