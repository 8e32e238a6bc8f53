from django.urls import path

from evenly.cards import views

urlpatterns = [
    path("cards/", views.cards, name="cards"),
    path("cards/catalog/", views.catalog, name="catalog"),
    path("cards/deck/", views.deck_add, name="deck_add"),
    path("cards/new/", views.card_new, name="card_new"),
    path("cards/import/", views.cards_import, name="cards_import"),
    path("cards/<id:card_id>/", views.card_edit, name="card_edit"),
    path("cards/<id:card_id>/holder/", views.card_holder, name="card_holder"),
    path("cards/<id:card_id>/when/", views.card_when, name="card_when"),
    path("cards/<id:card_id>/delete/", views.card_delete, name="card_delete"),
    path("rate/", views.rate, name="rate"),
    path("rate/rest-fine/", views.rate_rest_fine, name="rate_rest_fine"),
    path("rate/<id:card_id>/", views.rate_card, name="rate_card"),
    path("ratings/", views.my_ratings, name="my_ratings"),
    path("standards/", views.standards, name="standards"),
]
