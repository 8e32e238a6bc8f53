from django.urls import path

from evenly.transfer import views

urlpatterns = [
    path("households/from-file/", views.from_file, name="household_from_file"),
    path("h/<id:household_id>/household/export/", views.export_page, name="household_export"),
    path(
        "h/<id:household_id>/household/export/download/",
        views.export_download,
        name="household_export_download",
    ),
]
