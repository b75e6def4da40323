"""Admin for divisions, agencies, staff roles and user accounts; every write goes through the services (and
is audited). Django's groups and model permissions are not used: authority comes from staff roles."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin

from gongkai.core.adminkit import ServiceAdmin
from gongkai.core.codes import validate_uscc
from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError, InvalidInput
from gongkai.core.names import display_name
from gongkai.orgs import services
from gongkai.orgs.models import Agency, Division, StaffRole


class DivisionAddForm(ModelForm[Division]):
    parent_code = forms.CharField(
        label=_("上级行政区划代码"), required=False, max_length=9, help_text=_("省级行政区划留空")
    )

    class Meta:
        model = Division
        fields = ("code", "name", "name_en", "kind", "has_districts")

    def clean_parent_code(self) -> Division | None:
        code = self.cleaned_data.get("parent_code", "").strip()
        if not code:
            return None
        parent = Division.objects.filter(code=code).first()
        if parent is None:
            raise ValidationError(gettext("找不到代码为%(code)s的行政区划") % {"code": code})
        return parent


class DivisionChangeForm(ModelForm[Division]):
    class Meta:
        model = Division
        fields = services.DIVISION_EDITABLE_FIELDS


@admin.action(description=_("为没有英文名称的行政区划和机关生成英文名称"))
def fill_english_names(modeladmin: Any, request: HttpRequest, queryset: Any) -> None:
    """Generated for the whole tree whatever the selection (agency names are built from their division's)."""
    try:
        divisions, agencies = services.english_names_fill(actor=Actor.from_request(request))
    except GongkaiError as e:
        messages.error(request, e.message)
        return
    messages.success(
        request,
        gettext("已生成英文名称：行政区划%(d)s个，机关%(a)s个") % {"d": divisions, "a": agencies},
    )


@admin.register(Division)
class DivisionAdmin(ServiceAdmin, TreeAdmin):  # type: ignore[misc]
    list_display = ("name", "name_en", "code", "level", "kind")
    search_fields = ("name", "name_en", "code")
    list_filter = ("level", "kind")
    actions = (fill_english_names,)

    def get_form(
        self, request: HttpRequest, obj: Division | None = None, change: bool = False, **kw: Any
    ) -> Any:
        kw["form"] = DivisionChangeForm if obj is not None else DivisionAddForm
        return super().get_form(request, obj, change, **kw)

    def get_readonly_fields(self, request: HttpRequest, obj: Division | None = None) -> tuple[str, ...]:
        return ("code", "level") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Division, form: Any, change: bool) -> None:
        actor, data = Actor.from_request(request), form.cleaned_data
        if change:
            changes = {k: data[k] for k in form.changed_data if k in services.DIVISION_EDITABLE_FIELDS}
            services.division_update(actor=actor, division=Division.objects.get(pk=obj.pk), **changes)
            return
        parent: Division | None = data["parent_code"]
        created = services.division_create(
            actor=actor,
            parent=parent,
            code=data["code"],
            name=data["name"],
            level=parent.level + 1 if parent is not None else 1,
            kind=data["kind"],
            has_districts=data["has_districts"],
            name_en=data.get("name_en", ""),
        )
        obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Division) -> None:
        services.division_delete(actor=Actor.from_request(request), division=obj)

    def move_node(self, request: HttpRequest) -> HttpResponse:
        """Divisions are ordered by code; their place in the tree is not dragged around."""
        messages.error(request, gettext("行政区划按代码排列，不能拖动调整"))
        return HttpResponseBadRequest(gettext("行政区划按代码排列，不能拖动调整"))


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
class AgencyAdmin(ServiceAdmin):
    form = AgencyForm
    list_display = ("name", "kind", "division", "uscc", "phone", "is_active")
    list_filter = ("kind", "division__level", "is_active", "vertical")
    search_fields = ("name", "name_en", "short_name", "uscc", "division__name")
    autocomplete_fields = ("division", "parent")
    list_select_related = ("division",)
    actions = (fill_english_names,)

    def has_delete_permission(self, request: HttpRequest, obj: Agency | None = None) -> bool:
        return False  # its cases and records stay; an agency that stops working is marked inactive

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        actor = Actor.from_request(request)
        data = {k: form.cleaned_data[k] for k in form.changed_data if k in services.AGENCY_EDITABLE_FIELDS}
        if change:
            fresh = Agency.objects.get(pk=obj.pk)
            if "division" in form.changed_data:
                services.agency_move(actor=actor, agency=fresh, division=form.cleaned_data["division"])
            if "uscc" in form.changed_data:
                data["uscc"] = form.cleaned_data["uscc"]
            services.agency_update(actor=actor, agency=fresh, **data)
        else:
            data.pop("name", None)
            data.pop("kind", None)
            created = services.agency_create(
                actor=actor, division=obj.division, name=obj.name, kind=obj.kind, uscc=obj.uscc, **data
            )
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Agency) -> None:
        raise NotImplementedError("agencies are deactivated, not deleted")


@admin.register(StaffRole)
class StaffRoleAdmin(ServiceAdmin):
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


if TYPE_CHECKING:
    _PasswordBase = AdminPasswordChangeForm[Any]
else:  # not subscriptable at run time
    _PasswordBase = AdminPasswordChangeForm


class _PasswordForm(_PasswordBase):
    """Saves through the audited service, as the actor of the request (bound per request, see below)."""

    actor: Actor

    def save(self, commit: bool = True) -> Any:
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data.get("password1") if usable else None
        return services.staff_user_set_password(actor=self.actor, user=self.user, password=password)


admin.site.unregister(Group)  # roles are StaffRole grants, not Django groups
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(ServiceAdmin, UserAdmin[Any]):
    add_form = UserCreationForm
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("last_name", "first_name", "email")}),
        (_("状态"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    list_filter = ("is_active", "is_staff", "is_superuser")
    # One 姓名 column in Chinese order (邹海梓), not Django's 名字 | 姓氏 columns that read "海梓 邹".
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    search_fields = ("username", "last_name", "first_name", "email")
    filter_horizontal = ()

    @admin.display(description=_("姓名"), ordering="last_name")
    def full_name(self, obj: Any) -> str:
        return display_name(obj) if (obj.last_name or obj.first_name) else ""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("username", "is_superuser", "last_login", "date_joined") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the audit log and the cases name them; an account that leaves is deactivated

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actor, data = Actor.from_request(request), form.cleaned_data
        if change:
            changes = {k: data[k] for k in form.changed_data if k in services.USER_EDITABLE_FIELDS}
            services.staff_user_update(actor=actor, user=get_user_model().objects.get(pk=obj.pk), **changes)
            return
        created = services.staff_user_create(
            actor=actor, username=data["username"], password=data["password1"]
        )
        obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError("accounts are deactivated, not deleted")

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        bound = copy.copy(self)  # a per-request copy: the form class carries this request's actor
        bound.change_password_form = type(
            "PasswordForm", (_PasswordForm,), {"actor": Actor.from_request(request)}
        )
        try:
            return UserAdmin.user_change_password(bound, request, id, form_url)
        except GongkaiError as e:
            return self._refused(request, e)
