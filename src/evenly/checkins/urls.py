from django.urls import path

from evenly.checkins import views

urlpatterns = [
    path("checkin/", views.talk, name="talk"),
    path("checkin/plan/", views.plan, name="checkin_plan"),
    path("checkin/start/", views.start, name="checkin_start"),
    path("checkin/coach/", views.coach, name="checkin_coach"),
    path("checkin/history/", views.history, name="checkin_history"),
    path("checkin/<int:checkin_id>/", views.together, name="checkin_together"),
    path("checkin/<int:checkin_id>/prepare/", views.prepare, name="checkin_prepare"),
    path("checkin/<int:checkin_id>/share/", views.share_kind, name="checkin_share_kind"),
    path("checkin/<int:checkin_id>/close/", views.close, name="checkin_close"),
    path("checkin/<int:checkin_id>/not-done/", views.not_done, name="checkin_not_done"),
    path("checkin/<int:checkin_id>/actions/", views.action_add, name="checkin_action_add"),
    path("checkin/<int:checkin_id>/changes/", views.change_add, name="checkin_change_add"),
    path("checkin/items/<int:item_id>/edit/", views.item_edit, name="checkin_item_edit"),
    path("checkin/items/<int:item_id>/delete/", views.item_delete, name="checkin_item_delete"),
    path("checkin/items/<int:item_id>/share/", views.item_share, name="checkin_item_share"),
    path("checkin/items/<int:item_id>/unshare/", views.item_unshare, name="checkin_item_unshare"),
    path("checkin/items/<int:item_id>/paraphrase/", views.paraphrase, name="checkin_paraphrase"),
    path("checkin/items/<int:item_id>/respond/", views.respond, name="checkin_respond"),
    path(
        "checkin/paraphrases/<int:paraphrase_id>/answer/",
        views.answer,
        name="checkin_answer",
    ),
    path("checkin/actions/<int:action_id>/done/", views.action_done, name="checkin_action_done"),
    path("checkin/changes/<int:change_id>/agree/", views.change_agree, name="checkin_change_agree"),
    path(
        "checkin/changes/<int:change_id>/decline/",
        views.change_decline,
        name="checkin_change_decline",
    ),
]
