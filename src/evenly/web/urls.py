from django.contrib import admin
from django.urls import include, path, register_converter

from evenly.web import live, views
from evenly.web.converters import IdConverter

register_converter(IdConverter, "id")

urlpatterns = [
    path("", views.home, name="home"),
    path("demo/", views.demo_sign_in, name="demo_sign_in"),
    path("theme/", views.theme, name="theme"),
    path("language/", views.language, name="language"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("", include("evenly.accounts.urls")),
    path("", include("evenly.privacy.urls")),
    path("", include("evenly.transfer.urls")),
    path("", include("evenly.households.urls")),
    path("h/<id:household_id>/pulse/", live.pulse, name="pulse"),
    path("", include("evenly.reminders.urls")),
    path("h/<id:household_id>/", include("evenly.cards.urls")),
    path("h/<id:household_id>/", include("evenly.deals.urls")),
    path("h/<id:household_id>/", include("evenly.week.urls")),
    path("h/<id:household_id>/", include("evenly.insight.urls")),
    path("h/<id:household_id>/", include("evenly.perception.urls")),
    path("h/<id:household_id>/", include("evenly.felt.urls")),
    path("h/<id:household_id>/", include("evenly.checkins.urls")),
    path("h/<id:household_id>/", include("evenly.growth.urls")),
    path("h/<id:household_id>/", include("evenly.values.urls")),
    path("", include("evenly.calendars.urls")),
    path("admin/", admin.site.urls),
    # The JSON API (evenly.api): its own 401/404/405 as problem+json, no sign-in redirect.
    path("api/v1/", include("evenly.api.urls")),
]
