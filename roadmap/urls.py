from django.urls import path

from roadmap.views import dashboard, orders, publishing, regulations, reports, roadmaps

app_name = "roadmap"

urlpatterns = [
    # What needs attention now, and the year's figures.
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    # The annual analytical report; an authority's figures for its schools.
    path("reports/", reports.report_list, name="report_list"),
    path("reports/<int:year>/", reports.annual_report, name="annual_report"),
    path("reports/<int:year>/edit/", reports.annual_report_edit, name="annual_report_edit"),
    path("reports/<int:year>/pdf/", reports.annual_report_pdf, name="annual_report_pdf"),
    path("reports/<int:year>/xlsx/", reports.annual_report_xlsx, name="annual_report_xlsx"),
    path("reports/<int:year>/statistics/", reports.statistics, name="statistics"),
    path("schools/", reports.authority_overview, name="authority_overview"),
    path("schools/xlsx/", reports.authority_export, name="authority_export"),
    # The roadmap: stages, activities, targets, progress.
    path("roadmaps/", roadmaps.roadmap_list, name="roadmap_list"),
    path("roadmaps/new/", roadmaps.roadmap_create, name="roadmap_create"),
    path("roadmaps/<int:pk>/", roadmaps.roadmap_detail, name="roadmap_detail"),
    path("roadmaps/<int:pk>/edit/", roadmaps.roadmap_edit, name="roadmap_edit"),
    path("roadmaps/<int:pk>/timeline/", roadmaps.roadmap_timeline, name="roadmap_timeline"),
    path("roadmaps/<int:pk>/pdf/", roadmaps.roadmap_pdf, name="roadmap_pdf"),
    path("roadmaps/<int:pk>/stages/new/", roadmaps.stage_create, name="stage_create"),
    path("stages/<int:pk>/edit/", roadmaps.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/activities/new/", roadmaps.activity_create, name="activity_create"),
    path("activities/<int:pk>/edit/", roadmaps.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/status/", roadmaps.activity_status, name="activity_status"),
    path("activities/<int:pk>/evidence/", roadmaps.activity_evidence, name="activity_evidence"),
    # Orders: drafts, signature, the journal.
    path("orders/", orders.order_list, name="order_list"),
    path("orders/export/", orders.order_export, name="order_export"),
    path("orders/journal/", orders.journal_settings, name="journal_settings"),
    path("orders/new/", orders.order_create, name="order_create"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("orders/<int:pk>/edit/", orders.order_edit, name="order_edit"),
    path("orders/<int:pk>/redraft/", orders.order_redraft, name="order_redraft"),
    path("orders/<int:pk>/delete/", orders.order_delete, name="order_delete"),
    path("orders/<int:pk>/send/", orders.order_send, name="order_send"),
    path("orders/<int:pk>/sign/", orders.order_sign, name="order_sign"),
    path("orders/<int:pk>/return/", orders.order_return, name="order_return"),
    path("orders/<int:pk>/pdf/", orders.order_pdf, name="order_pdf"),
    # Local acts and normative documents.
    path("regulations/", regulations.regulation_list, name="regulation_list"),
    path("regulations/new/", regulations.regulation_create, name="regulation_create"),
    path("regulations/<int:pk>/", regulations.regulation_detail, name="regulation_detail"),
    path("regulations/<int:pk>/edit/", regulations.regulation_edit, name="regulation_edit"),
    path(
        "regulations/<int:pk>/versions/new/",
        regulations.version_create,
        name="version_create",
    ),
    path("versions/<int:pk>/edit/", regulations.version_edit, name="version_edit"),
    path("versions/<int:pk>/pdf/", regulations.version_pdf, name="version_pdf"),
    path("documents/", regulations.document_list, name="document_list"),
    path("documents/new/", regulations.document_create, name="document_create"),
    path("documents/<int:pk>/edit/", regulations.document_edit, name="document_edit"),
    path("documents/<int:pk>/file/", regulations.document_file, name="document_file"),
    # The public section: its settings, news and announcements, published results.
    path("public/", publishing.public_settings, name="public_settings"),
    path("news/", publishing.news_list, name="news_list"),
    path("news/new/", publishing.news_create, name="news_create"),
    path("news/<int:pk>/edit/", publishing.news_edit, name="news_edit"),
    path("news/<int:pk>/delete/", publishing.news_delete, name="news_delete"),
    path("results/", publishing.results_list, name="results_list"),
    path("results/<int:pk>/", publishing.results_publish, name="results_publish"),
]
