"""Staff forms of the publishing workflow and the public filters; services do the real validation."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gongkai.applications.forms import (
    IsoDateInput,
    MultipleFileField,
    ServiceErrorsMixin,
    name_fields_in_length_errors,
)
from gongkai.orgs.models import Agency, Division
from gongkai.publications import reference
from gongkai.publications.models import GENRES, DocKind, Interpretation, Publication, Topic, Validity
from gongkai.publications.services import PublicationInput
from gongkai.publications.states import CoIssueStatus


def _topic_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (str(t.pk), t.path) for t in Topic.objects.select_related("parent").exclude(parent=None)
    ]


class PublicationForm(ServiceErrorsMixin):
    title = forms.CharField(label=_("标题"), max_length=300)
    kind = forms.ChoiceField(label=_("信息类别"), choices=DocKind.choices, initial=DocKind.OTHER)
    genre = forms.ChoiceField(label=_("体裁/文种"), choices=[(g, g) for g in GENRES], initial="通知")
    category = forms.ChoiceField(
        label=_("主动公开类别"), choices=reference.category_choices(), initial="20-15"
    )
    doc_number = forms.CharField(
        label=_("发文字号"),
        required=False,
        max_length=60,
        help_text=_("如：粤府〔2020〕1号；规章和规范性文件必填"),
    )
    written_on = forms.DateField(label=_("成文日期"), widget=IsoDateInput())
    changed_on = forms.DateField(label=_("变更日期"), required=False, widget=IsoDateInput())
    approved_on = forms.DateField(
        label=_("批复日期"),
        required=False,
        widget=IsoDateInput(),
        help_text=_(
            "预算、决算信息必填：部门预算、决算填财政部门批复之日，政府预算、决算填本级人大批准之日"
            "（预算法第十四条：批复后二十日内公开）"
        ),
    )
    decided_on = forms.DateField(
        label=_("决定日期"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("公开行政许可、行政处罚决定时填写作出决定之日（“双公示”：自决定之日起7个工作日内公开）"),
    )
    effective_on = forms.DateField(label=_("施行日期"), required=False, widget=IsoDateInput())
    topic = forms.ChoiceField(label=_("主题分类"), required=False)
    summary = forms.CharField(
        label=_("内容概述"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    keywords = forms.CharField(label=_("主题词"), required=False, max_length=200)
    needs_interpretation = forms.BooleanField(label=_("需同步发布政策解读"), required=False)
    supersedes = forms.IntegerField(
        label=_("本文件修改或废止的文件（信息编号）"), required=False, min_value=1, max_value=2**63 - 1,
        help_text=_("发布后原文件的有效性将变为“已修改”或“已废止”，并链接到本文件"),
    )  # fmt: skip
    supersedes_as = forms.ChoiceField(
        label=_("对原文件的效力"),
        required=False,
        choices=[
            ("", "—"),
            (Validity.AMENDED.value, Validity.AMENDED.label),
            (Validity.REPEALED.value, Validity.REPEALED.label),
        ],
    )
    co_agencies = forms.CharField(
        label=_("联合发文机关（机关编号）"), required=False, max_length=200, help_text=_("多个编号用逗号分隔")
    )
    attachments = MultipleFileField(label=_("附件"), required=False, help_text=_("PDF、Word、Excel或图片"))

    def clean_co_agencies(self) -> list[int]:
        raw = (self.cleaned_data.get("co_agencies") or "").replace("，", ",")
        parts = [p.strip() for p in raw.split(",") if p.strip()]
        if any(not (p.isascii() and p.isdigit() and len(p) <= 18) for p in parts):  # int("²") fails
            raise forms.ValidationError(_("请填写机关编号（数字），多个用逗号分隔"))
        return [int(p) for p in parts]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = _topic_choices()  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, pub: Publication) -> dict[str, Any]:
        return {
            "title": pub.title, "kind": pub.kind, "genre": pub.genre, "category": pub.category,
            "doc_number": pub.doc_number, "written_on": pub.written_on, "changed_on": pub.changed_on,
            "approved_on": pub.approved_on, "decided_on": pub.decided_on,
            "effective_on": pub.effective_on, "topic": pub.topic_id or "", "summary": pub.summary,
            "body": pub.body, "keywords": pub.keywords, "needs_interpretation": pub.needs_interpretation,
            "supersedes": pub.supersedes_id, "supersedes_as": pub.supersedes_as,
            "co_agencies": ",".join(
                str(c.agency_id) for c in pub.co_issues.all() if c.status != CoIssueStatus.DECLINED
            ),
        }  # fmt: skip

    def to_input(self) -> PublicationInput:
        d = self.cleaned_data
        return PublicationInput(
            title=d["title"], written_on=d["written_on"], kind=d["kind"], genre=d["genre"],
            category=d["category"], doc_number=d.get("doc_number") or "",
            topic_id=int(d["topic"]) if d.get("topic") else None, summary=d.get("summary") or "",
            body=d.get("body") or "", keywords=d.get("keywords") or "",
            needs_interpretation=bool(d.get("needs_interpretation")), effective_on=d.get("effective_on"),
            changed_on=d.get("changed_on"), approved_on=d.get("approved_on"),
            decided_on=d.get("decided_on"), supersedes_id=d.get("supersedes"),
            supersedes_as=d.get("supersedes_as") or "", co_agency_ids=d.get("co_agencies") or [],
        )  # fmt: skip


class InterpretationForm(ServiceErrorsMixin):
    form = forms.ChoiceField(label=_("解读形式"), choices=Interpretation.Form.choices)
    title = forms.CharField(label=_("解读标题"), max_length=300)
    body = forms.CharField(label=_("解读正文"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    video_url = forms.URLField(label=_("视频链接"), required=False, assume_scheme="https", max_length=200)
    question = forms.CharField(label=_("问题"), required=False, max_length=300)
    answer = forms.CharField(label=_("回答"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    image = forms.FileField(label=_("图解图片"), required=False)
    interpretation_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, item: Interpretation) -> dict[str, Any]:
        first = item.qa[0] if item.qa else {}
        return {
            "form": item.form, "title": item.title, "body": item.body, "video_url": item.video_url,
            "question": first.get("q", ""), "answer": first.get("a", ""), "interpretation_id": item.pk,
        }  # fmt: skip


class ReasonForm(ServiceErrorsMixin):
    reason = forms.CharField(label=_("原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(ServiceErrorsMixin):
    title = forms.CharField(label=_("标题"), max_length=300)
    summary = forms.CharField(label=_("内容概述"), required=False, max_length=500)
    body = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    note = forms.CharField(label=_("修订说明"), max_length=300)


class ValidityForm(ServiceErrorsMixin):
    validity = forms.ChoiceField(label=_("有效性"), choices=Validity.choices)
    on = forms.DateField(label=_("变更日期"), widget=IsoDateInput())


#: A 行政区划代码 as the picker sends it: six digits, or nine for a town. Anything else never reaches the
#: database (PostgreSQL refuses a NUL character in a query with an error, not with no rows).
_DIVISION_CODE = re.compile(r"[0-9]{6}(?:[0-9]{3})?")


def division_choices(chosen: str = "") -> list[Any]:
    """The province(s), then each city with its counties as a group (越秀区 under 广州市): a plain select
    that works without JavaScript. A chosen code outside the list (a town, from an old link) is kept."""
    english = translation.get_language() == "en"
    rows = [
        (code, (name_en if english and name_en else name), level)
        for code, name, name_en, level in Division.objects.filter(level__lte=3)
        .order_by("path")
        .values_list("code", "name", "name_en", "level")
    ]
    choices: list[Any] = [("", _("全部地区"))]
    for code, name, level in rows:
        if level == 1:
            choices.append((code, name))
        elif level == 2:
            choices.append((name, [(code, _("%(name)s（全市）") % {"name": name})]))
        elif len(choices) > 1 and isinstance(choices[-1][1], list):
            choices[-1][1].append((code, name))
    if _DIVISION_CODE.fullmatch(chosen) and chosen not in {code for code, _name, _level in rows}:
        town = Division.objects.filter(code=chosen).values_list("name", flat=True).first()
        if town:
            choices.insert(1, (chosen, town))
    return choices


class LibraryFilterForm(forms.Form):
    """GET filters of the policy library (all optional): a bad value is shown next to its field, with the
    unfiltered list and status 400, never a 500."""

    kind = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[
            ("", _("全部")),
            (DocKind.RULE.value, DocKind.RULE.label),
            (DocKind.NORMATIVE.value, DocKind.NORMATIVE.label),
        ],
    )
    #: A picker of places by name (its values are the codes, so old ?division=<code> links keep working).
    division = forms.CharField(label=_("地区"), required=False, max_length=12, widget=forms.Select)
    agency_name = forms.CharField(
        label=_("发布机构名称"), required=False, max_length=40, help_text=_("可输入名称的一部分，如“教育局”")
    )
    agency = forms.IntegerField(
        label=_("发布机构"), required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    year = forms.IntegerField(label=_("发布年份"), required=False, min_value=1949, max_value=2100)
    topic = forms.ChoiceField(label=_("主题分类"), required=False)
    validity = forms.ChoiceField(
        label=_("有效性"), required=False, choices=[("", _("全部")), *Validity.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_fields_in_length_errors(self)
        tops = Topic.objects.filter(parent=None).order_by("sort_order", "pk")
        self.fields["topic"].choices = [("", _("全部"))] + [(str(t.pk), t.name) for t in tops]  # type: ignore[attr-defined]
        chosen = str(self.data.get("division", "")).strip() if self.is_bound else ""
        self.fields["division"].widget.choices = division_choices(chosen)

    def clean_agency(self) -> Agency | None:
        """The agency itself: an id that names none is an error, not a silently unfiltered list."""
        pk = self.cleaned_data.get("agency")
        agency = Agency.objects.filter(pk=pk).first() if pk else None
        if pk and agency is None:
            raise forms.ValidationError(_("没有编号为%(pk)s的机关"), params={"pk": pk})
        return agency

    def clean_division(self) -> Division | None:
        code = (self.cleaned_data.get("division") or "").strip()
        division = Division.objects.filter(code=code).first() if _DIVISION_CODE.fullmatch(code) else None
        if code and division is None:
            raise forms.ValidationError(_("行政区划代码%(code)s不存在"), params={"code": code})
        return division
