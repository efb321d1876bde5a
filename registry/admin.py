from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registry.models import Membership, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "kind", "parent", "slug"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    raw_id_fields = ["director"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "organisation", "kind", "position", "user"]
    list_filter = ["organisation", "kind", "gender"]
    search_fields = ["last_name", "first_name", "middle_name", "email"]
    list_select_related = ["organisation", "user"]
    raw_id_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__last_name", "organisation__short_name"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user"]
