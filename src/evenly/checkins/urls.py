from django.urls import path

from evenly.checkins import views

urlpatterns = [
    path("checkin/", views.talk, name="talk"),
    path("checkin/plan/", views.plan, name="checkin_plan"),
    path("checkin/start/", views.start, name="checkin_start"),
    path("checkin/coach/", views.coach, name="checkin_coach"),
    path("checkin/history/", views.history, name="checkin_history"),
    path("checkin/<id:checkin_id>/", views.together, name="checkin_together"),
    path("checkin/<id:checkin_id>/prepare/", views.prepare, name="checkin_prepare"),
    path("checkin/<id:checkin_id>/share/", views.share_kind, name="checkin_share_kind"),
    path("checkin/<id:checkin_id>/close/", views.close, name="checkin_close"),
    path("checkin/<id:checkin_id>/not-done/", views.not_done, name="checkin_not_done"),
    path("checkin/<id:checkin_id>/actions/", views.action_add, name="checkin_action_add"),
    path("checkin/<id:checkin_id>/changes/", views.change_add, name="checkin_change_add"),
    path("checkin/items/<id:item_id>/edit/", views.item_edit, name="checkin_item_edit"),
    path("checkin/items/<id:item_id>/delete/", views.item_delete, name="checkin_item_delete"),
    path("checkin/items/<id:item_id>/share/", views.item_share, name="checkin_item_share"),
    path("checkin/items/<id:item_id>/unshare/", views.item_unshare, name="checkin_item_unshare"),
    path("checkin/items/<id:item_id>/paraphrase/", views.paraphrase, name="checkin_paraphrase"),
    path("checkin/items/<id:item_id>/lens/", views.item_lens, name="checkin_item_lens"),
    path("checkin/items/<id:item_id>/respond/", views.respond, name="checkin_respond"),
    path(
        "checkin/paraphrases/<id:paraphrase_id>/answer/",
        views.answer,
        name="checkin_answer",
    ),
    path("checkin/actions/<id:action_id>/done/", views.action_done, name="checkin_action_done"),
    path("checkin/changes/<id:change_id>/agree/", views.change_agree, name="checkin_change_agree"),
    path(
        "checkin/changes/<id:change_id>/decline/",
        views.change_decline,
        name="checkin_change_decline",
    ),
]
