from django.urls import path

from evenly.perception import views

urlpatterns = [
    path("perception/", views.perception, name="perception"),
    path("perception/start/", views.start, name="perception_start"),
    path("perception/<id:round_id>/answer/", views.answer, name="perception_answer"),
    path("perception/<id:round_id>/close/", views.close, name="perception_close"),
]
