"""The site administrator's admin for roadmaps, orders, local acts and the public section: each
changelist can be filtered to one organisation and fetches its rows in a fixed number of
queries. Signed orders are frozen in the product; here they stay editable only for the site
administrator who repairs data, and the history keeps what changed."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registry.admin import OrganisationFilter, organisation_column
from roadmap.models import (
    Activity,
    AnnualReport,
    CalendarFeed,
    News,
    NormativeDocument,
    Order,
    OrderJournal,
    OrderPerson,
    PublicSection,
    Regulation,
    RegulationVersion,
    ReminderPreference,
    Roadmap,
    Stage,
    Target,
)


class TargetInline(admin.TabularInline):
    model = Target
    fields = ["position", "text", "value", "unit", "due_on", "metric", "actual"]
    extra = 0


class StageInline(admin.TabularInline):
    model = Stage
    fields = ["number", "title", "standard"]
    extra = 0
    show_change_link = True


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "model", "starts_on", "ends_on", "approved_on"]
    list_filter = [("organisation", OrganisationFilter), "model"]
    search_fields = ["title", "goal"]
    list_select_related = ["organisation"]
    raw_id_fields = ["approved_order", "created_by"]
    inlines = [TargetInline, StageInline]


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["number", "text", "deadline_kind", "deadline", "status", "done_on"]
    extra = 0


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "roadmap", "standard"]
    list_filter = [("roadmap__organisation", OrganisationFilter), "standard"]
    search_fields = ["title", "roadmap__title"]
    list_select_related = ["roadmap"]
    raw_id_fields = ["roadmap"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["text", "stage", "deadline_kind", "due_on", "status", "done_on"]
    list_filter = [("stage__roadmap__organisation", OrganisationFilter), "status", "deadline_kind"]
    search_fields = ["text", "responsible_roles"]
    list_select_related = ["stage"]
    raw_id_fields = ["stage"]
    autocomplete_fields = ["responsible_people"]


class OrderPersonInline(admin.TabularInline):
    model = OrderPerson
    fields = ["person", "role", "position"]
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Order)
class OrderAdmin(SimpleHistoryAdmin):
    list_display = [
        "heading",
        "organisation",
        "kind",
        "status",
        "number_text",
        "signed_on",
        "created_at",
    ]
    list_filter = [("organisation", OrganisationFilter), "status", "kind", "journal_year"]
    search_fields = ["heading", "number_text"]
    list_select_related = ["organisation"]
    raw_id_fields = [
        "roadmap",
        "regulation_version",
        "amends",
        "signed_by",
        "sent_by",
        "created_by",
    ]
    autocomplete_fields = ["groups"]
    readonly_fields = ["snapshot"]
    inlines = [OrderPersonInline]


@admin.register(OrderJournal)
class OrderJournalAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "last_number"]
    list_filter = [("organisation", OrganisationFilter), "year"]
    list_select_related = ["organisation"]


class RegulationVersionInline(admin.StackedInline):
    model = RegulationVersion
    fields = ["number", "effective_from", "note", "approved_number", "approved_on"]
    extra = 0
    show_change_link = True


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "is_published"]
    list_filter = [("organisation", OrganisationFilter), "kind", "is_published"]
    search_fields = ["title"]
    list_select_related = ["organisation"]
    inlines = [RegulationVersionInline]


@admin.register(RegulationVersion)
class RegulationVersionAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        organisation_column("regulation__organisation"),
        "effective_from",
        "approved_on",
    ]
    list_filter = [("regulation__organisation", OrganisationFilter)]
    search_fields = ["regulation__title", "text"]
    list_select_related = ["regulation__organisation"]
    raw_id_fields = ["regulation", "approved_order", "created_by"]


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "level", "issuer", "issued_on", "is_published"]
    list_filter = [("organisation", OrganisationFilter), "level", "is_published"]
    search_fields = ["title", "issuer", "number"]
    list_select_related = ["organisation"]


@admin.register(PublicSection)
class PublicSectionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "is_enabled", "contact_email", "updated_at"]
    list_filter = ["is_enabled"]
    search_fields = ["organisation__short_name", "organisation__slug"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "contact_person"]


@admin.register(News)
class NewsAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "is_published", "published_at"]
    list_filter = [("organisation", OrganisationFilter), "kind", "is_published"]
    search_fields = ["title", "lead"]
    list_select_related = ["organisation"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "published_at"


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "updated_at"]
    list_filter = [("organisation", OrganisationFilter), "year"]
    list_select_related = ["organisation"]
    raw_id_fields = ["updated_by"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Calendar links are made by their owners (the token is shown once); here they can only be
    looked at and revoked."""

    list_display = ["user", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["user__username", "user__last_name"]
    list_select_related = ["user"]
    fields = ["user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "enabled", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["user__username", "user__last_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
