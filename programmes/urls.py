from django.urls import path

from programmes.views import groups, matching, monitoring, practices, programmes

app_name = "programmes"

urlpatterns = [
    # Forms of mentoring, groups, waiting mentees
    path("forms/", groups.form_list, name="form_list"),
    path("forms/new/", groups.form_create, name="form_create"),
    path("forms/<int:pk>/edit/", groups.form_edit, name="form_edit"),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/new/", groups.group_create, name="group_create"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group_edit"),
    path("groups/<int:pk>/status/", groups.group_status, name="group_status"),
    path("waiting/", groups.waiting_list, name="waiting_list"),
    # Matching
    path(
        "mentees/<int:pk>/candidates/",
        matching.matching_candidates,
        name="matching_candidates",
    ),
    path("matching/", matching.matching_proposal, name="matching_proposal"),
    # Programmes, plans, meetings, amendments, completion, documents
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("templates/", programmes.template_list, name="template_list"),
    path("groups/<int:pk>/programme/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/pdf/", programmes.programme_pdf, name="programme_pdf"),
    path("programmes/<int:pk>/items/new/", programmes.item_create, name="item_create"),
    path("items/<int:pk>/", programmes.item_update, name="item_update"),
    path("items/<int:pk>/evidence/", programmes.item_evidence, name="item_evidence"),
    path("programmes/<int:pk>/meetings/new/", programmes.meeting_create, name="meeting_create"),
    path("programmes/<int:pk>/comments/new/", programmes.comment_create, name="comment_create"),
    path("programmes/<int:pk>/amend/", programmes.amendment_create, name="amendment_create"),
    path("programmes/<int:pk>/complete/", programmes.programme_complete, name="programme_complete"),
    path("programmes/<int:pk>/results/", programmes.programme_results, name="programme_results"),
    path(
        "programmes/<int:pk>/best-practice/",
        programmes.programme_best_practice,
        name="programme_best_practice",
    ),
    path(
        "programmes/<int:pk>/save-template/",
        programmes.programme_save_template,
        name="programme_save_template",
    ),
    path("mentors/<int:pk>/workload/pdf/", programmes.workload_pdf, name="workload_pdf"),
    path("mentors/<int:pk>/workload/xlsx/", programmes.workload_xlsx, name="workload_xlsx"),
    # Monitoring
    path(
        "programmes/<int:pk>/surveys/<str:survey>/",
        monitoring.survey_answer,
        name="survey_answer",
    ),
    path("monitoring/", monitoring.monitoring, name="monitoring"),
    path("monitoring/export/", monitoring.monitoring_export, name="monitoring_export"),
    # Methodical bank
    path("practices/", practices.practice_list, name="practice_list"),
    path("practices/new/", practices.practice_create, name="practice_create"),
    path("practices/<int:pk>/", practices.practice_detail, name="practice_detail"),
    path("practices/<int:pk>/edit/", practices.practice_edit, name="practice_edit"),
    path("practices/<int:pk>/file/", practices.practice_file, name="practice_file"),
]
