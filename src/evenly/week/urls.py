from django.urls import path

from evenly.week import views

urlpatterns = [
    path("week/", views.week, name="week"),
    path("week/done/", views.mark_done, name="week_done"),
    path("entries/<int:entry_id>/undo/", views.entry_undo, name="week_entry_undo"),
    path("log/", views.log, name="week_log"),
    path("away/", views.away, name="week_away"),
    path("away/<int:away_id>/delete/", views.away_delete, name="week_away_delete"),
    path("cover/", views.cover, name="week_cover"),
]
