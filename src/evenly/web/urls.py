from django.contrib import admin
from django.urls import include, path

from evenly.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("evenly.accounts.urls")),
    path("", include("evenly.privacy.urls")),
    path("", include("evenly.households.urls")),
    path("h/<int:household_id>/", include("evenly.cards.urls")),
    path("h/<int:household_id>/", include("evenly.deals.urls")),
    path("h/<int:household_id>/", include("evenly.week.urls")),
    path("h/<int:household_id>/", include("evenly.insight.urls")),
    path("h/<int:household_id>/", include("evenly.perception.urls")),
    path("h/<int:household_id>/", include("evenly.checkins.urls")),
    path("h/<int:household_id>/", include("evenly.growth.urls")),
    path("h/<int:household_id>/", include("evenly.values.urls")),
    path("admin/", admin.site.urls),
]
