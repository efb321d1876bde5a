from django.urls import path

from registry import views

app_name = "registry"

urlpatterns = [
    path("settings/", views.organisation_settings, name="organisation_settings"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
]
