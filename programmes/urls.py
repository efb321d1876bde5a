from django.urls import path

from programmes.views import groups, matching, monitoring, practices, programmes

app_name = "programmes"

urlpatterns = [
    # Forms of mentoring, groups, waiting mentees
    # Matching
    # Programmes, plans, meetings, amendments, completion, documents
    # Monitoring
    # Methodical bank
]
