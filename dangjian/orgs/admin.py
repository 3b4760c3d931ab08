from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from dangjian.lib.admin import ReadOnlyAdmin, ReadOnlyInline
from dangjian.orgs.models import (
    AuditEntry,
    ImportJob,
    Membership,
    Organization,
    Person,
    RoleAssignment,
    User,
)


class RoleAssignmentInline(ReadOnlyInline):
    model = RoleAssignment
    raw_id_fields = ["org"]


@admin.register(User)
class DangjianUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "category", "org_type", "depth", "is_active"]
    list_filter = ["category", "org_type", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "secretary"]
    readonly_fields = ["path", "depth"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "gender", "party_status", "primary_org", "is_active"]
    list_filter = ["party_status", "is_active"]
    search_fields = ["name", "phone"]
    raw_id_fields = ["primary_org", "user"]
    list_select_related = ["primary_org"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["person", "org", "started_on", "ended_on"]
    raw_id_fields = ["person", "org"]
    list_select_related = ["person", "org"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "created_by", "status", "created_count"]
    exclude = ["content"]
