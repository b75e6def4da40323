"""依申请公开: applications, their applicants (personal data kept apart), clock pauses and the timeline."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from gongkai.applications import fees
from gongkai.applications.states import Status
from gongkai.orgs.models import Agency, AgencyYearCounter


class ApplicantCategory(models.TextChoices):
    """Columns of 表三 (申请人情况); labels as in the report formats."""

    NATURAL = "natural", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER = "other", "其他"


#: The labels above, for the English catalogue (the application form shows them through gettext; the
#: report keeps them verbatim).
APPLICANT_CATEGORY_LABELS = (
    gettext_noop("自然人"),
    gettext_noop("商业企业"),
    gettext_noop("科研机构"),
    gettext_noop("社会公益组织"),
    gettext_noop("法律服务机构"),
    gettext_noop("其他"),
)


class Channel(models.TextChoices):
    """How the application arrived; decides 收到申请之日 (条例第三十一条)."""

    ONLINE = "online", _("互联网（网上申请）")
    EMAIL = "email", _("电子邮件")
    FAX = "fax", _("传真")
    LETTER_SIGNED = "letter_signed", _("邮寄（需签收）")
    LETTER_PLAIN = "letter_plain", _("平常信函")
    IN_PERSON = "in_person", _("当面提交")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    OTHER = "other", _("其他有效身份证件")


class InfoForm(models.TextChoices):
    """申请公开的政府信息的形式要求 (第二十九条第二款第（三）项)."""

    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    DISC = "disc", _("光盘")
    VIEW = "view", _("查阅、抄录")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("自行领取")
    ONLINE = "online", _("网上获取")
    FAX = "fax", _("传真")


class Provision(models.TextChoices):
    """How released information reaches the applicant (第三十六条（一）（二）, 第四十条)."""

    WITH_LETTER = "with_letter", _("随答复书提供")
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上获取")
    PICKUP = "pickup", _("当面领取")
    VIEW = "view", _("安排查阅、抄录")
    ALREADY_PUBLIC = "already_public", _("告知获取的方式、途径（已主动公开）")


class Applicant(models.Model):
    """Who applied. Personal data lives here only, so that it can be erased after the retention period
    while the application keeps its statistics (category, dates, outcome)."""

    category = models.CharField(_("申请人类别"), max_length=12, choices=ApplicantCategory.choices)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_type = models.CharField(_("身份证明类型"), max_length=16, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("身份证明号码"), max_length=40, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    #: Pseudonym of the identity (ID number or USCC) to count 件 per applicant and month (按件计收).
    identity_key = models.CharField(max_length=32, db_index=True)
    erased_at = models.DateTimeField(_("个人信息删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")

    def __str__(self) -> str:
        return f"申请人#{self.pk}"


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("受理机关"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="applications")
    #: Copied from the applicant for the annual report (survives erasure of personal data).
    applicant_category = models.CharField(_("申请人类别"), max_length=12, choices=ApplicantCategory.choices)
    receipt_number = models.CharField(_("申请编号"), max_length=32, unique=True)
    query_code_hash = models.CharField(max_length=64)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    channel = models.CharField(_("申请方式"), max_length=16, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    received_on = models.DateField(_("收到申请之日"), null=True, blank=True, db_index=True)
    clock_start = models.DateField(_("答复期限起算日"), null=True, blank=True)

    # 第二十九条第二款: the three required contents.
    description = models.TextField(_("所需政府信息的名称、文号或特征性描述"))
    info_form = models.CharField(_("信息形式"), max_length=12, choices=InfoForm.choices)
    delivery = models.CharField(_("获取方式"), max_length=12, choices=Delivery.choices)

    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extension_reason = models.CharField(_("延期理由"), max_length=500, blank=True)

    correction_requested_on = models.DateField(_("补正告知日"), null=True, blank=True)
    correction_deadline = models.DateField(_("补正期限"), null=True, blank=True)
    correction_items = models.TextField(_("需要补正的事项"), blank=True)

    fee_method = models.CharField(
        _("收费方式"),
        max_length=10,
        blank=True,
        choices=[(fees.PER_ITEM, _("按件计收")), (fees.PER_PAGE, _("按量计收"))],
    )
    fee_amount = models.DecimalField(
        _("信息处理费（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    outcome = models.CharField(_("办理结果"), max_length=120, blank=True, db_index=True)
    outcome_basis = models.TextField(_("法律依据及理由"), blank=True)
    decided_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    referred_agency = models.ForeignKey(
        Agency,
        verbose_name=_("告知的负责机关"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: 第三十六条（五）: the competent organ may be any organ, not only agencies in the database.
    competent_name = models.CharField(_("负责公开的机关名称"), max_length=200, blank=True)
    competent_contact = models.CharField(_("负责公开的机关联系方式"), max_length=200, blank=True)
    #: 第三十六条（三）、第三十七条: the ground and why, written by the clerk (a default label is no reason).
    reason = models.TextField(_("理由"), blank=True)
    provision = models.CharField(_("提供方式"), max_length=16, choices=Provision.choices, blank=True)
    #: 第三十六条（七）: which law's procedure the applicant must use instead.
    special_procedure = models.CharField(_("应依照办理的法律、行政法规"), max_length=300, blank=True)
    #: 一事一申请 (国办函〔2020〕109号 第四条): the number of 件 this application counts for.
    items = models.PositiveSmallIntegerField(_("件数"), default=1)
    #: The due date reaches into a year whose holiday schedule is not loaded (weekends only: 暂定).
    due_provisional = models.BooleanField(_("答复期限为暂定"), default=False)
    # 第三十五条: reasons asked for, the applicant's answer and a reasoned later deadline.
    reasons_requested_on = models.DateField(_("要求说明理由日期"), null=True, blank=True)
    reasons_text = models.TextField(_("申请人说明的理由"), blank=True)
    reasonable_due = models.DateField(_("延迟答复的合理期限"), null=True, blank=True)
    # 经办人拟办 → 负责人审批 (per agency setting).
    proposed_at = models.DateTimeField(_("拟办时间"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        indexes: ClassVar = [
            models.Index(fields=["agency", "status", "due_date"], name="app_agency_status_due_idx"),
            models.Index(fields=["agency", "received_on"], name="app_agency_received_idx"),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The due date and its 暂定 mark are computed together (steps._recompute_due): saving one saves both.
        fields = kwargs.get("update_fields")
        if fields is not None and "due_date" in fields and "due_provisional" not in fields:
            kwargs["update_fields"] = [*fields, "due_provisional"]
        super().save(*args, **kwargs)

    @property
    def outcome_label(self) -> str:
        """The outcome as people read it: "（三）不予公开 6.属于四类过程性信息"."""
        from gongkai.applications import outcomes

        return outcomes.get(self.outcome).short if self.outcome in outcomes.outcomes() else self.outcome

    @property
    def outcome_public_label(self) -> str:
        """The outcome as the applicant reads it ("部分公开"), without the report's statistics notes; in
        English on the English pages (outcomes.PUBLIC_LABELS)."""
        from gongkai.applications import outcomes

        return gettext(outcomes.get(self.outcome).public_label) if self.outcome in outcomes.outcomes() else ""


class ClockPause(models.Model):
    """A period not counted in the reply time (条例第三十三条第三款; fee window per setting)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("征求第三方意见（第三十二条）")
        OTHER_AGENCY = "other_agency", _("征求其他机关意见（第三十四条）")
        FEE = "fee", _("缴纳信息处理费")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    expected_end = models.DateField(_("预计结束日期"))
    reason = models.CharField(_("事由"), max_length=500)
    party = models.CharField(_("征求意见对象"), max_length=200, blank=True)
    #: 第三十二条: whether the consulted third party objected to disclosure (None: not stated / not a third
    #: party); if it did and the agency still discloses (公共利益), the decision and its reason are told to
    #: the third party in writing (letter kind notify_third).
    third_party_objected = models.BooleanField(_("第三方不同意公开"), null=True, blank=True)
    disclose_despite_objection = models.BooleanField(_("决定予以公开"), default=False)
    disclose_reason = models.TextField(_("决定公开的理由"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar = ["start", "id"]
        verbose_name = _("计时中止")
        verbose_name_plural = _("计时中止")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end or ''}"


class ApplicationEvent(models.Model):
    """The case timeline: one row per step, shown to staff (and, without internal notes, to the applicant)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(default=timezone.now)
    on_date = models.DateField(_("日期"))
    action = models.CharField(_("操作"), max_length=40)
    actor_label = models.CharField(_("操作人"), max_length=150)
    note = models.TextField(_("说明"), blank=True)
    public = models.BooleanField(_("申请人可见"), default=True)

    class Meta:
        ordering: ClassVar = ["occurred_at", "id"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    LABELS: ClassVar[dict[str, str]] = {
        "submitted": "提交申请",
        "received": "确认收到申请",
        "started": "开始办理",
        "correction_requested": "告知补正",
        "corrected": "收到补正",
        "closed_uncorrected": "逾期未补正，终止办理",
        "consultation_started": "征求意见",
        "consultation_ended": "征求意见结束",
        "extended": "延长答复期限",
        "fee_notice": "发出收费通知",
        "fee_paid": "缴纳信息处理费",
        "items_set": "确定件数",
        "reasons_requested": "要求说明理由",
        "reasons_accepted": "申请理由合理，继续办理",
        "letter_delivered": "文书送达",
        "closed_unpaid": "逾期未缴费，终止办理",
        "proposed": "拟办答复",
        "approved": "审批同意",
        "returned": "退回修改",
        "decided": "作出答复",
        "delivered": "送达",
        "withdrawn": "撤回申请",
        "due_recomputed": "答复期限调整",
        "letter_issued": "出具文书",
    }

    def __str__(self) -> str:
        return f"{self.on_date} {self.action}"

    def get_action_label(self) -> str:
        return self.LABELS.get(self.action, self.action)


class ReceiptCounter(AgencyYearCounter):
    """Next serial of receipt numbers per agency and year (rows locked while numbering)."""

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["agency", "year"], name="app_receipt_counter_unique")
        ]


class LetterTemplate(models.Model):
    """The wording of a letter kind, editable by administrators (Django template syntax, one paragraph per
    blank-line-separated block). The remedies paragraph and the letter layout come from the code."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("政府信息公开申请答复书")
        CORRECTION = "correction", _("补正申请告知书")
        EXTENSION = "extension", _("延期答复告知书")
        FEE = "fee", _("信息处理费收费通知书")
        CONSULTATION = "consultation", _("征求意见告知书")
        CONSULT_THIRD = "consult_third", _("征求意见书（第三方）")
        NOTIFY_THIRD = "notify_third", _("公开决定告知书（第三方）")
        REASONS = "reasons", _("说明理由告知书")
        CLOSURE = "closure", _("终止办理告知书")

    kind = models.CharField(_("文书类型"), max_length=16, choices=Kind.choices, unique=True)
    title = models.CharField(_("标题（机关名称之后）"), max_length=60)
    body = models.TextField(_("正文模板"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")

    def __str__(self) -> str:
        return self.get_kind_display()


class Letter(models.Model):
    """An issued letter: numbered once, its .docx frozen at issue (the PDF is converted from it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("文书类型"), max_length=16, choices=LetterTemplate.Kind.choices)
    number = models.CharField(_("文号"), max_length=60)
    issued_on = models.DateField(_("成文日期"))
    title = models.CharField(_("标题"), max_length=200)
    docx = models.FileField(_("Word文档"), upload_to="letters/%Y/")
    pdf = models.FileField(_("PDF"), upload_to="letters/%Y/", blank=True)
    #: Addressee when not the applicant (a consulted third party).
    recipient = models.CharField(_("主送"), max_length=200, blank=True)
    #: 送达日期 (post: the signed-for date); a fee notice's 20-working-day window runs from the next day.
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivery_method = models.CharField(_("送达方式"), max_length=12, choices=Delivery.choices, blank=True)
    #: After the retention period the file is re-rendered with the applicant's data masked (or deleted).
    masked = models.BooleanField(_("已隐去个人信息"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["issued_on", "id"]
        verbose_name = _("答复文书")
        verbose_name_plural = _("答复文书")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["application", "kind", "issued_on"], name="app_letter_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"


class LetterCounter(AgencyYearCounter):
    """Serial of letter numbers per agency and year (文号 {代字}〔YYYY〕n号)."""

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["agency", "year"], name="app_letter_counter_unique")
        ]


class StoredFile(models.Model):
    """A checked upload: its type sniffed from the content (never the name), its size and digest kept."""

    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Attachment(StoredFile):
    """A scan or document the applicant attached."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/")

    class Meta(StoredFile.Meta):
        verbose_name = _("申请附件")
        verbose_name_plural = _("申请附件")


class ReleasedFile(StoredFile):
    """Information released to the applicant (第三十六条（二）), attached to the reply and the tracker."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="released_files")
    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="released_files"
    )
    file = models.FileField(upload_to="released/%Y/")

    class Meta(StoredFile.Meta):
        verbose_name = _("公开的政府信息文件")
        verbose_name_plural = _("公开的政府信息文件")


class Reminder(models.Model):
    """A deadline reminder to the handling agency: 5 and 2 working days before the due date, and overdue.

    Unique per due date, so a sweep run twice (or by two workers) never reminds twice, and an extended
    case is reminded again for its new date."""

    class Kind(models.TextChoices):
        DUE_IN_5 = "due_in_5", _("5个工作日内到期")
        DUE_IN_2 = "due_in_2", _("2个工作日内到期")
        OVERDUE = "overdue", _("已超过答复期限")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("提醒类型"), max_length=10, choices=Kind.choices)
    due_date = models.DateField(_("答复期限"))
    created_on = models.DateField(_("提醒日期"))
    #: When the handler was mailed (NULL: not mailed, or no mail configured); set by the mail task.
    mailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_on", "id"]
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["application", "kind", "due_date"], name="app_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.due_date}"
