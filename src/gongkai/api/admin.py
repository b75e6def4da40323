from django.contrib import admin

from gongkai.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("prefix", "name", "user", "agency", "created_at", "last_used_at", "revoked_at")
    search_fields = ("prefix", "name", "user__username", "agency__name")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
    raw_id_fields = ("user", "agency")

    def has_add_permission(self, request: object) -> bool:
        return False  # issued with `gongkai api-token issue` so that the key is shown once
