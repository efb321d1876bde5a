from django.urls import path

from roadmap.views import orders, regulations, roadmaps

app_name = "roadmap"

urlpatterns = [
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
]
