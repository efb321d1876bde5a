from django.urls import path

from registry.views import banks, consents, exchange, people, selfservice

app_name = "registry"

urlpatterns = [
    path("settings/", people.organisation_settings, name="organisation_settings"),
    # People
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    # Banks, topics, training
    # Consents
    # Import and export
    # Self-service and the curator's inbox
]
