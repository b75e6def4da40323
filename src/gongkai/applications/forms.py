"""Forms parse and render; every rule is checked again by the services, whose field errors are shown here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.applications import fees, outcomes
from gongkai.applications.models import (
    ApplicantCategory,
    Channel,
    ClockPause,
    Delivery,
    IdType,
    InfoForm,
    Provision,
)
from gongkai.core import clock
from gongkai.core.errors import InvalidInput

APPLICANT_FIELDS = (
    "category",
    "name",
    "id_type",
    "id_number",
    "uscc",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
)
REQUEST_FIELDS = ("description", "info_form", "delivery")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class IsoDateInput(forms.DateInput):
    """A browser date picker: its value must be ISO (YYYY-MM-DD) whatever the locale's display format
    (zh-hans formats dates as 2020/06/01, which a date input shows as empty, losing the date on save)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class MultipleFileField(forms.FileField):
    """Several files in one input (the recipe of Django's documentation); checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


def name_fields_in_length_errors(form: forms.BaseForm) -> None:
    """Length and date errors that name the field ("“通信地址”不能超过200个字（现有230个）"), not Django's
    anonymous "确保该值不超过 200 个字符"."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = _("“%(label)s”不是存在的日期，请按YYYY-MM-DD填写") % {
                "label": field.label
            }
        if not isinstance(field, forms.CharField) or field.widget.is_hidden:  # FileField's "max_length"
            continue  # is about the file name; a hidden field has its own message
        label = str(field.label or "").replace("%", "%%")
        field.error_messages["max_length"] = _(
            "“%(label)s”不能超过%%(limit_value)d个字（现有%%(show_value)d个）"
        ) % {"label": label}
        field.error_messages["min_length"] = _(
            "“%(label)s”至少要%%(limit_value)d个字（现有%%(show_value)d个）"
        ) % {"label": label}


class ServiceErrorsMixin(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_fields_in_length_errors(self)

    def add_service_errors(self, error: InvalidInput) -> None:
        """Show a service's field errors next to the fields (unknown fields go to the top)."""
        for field, message in error.fields.items():
            self.add_error(field if field in self.fields else None, message)
        if not error.fields:
            self.add_error(None, error.message)


class ApplicationForm(ServiceErrorsMixin):
    """政府信息公开申请表 (条例第二十九条: the three required contents)."""

    # 表三's columns, grouped as the 条例 speaks of applicants (公民 / 法人或者其他组织).
    category = forms.ChoiceField(
        label=_("申请人类别"),
        choices=[
            (ApplicantCategory.NATURAL, _(ApplicantCategory.NATURAL.label)),
            (
                _("法人或其他组织"),
                [(v, _(label)) for v, label in ApplicantCategory.choices if v != "natural"],
            ),
        ],
        initial="natural",
    )
    name = forms.CharField(label=_("姓名或名称"), max_length=100, required=False)
    id_type = forms.ChoiceField(
        label=_("身份证明类型"),
        choices=[("", "—"), *IdType.choices],
        required=False,
        initial=IdType.RESIDENT_ID,
    )
    id_number = forms.CharField(label=_("身份证明号码"), max_length=40, required=False)
    uscc = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, required=False, help_text=_("法人或其他组织填写")
    )
    contact_person = forms.CharField(
        label=_("联系人"), max_length=50, required=False, help_text=_("法人或其他组织填写")
    )
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    # checked by the service with Django's EmailValidator, together with every other field
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    postcode = forms.CharField(label=_("邮政编码"), max_length=6, required=False)
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),  # the browser stops and counts at 4,000
        max_length=4000,
        required=False,
    )
    # No preselected choice: a default the applicant never chose (电子邮件) would ask for an e-mail address
    # they never meant to give. Checked by the service ("请选择…"), like every other field.
    info_form = forms.ChoiceField(
        label=_("所需信息的形式"), choices=[("", _("请选择")), *InfoForm.choices], required=False
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"), choices=[("", _("请选择")), *Delivery.choices], required=False
    )
    attachments = MultipleFileField(
        label=_("附件（可选）"),
        required=False,
        help_text=_("身份证明扫描件等，PDF、JPEG、PNG、Word或Excel，每个不超过10MB，最多5个"),
    )
    token = forms.CharField(  # the submission's idempotency key (a column of 64 characters)
        label=_("表单编号"),
        widget=forms.HiddenInput,
        required=False,
        max_length=64,
        error_messages={"max_length": _("表单已失效，请刷新页面后重新填写提交")},
    )

    #: Marked 必填 and given the ``required`` attribute (the service checks them all again); the ID fields
    #: only for 自然人, the credit code and contact only for 法人或其他组织 (apply.js switches them over).
    REQUIRED = ("category", "name", "phone", "description", "info_form", "delivery")
    NATURAL_ONLY = ("id_type", "id_number")
    ORGANISATION_ONLY = ("uscc", "contact_person")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        natural = (self.data.get(self.add_prefix("category")) or "natural") == ApplicantCategory.NATURAL
        for name in (*self.REQUIRED, *(self.NATURAL_ONLY if natural else self.ORGANISATION_ONLY)):
            self.fields[name].widget.attrs["required"] = True

    def applicant_kwargs(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) or "" for k in APPLICANT_FIELDS}

    def request_kwargs(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) or "" for k in REQUEST_FIELDS}


#: 《政府信息公开条例》took effect on 1 May 2008: no step of a case is dated earlier.
FIRST_DAY = date(2008, 5, 1)


class DateWithin:
    """A date of a case's handling: from :data:`FIRST_DAY` to the end of next year, or to today for a date
    that has already happened (``past=True``); an impossible year is a field error, not an overflow."""

    def __init__(self, label: Any, *, past: bool = False) -> None:
        self.label, self.past = label, past

    def __call__(self, value: date) -> None:
        today = clock.today()
        latest = today if self.past else date(today.year + 1, 12, 31)
        if value < FIRST_DAY:
            message = _("“%(label)s”不能早于2008年5月1日（《政府信息公开条例》施行之日）")
        elif value > latest:
            message = _("“%(label)s”不能晚于今天") if self.past else _("“%(label)s”不能晚于%(year)s年年底")
        else:
            return
        raise ValidationError(message % {"label": self.label, "year": latest.year}, code="date_range")


class StaffApplicationForm(ApplicationForm):
    """Registering a letter, fax, email or in-person application (条例第三十一条 decides 收到申请之日)."""

    channel = forms.ChoiceField(label=_("申请方式"), choices=Channel.choices, initial=Channel.IN_PERSON)
    received_on = forms.DateField(
        label=_("收到申请之日"),
        widget=IsoDateInput(),
        validators=[DateWithin(_("收到申请之日"), past=True)],
        help_text=_("当面提交：提交之日；邮寄需签收：签收之日；平常信函、传真、电子邮件：与申请人确认之日"),
    )


class TrackForm(forms.Form):
    receipt_number = forms.CharField(label=_("申请编号"), max_length=32)
    query_code = forms.CharField(label=_("查询码"), max_length=16)


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=IsoDateInput(), validators=[DateWithin(label)])


class OnDateForm(ServiceErrorsMixin):
    on = _date(_("日期"))


class CorrectionForm(ServiceErrorsMixin):
    on = _date(_("告知日期"))
    items = forms.CharField(
        label=_("需要补正的事项"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    deadline = _date(_("补正期限"))


class ConsultationForm(ServiceErrorsMixin):
    on = _date(_("发出征求意见书日期"))
    kind = forms.ChoiceField(label=_("征求意见对象类型"), choices=ClockPause.Kind.choices[:2])
    party = forms.CharField(label=_("征求意见对象"), max_length=200, required=False)
    reason = forms.CharField(label=_("事由"), max_length=500, required=False)


class EndConsultationForm(ServiceErrorsMixin):
    on = _date(_("收到意见（或期限届满）日期"))
    note = forms.CharField(label=_("意见摘要"), max_length=500, required=False)
    # 第三十二条: for a third party, whether it objected and whether the agency still discloses.
    third_party_objected = forms.TypedChoiceField(
        label=_("第三方意见（征求第三方意见的必填）"),
        choices=[("", _("——")), ("no", _("同意公开")), ("yes", _("不同意公开"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )
    disclose = forms.BooleanField(
        label=_("第三方不同意，但不公开可能对公共利益造成重大影响，决定予以公开"), required=False
    )
    disclose_reason = forms.CharField(
        label=_("决定公开的理由（将书面告知第三方）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class AskReasonsForm(ServiceErrorsMixin):
    on = _date(_("要求说明理由日期"))
    note = forms.CharField(
        label=_("申请数量、频次明显超过合理范围的情况（条例第三十五条）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ReasonsAnsweredForm(ServiceErrorsMixin):
    on = _date(_("收到理由日期"))
    reasons_text = forms.CharField(
        label=_("申请人说明的理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    accepted = forms.TypedChoiceField(
        label=_("审查意见"),
        choices=[("yes", _("理由合理，继续办理")), ("no", _("理由不合理，不予处理"))],
        coerce=lambda v: v == "yes",
    )
    reasonable_due = forms.DateField(
        label=_("延迟答复的合理期限（理由合理但无法按期答复时填写）"), widget=IsoDateInput(), required=False
    )
    basis = forms.CharField(
        label=_("不予处理的理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FeeDeliveredForm(ServiceErrorsMixin):
    on = _date(_("申请人收到收费通知之日（邮寄的为签收日）"))
    method = forms.ChoiceField(label=_("送达方式"), choices=Delivery.choices)


class ItemsForm(ServiceErrorsMixin):
    items = forms.IntegerField(label=_("件数"), min_value=1, max_value=999)
    reason = forms.CharField(label=_("拆分计件的理由（一事一申请）"), max_length=500, required=False)


class ExtensionForm(ServiceErrorsMixin):
    on = _date(_("批准日期"))
    days = forms.IntegerField(  # 第三十三条第二款: 延长的期限最长不得超过20个工作日
        label=_("延长工作日数"),
        min_value=1,
        max_value=20,
        error_messages={
            "max_value": _("延长的期限最长不得超过20个工作日（条例第三十三条第二款）"),
            "min_value": _("延长的工作日数至少为1个工作日（条例第三十三条第二款）"),
        },
    )
    reason = forms.CharField(label=_("延期理由"), max_length=500, required=False)


class FeeNoticeForm(ServiceErrorsMixin):
    on = _date(_("收费通知日期"))
    method = forms.ChoiceField(
        label=_("计收方式"), choices=[(fees.PER_ITEM, _("按件计收")), (fees.PER_PAGE, _("按量计收"))]
    )
    items = forms.IntegerField(  # 国办函〔2020〕109号第四条: empty = the 件 recorded on the application
        label=_("件数（按件；不填则按本申请确定的件数）"), min_value=1, required=False
    )
    pages = forms.IntegerField(label=_("页数（按量）"), min_value=0, initial=0, required=False)


#: DecisionForm fields passed as they are to ``application_decide`` (the inputs each 表三 leaf may need).
DECISION_INPUTS = ("reason", "provision", "competent_name", "competent_contact", "special_procedure")


class DecisionForm(ServiceErrorsMixin):
    on = _date(_("答复日期"))
    outcome = forms.ChoiceField(label=_("办理结果"), choices=[])
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "不予公开、部分公开的必须写明具体理由（条例第三十六条第（三）项、第三十七条）；"
            "已主动公开的写明获取的方式、途径（网址或地点）；信息不存在的可写明检索范围"
        ),
    )
    provision = forms.ChoiceField(
        label=_("提供方式"),
        choices=[("", _("按申请人要求的方式")), *Provision.choices],
        required=False,
        help_text=_("条例第三十六条第（一）（二）项、第四十条"),
    )
    competent_name = forms.CharField(
        label=_("负责公开的机关名称"),
        max_length=200,
        required=False,
        help_text=_(
            "不属于本机关负责公开的，填写能够确定的负责公开机关的全称（条例第三十六条第（五）项），可为任何机关；"
            "与本平台机关名称一致的自动关联，联系方式留空则使用该机关的电话"
        ),
    )
    competent_contact = forms.CharField(label=_("该机关联系方式"), max_length=200, required=False)
    special_procedure = forms.CharField(
        label=_("应依照办理的法律、行政法规"),
        max_length=300,
        required=False,
        help_text=_("属于行政查询事项的必填（条例第三十六条第（七）项），如《不动产登记暂行条例》"),
    )
    # An optional override of the article the reply cites (the reason goes in "理由"), last on the form.
    basis = forms.CharField(
        label=_("法律依据（可选：留空则按办理结果自动引用条款）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("只在需要引用其他条款时填写，答复书以此代替自动引用的条款"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blocked = {outcomes.not_corrected(), outcomes.fee_unpaid()}
        self.fields["outcome"].choices = [c for c in outcomes.choices() if c[0] not in blocked]  # type: ignore[attr-defined]


class ApproveForm(ServiceErrorsMixin):
    """负责人审批同意: the date of approval is the 答复日期 of the reply."""

    on = _date(_("答复日期"))


class ReturnForm(ServiceErrorsMixin):
    note = forms.CharField(
        label=_("退回修改意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500, required=False
    )


class WithdrawForm(ServiceErrorsMixin):
    reason = forms.CharField(label=_("撤回理由（可不填）"), max_length=300, required=False)


class PublicWithdrawForm(WithdrawForm):
    """撤回 on the tracker: the applicant confirms in the form itself (no script-only confirm dialog)."""

    confirm = forms.BooleanField(
        label=_("我确认撤回本申请。撤回后机关不再办理；如仍需要该信息，须重新提出申请。"),
        required=True,
        error_messages={"required": _("请勾选“我确认撤回本申请”后再撤回")},
    )


class AppealForm(ServiceErrorsMixin):
    kind = forms.ChoiceField(label=_("类型"), choices=[])
    filed_on = _date(_("受理日期"))
    case_number = forms.CharField(label=_("案号"), max_length=60, required=False)
    body = forms.CharField(label=_("复议机关或受理法院"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from gongkai.appeals.models import Appeal

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Appeal.Kind.choices  # type: ignore[attr-defined]


class AppealConclusionForm(ServiceErrorsMixin):
    result = forms.ChoiceField(label=_("结果"), choices=[])
    on = _date(_("审结日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from gongkai.appeals.models import Appeal

        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [c for c in Appeal.Result.choices if c[0] != "pending"]  # type: ignore[attr-defined]
