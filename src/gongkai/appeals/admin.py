"""行政复议/行政诉讼 cases are recorded and concluded by the agency on the case page (audited services,
one conclusion per case); the admin only shows them."""

from __future__ import annotations

from django.contrib import admin

from gongkai.appeals.models import Appeal
from gongkai.core.adminkit import ReadOnlyAdmin


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("kind", "agency", "case_number", "filed_on", "result", "concluded_on")
    list_filter = ("kind", "result")
    search_fields = ("case_number", "agency__name")
    list_select_related = ("agency",)
