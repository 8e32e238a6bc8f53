from django.urls import path

from evenly.deals import views

urlpatterns = [
    path("deal/", views.deal, name="deal"),
    path("deals/", views.deal_history, name="deal_history"),
    path("deals/propose/", views.deal_propose, name="deal_propose"),
    path("deals/compare/", views.deal_compare, name="deal_compare"),
    path("deals/<id:version>/", views.deal_version, name="deal_version"),
    path("deals/<id:version>/accept/", views.deal_accept, name="deal_accept"),
    path("deals/solves/<id:solve_id>/", views.deal_solve, name="deal_solve"),
]
