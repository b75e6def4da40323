"""Admin: letter templates are edited here; applications are read (changes go through the case page)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from gongkai.applications import letter_services, letters
from gongkai.applications.models import Application, LetterTemplate
from gongkai.core.context import Actor


class LetterTemplateForm(forms.ModelForm[LetterTemplate]):
    """Refuses a body that uses anything but the whitelisted variables, listing the allowed ones."""

    class Meta:
        model = LetterTemplate
        fields = ("title", "body")
        help_texts: ClassVar = {
            "body": "可以使用的变量："
            + "、".join(f"{{{{ {name} }}}}（{label}）" for name, label in letters.VARIABLES.items())
        }

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        problem = letters.template_problem(body)
        if problem is not None:
            raise forms.ValidationError(problem)
        return body


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    list_display = ("kind", "title", "updated_at")
    readonly_fields = ("kind",)
    form = LetterTemplateForm

    def save_model(self, request: HttpRequest, obj: LetterTemplate, form: Any, change: bool) -> None:
        """Through the audited service (the form already validated the body the same way)."""
        original = LetterTemplate.objects.get(pk=obj.pk)
        letter_services.letter_template_update(
            actor=Actor.from_request(request),
            template=original,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )

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
