from django.urls import path

from evenly.felt import views

urlpatterns = [
    path("how-it-feels/", views.felt, name="felt"),
    path("how-it-feels/on/", views.turn_on, name="felt_on"),
    path("how-it-feels/off/", views.turn_off, name="felt_off"),
    path("how-it-feels/answer/", views.answer, name="felt_answer"),
]
