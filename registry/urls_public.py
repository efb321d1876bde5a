"""Pages reached without a login through a personal link."""

from django.urls import path

from registry.views import selfservice

app_name = "selfservice"

urlpatterns = [
    path("<str:token>/", selfservice.personal_link, name="personal_link"),
]
