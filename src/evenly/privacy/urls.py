from django.urls import path

from evenly.privacy import views

urlpatterns = [
    path("account/data/", views.data_page, name="account_data"),
    path("account/data/download/", views.data_download, name="account_data_download"),
]
