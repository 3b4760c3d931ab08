"""Django admin as a read-only window for system administrators.

Every write goes through a service (permission, validation, audit, side effects on commit), and
the admin's generic forms would go around all four — a changed `parent` without its `path`, a
corpus text without its index. So org-owned models and derived data are shown, never edited,
here; the app's own pages and the API write them.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from dangjian.orgs.scoping import OrgOwned


class NoWrites:
    """Neither add, nor change, nor delete: the admin only shows."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyAdmin(NoWrites, admin.ModelAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        if issubclass(self.model, OrgOwned):
            qs = qs.unscoped("Django admin, for system administrators only")
        return qs


class ReadOnlyInline(NoWrites, admin.TabularInline):
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).unscoped("Django admin, read-only inline")
