"""The site administrator's admin for pairs and groups, programmes and the methodical bank:
each changelist can be filtered to one organisation and fetches its rows in a fixed number of
queries, whatever the page size."""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from programmes.models import (
    Amendment,
    Comment,
    Group,
    Meeting,
    MentoringForm,
    PlanItem,
    Practice,
    Programme,
    ProgrammeTemplate,
    SurveyResponse,
    TemplateItem,
)
from registry.admin import FoldedSearch, OrganisationFilter, organisation_column
from registry.models import MenteeEntry


@admin.register(MentoringForm)
class MentoringFormAdmin(admin.ModelAdmin):
    list_display = ["name", "roles", "audience", "organisation", "is_group", "is_active"]
    list_filter = [("organisation", OrganisationFilter), "audience", "is_group", "is_active"]
    search_fields = ["name", "roles"]
    list_select_related = ["organisation"]


@admin.register(Group)
class GroupAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "form", "status", "starts_on", "ends_on"]
    list_filter = [("organisation", OrganisationFilter), "status", "form__audience"]
    search_fields = ["mentor__person__search_text", "mentees__person__search_text"]
    list_select_related = ["organisation", "form", "mentor__person"]
    autocomplete_fields = ["mentor", "co_mentor", "mentees"]
    raw_id_fields = ["created_by"]

    def get_queryset(self, request):
        # A group's name lists its mentees.
        mentees = MenteeEntry.objects.select_related("person")
        return super().get_queryset(request).prefetch_related(Prefetch("mentees", mentees))


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    fields = ["order", "activity", "deadline", "status", "done_on"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        organisation_column("group__organisation"),
        "status",
        "starts_on",
        "ends_on",
        "completion_reason",
        "is_best_practice",
    ]
    list_filter = [
        ("group__organisation", OrganisationFilter),
        "status",
        "completion_reason",
        "is_best_practice",
        "results_published",
    ]
    search_fields = ["title", "goal"]
    list_select_related = ["group__organisation"]
    # The difficulties are the requests of the programme's own mentees: ids, as a select of
    # every request on the site would be neither useful nor small.
    raw_id_fields = ["group", "difficulties", "created_by"]
    autocomplete_fields = ["forms"]
    inlines = [PlanItemInline]


@admin.register(PlanItem)
class PlanItemAdmin(SimpleHistoryAdmin):
    list_display = ["activity_start", "programme", "deadline", "status", "done_on"]
    list_filter = [("programme__group__organisation", OrganisationFilter), "status"]
    search_fields = ["activity", "direction", "programme__title"]
    list_select_related = ["programme"]
    raw_id_fields = ["programme"]

    @admin.display(description=_("мероприятие"), ordering="activity")
    def activity_start(self, item):
        return str(item)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "topic", "minutes", "programme"]
    list_filter = [("programme__group__organisation", OrganisationFilter)]
    search_fields = ["topic", "programme__title"]
    list_select_related = ["programme"]
    raw_id_fields = ["programme", "created_by"]
    date_hierarchy = "date"


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "programme", "new_ends_on"]
    list_filter = [("programme__group__organisation", OrganisationFilter), "kind"]
    search_fields = ["reason", "programme__title"]
    list_select_related = ["programme"]
    raw_id_fields = ["programme", "created_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "author", "created_at"]
    list_filter = [("programme__group__organisation", OrganisationFilter)]
    search_fields = ["text", "programme__title"]
    list_select_related = ["programme", "author"]
    raw_id_fields = ["programme", "author"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "respondent", "programme", "submitted_at"]
    list_filter = [("programme__group__organisation", OrganisationFilter), "survey"]
    search_fields = ["programme__title", "respondent__search_text"]
    list_select_related = ["programme", "respondent"]
    raw_id_fields = ["programme", "respondent"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organisation", "programme", "is_published", "published_on"]
    list_filter = [("organisation", OrganisationFilter), "kind", "is_published"]
    search_fields = ["title", "summary"]
    list_select_related = ["organisation", "programme"]
    raw_id_fields = ["programme", "created_by"]
    autocomplete_fields = ["authors"]


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    fields = ["order", "direction", "activity", "form", "week", "expected_result", "report_form"]
    extra = 0


@admin.register(ProgrammeTemplate)
class ProgrammeTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "audience", "months", "organisation"]
    list_filter = [("organisation", OrganisationFilter), "audience"]
    search_fields = ["title", "description"]
    list_select_related = ["organisation"]
    inlines = [TemplateItemInline]
