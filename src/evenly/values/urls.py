from django.urls import path

from evenly.values import views

urlpatterns = [
    path("values/", views.values, name="values"),
    path("values/share/", views.values_share, name="values_share"),
    path("mission/", views.mission, name="mission"),
    path("mission/<id:version_id>/", views.mission_version, name="mission_version"),
    path("mission/<id:version_id>/agree/", views.mission_agree, name="mission_agree"),
    path("goals/", views.goals, name="goals"),
    path("goals/<id:goal_id>/", views.goal, name="goal"),
    path("goals/<id:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<id:goal_id>/reached/", views.goal_reached, name="goal_reached"),
    path("goals/<id:goal_id>/archive/", views.goal_archive, name="goal_archive"),
    path("goals/<id:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<id:goal_id>/milestones/", views.goal_milestone_add, name="goal_milestone_add"),
    path(
        "goals/milestones/<id:milestone_id>/edit/",
        views.goal_milestone_edit,
        name="goal_milestone_edit",
    ),
    path(
        "goals/milestones/<id:milestone_id>/done/",
        views.goal_milestone_done,
        name="goal_milestone_done",
    ),
    path(
        "goals/milestones/<id:milestone_id>/delete/",
        views.goal_milestone_delete,
        name="goal_milestone_delete",
    ),
    path("pressures/", views.pressures, name="pressures"),
    path("pressures/<id:pressure_id>/", views.pressure, name="pressure"),
    path("pressures/<id:pressure_id>/edit/", views.pressure_edit, name="pressure_edit"),
    path("pressures/<id:pressure_id>/delete/", views.pressure_delete, name="pressure_delete"),
    path("pressures/<id:pressure_id>/share/", views.pressure_share, name="pressure_share"),
    path("pressures/<id:pressure_id>/stance/", views.pressure_stance, name="pressure_stance"),
    path("pressures/<id:pressure_id>/reply/", views.pressure_reply, name="pressure_reply"),
    path("pressures/<id:pressure_id>/agree/", views.pressure_agree, name="pressure_agree"),
    path("pressures/<id:pressure_id>/checkin/", views.pressure_checkin, name="pressure_checkin"),
    path("pressures/<id:pressure_id>/resolve/", views.pressure_resolve, name="pressure_resolve"),
]
