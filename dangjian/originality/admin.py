from django.contrib import admin

from dangjian.originality.models import Check, SourceDocument, Submission


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "site", "chars", "imported_at"]
    search_fields = ["title", "ref"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "org", "created_at"]
    raw_id_fields = ["org", "author", "submitted_by"]


@admin.register(Check)
class CheckAdmin(admin.ModelAdmin):
    list_display = ["submission", "status", "total_ratio", "created_at"]
    raw_id_fields = ["submission", "requested_by"]
    exclude = ["report"]
