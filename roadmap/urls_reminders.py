from django.urls import path

from roadmap.views import reminders

app_name = "reminders"

urlpatterns = [
    path("", reminders.reminder_settings, name="settings"),
    path("off/<str:token>/", reminders.unsubscribe, name="unsubscribe"),
]
