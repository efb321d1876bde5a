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
    path("people/<int:pk>/names/", people.person_names, name="person_names"),
    # Banks, topics, training
    path("people/<int:pk>/requests/new/", banks.request_create, name="request_create"),
    path("mentees/", banks.mentee_list, name="mentee_list"),
    path("mentees/new/", banks.mentee_create, name="mentee_create"),
    path("mentees/<int:pk>/", banks.mentee_detail, name="mentee_detail"),
    path("mentees/<int:pk>/edit/", banks.mentee_edit, name="mentee_edit"),
    path("mentors/", banks.mentor_list, name="mentor_list"),
    path("mentors/new/", banks.mentor_create, name="mentor_create"),
    path("mentors/<int:pk>/", banks.mentor_detail, name="mentor_detail"),
    path("mentors/<int:pk>/edit/", banks.mentor_edit, name="mentor_edit"),
    path("topics/", banks.topic_list, name="topic_list"),
    path("topics/new/", banks.topic_create, name="topic_create"),
    path("topics/<int:pk>/edit/", banks.topic_edit, name="topic_edit"),
    path("trainings/", banks.training_list, name="training_list"),
    path("trainings/new/", banks.training_create, name="training_create"),
    path("trainings/<int:pk>/edit/", banks.training_edit, name="training_edit"),
    # Consents
    path("consents/", consents.consent_list, name="consent_list"),
    path("people/<int:pk>/consents/new/", consents.consent_create, name="consent_create"),
    path("consents/<int:pk>/edit/", consents.consent_edit, name="consent_edit"),
    path("consents/<int:pk>/revoke/", consents.consent_revoke, name="consent_revoke"),
    path("consents/<int:pk>/scan/", consents.consent_scan, name="consent_scan"),
    path("people/<int:pk>/consent-form/<str:kind>/", consents.consent_form, name="consent_form"),
    path("people/<int:pk>/anonymise/", consents.person_anonymise, name="person_anonymise"),
    # Import and export
    path("people/import/", exchange.people_import, name="people_import"),
    path(
        "people/import/template/",
        exchange.people_import_template,
        name="people_import_template",
    ),
    path("mentees/export/", exchange.mentee_export, name="mentee_export"),
    path("mentors/export/", exchange.mentor_export, name="mentor_export"),
    # Self-service and the curator's inbox
    path("people/<int:pk>/links/new/", selfservice.link_create, name="link_create"),
    path("links/<int:pk>/revoke/", selfservice.link_revoke, name="link_revoke"),
    path("me/requests/", selfservice.my_requests, name="my_requests"),
    path(
        "me/mentor-questionnaire/",
        selfservice.my_mentor_questionnaire,
        name="my_mentor_questionnaire",
    ),
    path("inbox/", selfservice.inbox, name="inbox"),
    path("inbox/requests/<int:pk>/", selfservice.request_decide, name="request_decide"),
    path(
        "inbox/questionnaires/<int:pk>/",
        selfservice.questionnaire_decide,
        name="questionnaire_decide",
    ),
]
