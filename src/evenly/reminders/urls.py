from django.urls import path

from evenly.reminders import views

urlpatterns = [
    path("h/<id:household_id>/reminders/", views.preferences, name="reminders"),
    path("h/<id:household_id>/reminders/push/", views.push_add, name="reminders_push"),
    path(
        "h/<id:household_id>/reminders/push/<id:subscription_id>/remove/",
        views.push_remove,
        name="reminders_push_remove",
    ),
    path(
        "reminders/unsubscribe/<str:token>/",
        views.unsubscribe_link,
        name="reminders_unsubscribe",
    ),
]
