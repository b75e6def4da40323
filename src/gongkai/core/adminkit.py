"""What every ModelAdmin of the platform is built from, so that the admin writes only through services.

- :class:`ServiceAdmin`: a ModelAdmin whose ``save_model`` / ``delete_model`` / ``delete_queryset`` (and
  inline formsets) call services; a service's refusal (``GongkaiError``) is shown as a message instead of
  a 500, with nothing saved. Django's bulk "delete selected" is only offered when ``delete_queryset`` goes
  through a service (it does, row by row, in the subclasses below).
- :class:`ReferenceDataAdmin`: reference data without a workflow (主题分类, 指南, 权责事项 …), saved through
  :func:`gongkai.core.services.reference_row_save` (administrator only, audited).
- :class:`ReadOnlyAdmin`: records that change only through their workflow (applications, publications,
  appeals, the audit log): viewable, never added, changed or deleted here.

``tests/test_admin_writes.py`` checks that every registered ModelAdmin is one of these (or listed there as
a third-party admin with its reason).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models, transaction
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from gongkai.core import services
from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError


class ServiceAdmin(admin.ModelAdmin[Any]):
    """Base for admins whose writes go through services; subclasses override the write hooks."""

    def _refused(self, request: HttpRequest, error: GongkaiError) -> HttpResponse:
        self.message_user(request, error.message, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except GongkaiError as e:  # the view's transaction rolled back: nothing was saved
            return self._refused(request, e)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except GongkaiError as e:
            return self._refused(request, e)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().changelist_view(request, extra_context)
        except GongkaiError as e:  # a bulk action refused by a service
            return self._refused(request, e)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():  # all or nothing: one refusal keeps every selected row
            for obj in list(queryset):
                self.delete_model(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        raise NotImplementedError(f"{type(self).__name__} must save through a service")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError(f"{type(self).__name__} must delete through a service")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        raise NotImplementedError(f"{type(self).__name__} must save its inlines through a service")


class ReferenceDataAdmin(ServiceAdmin):
    """Reference data (administrator only): every create, change and delete is one audited service call."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        services.reference_row_save(actor=Actor.from_request(request), row=obj, fields=form.changed_data)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.reference_row_delete(actor=Actor.from_request(request), row=obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # No many-to-many fields on reference data; inline rows go through save_formset below.
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseModelFormSet[Any, Any], change: bool
    ) -> None:
        actor = Actor.from_request(request)
        for row in formset.save(commit=False):  # fills deleted_objects, new_objects, changed_objects
            if row in formset.new_objects:
                services.reference_row_save(actor=actor, row=row)
        for row, fields in formset.changed_objects:
            services.reference_row_save(actor=actor, row=row, fields=fields)
        for row in formset.deleted_objects:
            services.reference_row_delete(actor=actor, row=row)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Viewable only: these records change through their own workflow (and its services), never here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
