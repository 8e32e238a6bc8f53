from django.urls import path

from evenly.growth import views

urlpatterns = [
    path("grow/", views.grow, name="grow"),
    path("grow/catch-up/", views.catch_up, name="catch_up"),
    path("grow/fairness/", views.personal_fairness, name="grow_personal_fairness"),
    path("aspirations/", views.aspirations, name="aspirations"),
    path("aspirations/<id:aspiration_id>/", views.aspiration, name="aspiration"),
    path("aspirations/<id:aspiration_id>/edit/", views.aspiration_edit, name="aspiration_edit"),
    path(
        "aspirations/<id:aspiration_id>/delete/",
        views.aspiration_delete,
        name="aspiration_delete",
    ),
    path("aspirations/<id:aspiration_id>/share/", views.aspiration_share, name="aspiration_share"),
    path(
        "aspirations/<id:aspiration_id>/reached/",
        views.aspiration_reached,
        name="aspiration_reached",
    ),
    path("aspirations/<id:aspiration_id>/notes/", views.note_add, name="aspiration_note"),
    path("aspirations/<id:aspiration_id>/support/", views.support_add, name="aspiration_support"),
    path("handovers/", views.handover_add, name="handover_add"),
    path("handovers/<id:handover_id>/end/", views.handover_end, name="handover_end"),
    path("handovers/<id:handover_id>/solve/", views.handover_solve, name="handover_solve"),
    path("handovers/<id:handover_id>/redeal/", views.handover_redeal, name="handover_redeal"),
    path("life-changes/", views.life_events, name="life_events"),
    path("life-changes/<id:event_id>/", views.life_event, name="life_event"),
    path("life-changes/<id:event_id>/end/", views.life_event_end, name="life_event_end"),
    path("life-changes/<id:event_id>/solve/", views.life_event_solve, name="life_event_solve"),
    path("life-changes/<id:event_id>/redeal/", views.life_event_redeal, name="life_event_redeal"),
]
