from django.urls import path

from evenly.week import views

urlpatterns = [
    path("week/", views.week, name="week"),
    path("week/done/", views.mark_done, name="week_done"),
    path("week/done-for/", views.done_for, name="week_done_for"),
    path("week/skip/", views.skip, name="week_skip"),
    path("week/snooze/", views.snooze, name="week_snooze"),
    path("week/move/", views.move, name="week_move"),
    path("week/changes/<id:change_id>/undo/", views.change_undo, name="week_change_undo"),
    path("entries/<id:entry_id>/undo/", views.entry_undo, name="week_entry_undo"),
    path("log/", views.log, name="week_log"),
    path("away/", views.away, name="week_away"),
    path("away/<id:away_id>/delete/", views.away_delete, name="week_away_delete"),
    path("cover/", views.cover, name="week_cover"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger.csv", views.ledger_csv, name="ledger_csv"),
    path("ledger/<id:entry_id>/edit/", views.ledger_edit, name="ledger_edit"),
    path("ledger/<id:entry_id>/delete/", views.ledger_delete, name="ledger_delete"),
    path("personal/", views.personal, name="personal"),
    path("personal/<id:item_id>/delete/", views.personal_delete, name="personal_delete"),
]
