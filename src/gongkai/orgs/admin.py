"""Admin for divisions, agencies and staff roles; every save goes through the services (and is audited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from gongkai.core.audit import audit_record
from gongkai.core.codes import validate_uscc
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput
from gongkai.orgs import services
from gongkai.orgs.models import Agency, Division, StaffRole


@admin.register(Division)
class DivisionAdmin(TreeAdmin):  # type: ignore[misc]
    form = movenodeform_factory(Division)
    list_display = ("name", "code", "level", "kind")
    search_fields = ("name", "code")
    list_filter = ("level", "kind")

    def save_model(self, request: HttpRequest, obj: Division, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "orgs.division.updated" if change else "orgs.division.created"
        audit_record(Actor.from_request(request), action, obj, data={"fields": sorted(form.changed_data)})

    def delete_model(self, request: HttpRequest, obj: Division) -> None:
        audit_record(Actor.from_request(request), "orgs.division.deleted", obj, data={"code": obj.code})
        super().delete_model(request, obj)


class AgencyForm(ModelForm[Agency]):
    website = forms.URLField(label=_("互联网联系方式"), required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = ("division", "uscc", *services.AGENCY_EDITABLE_FIELDS)

    def clean_uscc(self) -> str:
        try:
            return validate_uscc(self.cleaned_data.get("uscc", ""))
        except InvalidInput as e:
            raise ValidationError(e.message) from e


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    form = AgencyForm
    list_display = ("name", "kind", "division", "uscc", "phone", "is_active")
    list_filter = ("kind", "division__level", "is_active", "vertical")
    search_fields = ("name", "short_name", "uscc", "division__name")
    autocomplete_fields = ("division", "parent")
    list_select_related = ("division",)

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        actor = Actor.from_request(request)
        data = {k: form.cleaned_data[k] for k in form.changed_data if k in services.AGENCY_EDITABLE_FIELDS}
        if change:
            if "uscc" in form.changed_data:
                data["uscc"] = form.cleaned_data["uscc"]
            if "division" in form.changed_data:
                Agency.objects.filter(pk=obj.pk).update(division=form.cleaned_data["division"])
                audit_record(actor, "orgs.agency.moved", obj, data={"division": obj.division.code})
            fresh = Agency.objects.get(pk=obj.pk)
            services.agency_update(actor=actor, agency=fresh, **data)
        else:
            data.pop("name", None)
            data.pop("kind", None)
            created = services.agency_create(
                actor=actor, division=obj.division, name=obj.name, kind=obj.kind, uscc=obj.uscc, **data
            )
            obj.pk = created.pk


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin[StaffRole]):
    list_display = ("user", "role", "agency", "division")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name", "agency__name", "division__name")
    autocomplete_fields = ("user", "agency", "division")
    list_select_related = ("user", "agency", "division")

    def has_change_permission(self, request: HttpRequest, obj: StaffRole | None = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: StaffRole, form: Any, change: bool) -> None:
        grant = services.staff_role_grant(
            actor=Actor.from_request(request),
            user=obj.user,
            role=obj.role,
            agency=obj.agency,
            division=obj.division,
        )
        obj.pk = grant.pk

    def delete_model(self, request: HttpRequest, obj: StaffRole) -> None:
        services.staff_role_revoke(actor=Actor.from_request(request), grant=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[StaffRole]) -> None:
        for grant in list(queryset):
            self.delete_model(request, grant)
