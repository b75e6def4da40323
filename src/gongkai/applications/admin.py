"""Admin: letter templates are edited here; applications are read (changes go through the case page)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from gongkai.applications.models import Application, LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    list_display = ("kind", "title", "updated_at")
    readonly_fields = ("kind",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # one template per kind, seeded by migration

    def has_delete_permission(self, request: HttpRequest, obj: LetterTemplate | None = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    """Read-only, without personal data (it lives in Applicant, reachable from the case page only)."""

    list_display = (
        "receipt_number",
        "agency",
        "applicant_category",
        "status",
        "received_on",
        "due_date",
        "decided_on",
    )
    list_filter = ("status", "applicant_category", "channel")
    search_fields = ("receipt_number",)
    list_select_related = ("agency",)
    exclude = ("applicant", "query_code_hash", "idempotency_key")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Application | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Application | None = None) -> bool:
        return False
