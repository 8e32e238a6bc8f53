from django.urls import path

from evenly.calendars import views

urlpatterns = [
    path("h/<id:household_id>/calendar/", views.calendar, name="calendar"),
    path("h/<id:household_id>/calendar/new/", views.feed_new, name="calendar_feed_new"),
    path("h/<id:household_id>/calendar/revoke/", views.feed_revoke, name="calendar_feed_revoke"),
    # No sign-in: a calendar app fetches it. The token is the key (see calendars.tokens).
    path("calendar/<str:token>.ics", views.feed, name="calendar_feed"),
]
