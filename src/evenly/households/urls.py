from django.urls import path

from evenly.households import views

urlpatterns = [
    path("households/new/", views.household_create, name="household_create"),
    path("h/<id:household_id>/household/", views.members, name="members"),
    path("h/<id:household_id>/household/me/", views.member_update, name="member_update"),
    path(
        "h/<id:household_id>/household/settings/", views.household_update, name="household_update"
    ),
    path(
        "h/<id:household_id>/household/invite/", views.invitation_create, name="invitation_create"
    ),
    path(
        "h/<id:household_id>/household/invite/<id:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("h/<id:household_id>/household/leave/", views.leave, name="leave"),
    path("h/<id:household_id>/history/", views.history, name="household_history"),
    path("h/<id:household_id>/needs/", views.needs, name="needs"),
    path("join/<str:token>/", views.join, name="join"),
]
