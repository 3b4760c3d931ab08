from django.contrib import admin

from dangjian.lib.admin import ReadOnlyAdmin
from dangjian.originality.models import Check, SourceDocument, Submission


@admin.register(SourceDocument)
class SourceDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "site", "chars", "imported_at"]
    search_fields = ["title", "ref"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "org", "created_at"]
    raw_id_fields = ["org", "author", "submitted_by"]


@admin.register(Check)
class CheckAdmin(ReadOnlyAdmin):
    list_display = ["submission", "status", "total_ratio", "created_at"]
    raw_id_fields = ["submission", "requested_by"]
    exclude = ["report"]
