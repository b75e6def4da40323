from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from gongkai.appeals.models import Appeal


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin[Appeal]):
    list_display = ("kind", "agency", "case_number", "filed_on", "result", "concluded_on")
    list_filter = ("kind", "result")
    search_fields = ("case_number", "agency__name")
    list_select_related = ("agency",)
    raw_id_fields = ("application",)
    readonly_fields = ("agency", "application", "kind", "filed_on", "result", "concluded_on")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # recorded by the agency on the case page (audited service)
