from django.urls import path

from roadmap.views import calendars

app_name = "calendar"

urlpatterns = [
    path("", calendars.calendar_settings, name="settings"),
    path("<str:token>.ics", calendars.calendar_feed, name="feed"),
]
