"""The site administrator's admin for the registry. Every changelist can be filtered to one
organisation, selects its related rows in the same query and searches people by their folded
search text (SQLite folds only ASCII case, so the search term is folded the same way)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registry.models import (
    Consent,
    Membership,
    MenteeEntry,
    MentorEntry,
    MentorQuestionnaire,
    MethodicalAssociation,
    Organisation,
    Person,
    PersonalLink,
    ProfessionalRequest,
    Topic,
    TrainingSession,
    fold,
)


class OrganisationFilter(admin.RelatedFieldListFilter):
    """The organisation filter under its Russian title, whatever the field's verbose name."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("организация")


def organisation_column(path: str):
    """A changelist column «организация» for rows that reach their organisation through
    ``path`` (``"person__organisation"``); Django would title a related lookup in English."""
    attributes = path.split("__")

    @admin.display(description=_("организация"), ordering=path)
    def organisation(row):
        for attribute in attributes:
            row = getattr(row, attribute)
        return row

    return organisation


class FoldedSearch:
    """For admins whose search fields are all folded text (Person.search_text)."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "kind", "parent", "slug"]
    list_filter = ["kind", ("parent", OrganisationFilter)]
    search_fields = ["name", "short_name", "slug"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["short_name"]}
    raw_id_fields = ["director"]


@admin.register(MethodicalAssociation)
class MethodicalAssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = [("organisation", OrganisationFilter)]
    search_fields = ["name"]
    list_select_related = ["organisation"]


@admin.register(Person)
class PersonAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = ["full_name", "organisation", "kind", "position", "user"]
    list_filter = [("organisation", OrganisationFilter), "kind", "gender"]
    search_fields = ["search_text"]
    list_select_related = ["organisation", "user"]
    raw_id_fields = ["user", "methodical_association"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", ("organisation", OrganisationFilter)]
    search_fields = ["user__username", "user__last_name", "organisation__short_name"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "organisation", "is_active"]
    list_filter = [("organisation", OrganisationFilter), "area", "is_active"]
    search_fields = ["name"]
    list_select_related = ["organisation"]


@admin.register(MenteeEntry)
class MenteeEntryAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = [
        "person",
        organisation_column("person__organisation"),
        "category",
        "status",
        "entered_on",
    ]
    list_filter = [("person__organisation", OrganisationFilter), "status", "category"]
    search_fields = ["person__search_text"]
    list_select_related = ["person", "person__organisation"]
    autocomplete_fields = ["person"]


@admin.register(MentorEntry)
class MentorEntryAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = [
        "person",
        organisation_column("person__organisation"),
        "status",
        "capacity",
        "interview_outcome",
        "entered_on",
    ]
    list_filter = [
        ("person__organisation", OrganisationFilter),
        "status",
        "interview_outcome",
    ]
    search_fields = ["person__search_text"]
    list_select_related = ["person", "person__organisation"]
    autocomplete_fields = ["person", "competencies"]


@admin.register(ProfessionalRequest)
class ProfessionalRequestAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = [
        "person",
        organisation_column("person__organisation"),
        "stated_on",
        "source",
        "status",
    ]
    list_filter = [("person__organisation", OrganisationFilter), "status", "source"]
    search_fields = ["person__search_text"]
    list_select_related = ["person", "person__organisation"]
    autocomplete_fields = ["person", "topics"]
    raw_id_fields = ["decided_by"]


@admin.register(MentorQuestionnaire)
class MentorQuestionnaireAdmin(FoldedSearch, admin.ModelAdmin):
    list_display = [
        "person",
        organisation_column("person__organisation"),
        "submitted_at",
        "capacity",
        "status",
    ]
    list_filter = [("person__organisation", OrganisationFilter), "status"]
    search_fields = ["person__search_text"]
    list_select_related = ["person", "person__organisation"]
    autocomplete_fields = ["person", "competencies"]
    raw_id_fields = ["decided_by"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["date", "topic", "hours", "organisation"]
    list_filter = [("organisation", OrganisationFilter)]
    search_fields = ["topic"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["attendees"]
    date_hierarchy = "date"


@admin.register(Consent)
class ConsentAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = [
        "person",
        organisation_column("person__organisation"),
        "kind",
        "given_on",
        "valid_until",
        "revoked_on",
        "current_state",
    ]
    list_filter = [("person__organisation", OrganisationFilter), "kind"]
    search_fields = ["person__search_text"]
    list_select_related = ["person", "person__organisation"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["recorded_by"]

    @admin.display(description=_("состояние"))
    def current_state(self, consent):
        return Consent.State(consent.state()).label


@admin.register(PersonalLink)
class PersonalLinkAdmin(FoldedSearch, admin.ModelAdmin):
    """Links are issued from the person's page (the token is shown once); here they can only be
    looked at and revoked."""

    list_display = [
        "person",
        organisation_column("person__organisation"),
        "purpose",
        "created_at",
        "expires_at",
    ]
    list_filter = [("person__organisation", OrganisationFilter), "purpose"]
    search_fields = ["person__search_text"]
    list_select_related = ["person", "person__organisation"]
    fields = ["person", "purpose", "created_at", "expires_at", "used_at", "revoked_at"]
    readonly_fields = ["person", "purpose", "created_at", "expires_at", "used_at"]

    def has_add_permission(self, request):
        return False
