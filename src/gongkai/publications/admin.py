"""Administrators edit the reference data of 主动公开 (主题分类, the 26 domains and their standard
catalogues, the publication deadlines per category of 第二十六条), agencies' 指南 texts and the
权责事项 behind 表二, each change through the audited reference-data
service. Records themselves change only through the workflow (services), so they are read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from gongkai.core import hooks
from gongkai.core.adminkit import ReadOnlyAdmin, ReferenceDataAdmin
from gongkai.publications import timeliness
from gongkai.publications.models import (
    CatalogueEntry,
    DeadlineRule,
    GrassrootsDomain,
    Guide,
    PowerItem,
    Publication,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(ReferenceDataAdmin):
    list_display = ("__str__", "sort_order")
    list_filter = ("parent",)
    search_fields = ("name",)


class CatalogueEntryInline(admin.TabularInline[CatalogueEntry, GrassrootsDomain]):
    model = CatalogueEntry
    extra = 0
    fields = ("level1", "level2", "content", "basis", "time_limit", "audience", "mode", "sort_order")


@admin.register(GrassrootsDomain)
class GrassrootsDomainAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "sort_order")
    inlines = (CatalogueEntryInline,)

    # The entries show on agencies' 标准目录 pages (saved by the page cache): refresh them with the change.
    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        domain = form.instance
        with transaction.atomic():
            before = _catalogue_agencies(domain)
            super().save_related(request, form, formsets, change)
            hooks.notify_content_changed("standard_catalogue", *(before | _catalogue_agencies(domain)))


def _catalogue_agencies(domain: GrassrootsDomain) -> set[int]:
    """The agencies whose catalogue pages show the domain's entries (0: the province-wide standard)."""
    return {a or 0 for a in CatalogueEntry.objects.filter(domain=domain).values_list("agency_id", flat=True)}


@admin.register(Guide)
class GuideAdmin(ReferenceDataAdmin):
    list_display = ("agency", "updated_at")
    raw_id_fields = ("agency",)
    search_fields = ("agency__name",)

    # The guide's text is searched with its agency (search/documents.py): re-index it with the change.
    def save_model(self, request: HttpRequest, obj: Guide, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            hooks.notify_content_changed("agency", obj.agency_id)

    def delete_model(self, request: HttpRequest, obj: Guide) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            hooks.notify_content_changed("agency", obj.agency_id)


@admin.register(PowerItem)
class PowerItemAdmin(ReferenceDataAdmin):
    list_display = ("name", "kind", "agency", "established_on", "abolished_on")
    list_filter = ("kind",)
    raw_id_fields = ("agency",)
    search_fields = ("name", "agency__name")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ReferenceDataAdmin):
    """第二十六条 “法律、法规对政府信息公开的期限另有规定的，从其规定”: one deadline per category."""

    list_display = ("category", "length", "unit", "start_event", "updated_at")
    fields = ("category", "unit", "length", "start_event", "basis")

    def has_delete_permission(self, request: HttpRequest, obj: DeadlineRule | None = None) -> bool:
        # The default row is 第二十六条 itself: it can be edited, not removed.
        if obj is not None and obj.category == timeliness.DEFAULT_CATEGORY:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("title", "agency", "index_no", "status", "validity", "published_at")
    list_filter = ("status", "kind", "validity")
    search_fields = ("title", "index_no", "doc_number")
    raw_id_fields = (
        "agency",
        "co_agencies",
        "topic",
        "replaced_by",
        "supersedes",
        "author",
        "reviewer",
        "approver",
    )
