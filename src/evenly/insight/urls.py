from django.urls import path

from evenly.insight import views

urlpatterns = [
    path("balance/", views.balance, name="balance"),
    path("balance/mirror/", views.mirror, name="mirror"),
    path("balance/summary/", views.summary, name="summary"),
]
