"""主动公开 records: publications with the standard metadata block, interpretations, the 目录 reference data
(主题分类, the 26 基层政务公开 domains and their standard catalogues, 指南) and the records 表二 counts
(权责事项, 处理决定, 政府集中采购项目)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core import clock
from gongkai.orgs.models import Agency, AgencyYearCounter
from gongkai.publications import reference, timeliness
from gongkai.publications.states import CoIssueStatus, Status


class Topic(models.Model):
    """主题分类, two levels (一级 has no parent). Reference data, editable by administrators."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级"),
    )
    name = models.CharField(_("名称"), max_length=40)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering: ClassVar = ["sort_order", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["parent", "name"], name="pub_topic_unique"),
        ]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        """Written ``一级\\二级`` as on gov.cn."""
        return f"{self.parent.name}\\{self.name}" if self.parent_id and self.parent else self.name


class DocKind(models.TextChoices):
    """What 表二 and the policy library distinguish; 文种 (通知、意见 …) is the separate ``genre``."""

    RULE = "rule", _("规章")
    NORMATIVE = "normative", _("规范性文件")
    OTHER = "other", _("其他文件")
    INFO = "info", _("其他政府信息")


class Validity(models.TextChoices):
    """有效性 of 规章 and 规范性文件."""

    IN_FORCE = "in_force", _("现行有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("失效")


GENRES = [
    "令",
    "决定",
    "命令",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
    "办法",
    "规定",
    "细则",
    "方案",
    "规划",
    "计划",
    "目录",
    "名单",
    "数据",
    "预算",
    "决算",
    "其他",
]


class Publication(models.Model):
    """One government information record published proactively, with its 目录 metadata."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="publications", verbose_name=_("发布机构")
    )
    co_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="joint_publications", verbose_name=_("联合发文机关")
    )
    index_no = models.CharField(_("索引号"), max_length=40, unique=True, null=True, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("发文字号"), max_length=60, blank=True, db_index=True)
    written_on = models.DateField(_("成文日期"))
    changed_on = models.DateField(
        _("变更日期"),
        null=True,
        blank=True,
        help_text=_("信息变更时填写；第二十六条的20个工作日从形成或变更之日起算"),
    )
    # 第二十六条 “另有规定”: the start dates of the special deadlines (see DeadlineRule).
    approved_on = models.DateField(
        _("批复日期"),
        null=True,
        blank=True,
        help_text=_(
            "部门预算、决算填财政部门批复之日（政府预算、决算填本级人大批准之日）；"
            "预算法第十四条的20日从此日起算，发布预决算信息时必填"
        ),
    )
    decided_on = models.DateField(
        _("决定日期"),
        null=True,
        blank=True,
        help_text=_("公开行政许可、行政处罚决定时填写作出决定之日；“双公示”的7个工作日从此日起算"),
    )
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, db_index=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("主题分类")
    )
    kind = models.CharField(_("信息类别"), max_length=12, choices=DocKind.choices, default=DocKind.OTHER)
    genre = models.CharField(_("体裁/文种"), max_length=12, choices=[(g, g) for g in GENRES], default="通知")
    category = models.CharField(
        _("主动公开类别"), max_length=8, choices=reference.category_choices(), default="20-15", db_index=True
    )
    summary = models.CharField(_("内容概述"), max_length=500, blank=True)
    body = models.TextField(_("正文"), blank=True, help_text=_("经过清理的富文本（HTML）"))
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    needs_interpretation = models.BooleanField(_("需同步发布政策解读"), default=False)
    # 有效性 (规章 and 规范性文件 only)
    validity = models.CharField(
        _("有效性"), max_length=10, choices=Validity.choices, blank=True, db_index=True
    )
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    validity_changed_on = models.DateField(_("有效性变更日期"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("修改或替代文件"),
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("本文件修改或废止的文件"),
    )
    supersedes_as = models.CharField(
        _("对原文件的效力"),
        max_length=10,
        choices=[
            (Validity.AMENDED.value, Validity.AMENDED.label),
            (Validity.REPEALED.value, Validity.REPEALED.label),
        ],
        blank=True,
    )
    # workflow
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    revision_note = models.CharField(_("修订说明"), max_length=300, blank=True)
    revised_at = models.DateTimeField(_("本版发布时间"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_late = models.BooleanField(
        _("发布时已超过公开期限"),
        default=False,
        help_text=_("发布时按当时的期限规则记录；及时性统计按现行期限规则重新计算"),
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    view_count = models.PositiveIntegerField(_("浏览次数"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        indexes: ClassVar = [
            models.Index(fields=["agency", "status", "-published_at"], name="pub_agency_list_idx"),
            models.Index(fields=["agency", "category", "status", "-published_at"], name="pub_agency_cat_idx"),
            models.Index(fields=["status", "-published_at"], name="pub_latest_idx"),
            models.Index(fields=["kind", "validity", "-published_at"], name="pub_library_idx"),
            models.Index(fields=["status", "-view_count"], name="pub_most_read_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in (Status.PUBLISHED, Status.WITHDRAWN)

    @property
    def has_validity(self) -> bool:
        return self.kind in (DocKind.RULE, DocKind.NORMATIVE)


class DeadlineRule(models.Model):
    """第二十六条 “法律、法规对政府信息公开的期限另有规定的，从其规定”: the publication deadline of one
    第二十条 category (or, under ``*``, of every category without its own rule). Reference data, editable by
    administrators; the arithmetic is :mod:`gongkai.publications.timeliness`."""

    class Unit(models.TextChoices):
        WORKING = timeliness.WORKING_DAYS, _("工作日")
        CALENDAR = timeliness.CALENDAR_DAYS, _("日（自然日）")

    class StartEvent(models.TextChoices):
        FORMED = timeliness.FORMED, _("形成或者变更之日")
        APPROVED = timeliness.APPROVED, _("批复之日")
        DECIDED = timeliness.DECIDED, _("决定之日")

    category = models.CharField(
        _("主动公开类别"),
        max_length=8,
        unique=True,
        choices=[(timeliness.DEFAULT_CATEGORY, _("其他各类（无另有规定的）")), *reference.category_choices()],
    )
    unit = models.CharField(_("计算单位"), max_length=8, choices=Unit.choices, default=Unit.WORKING)
    length = models.PositiveSmallIntegerField(
        _("期限"), validators=[MinValueValidator(1), MaxValueValidator(365)], default=20
    )
    start_event = models.CharField(
        _("起算事件"), max_length=8, choices=StartEvent.choices, default=StartEvent.FORMED
    )
    basis = models.CharField(_("依据"), max_length=500, help_text=_("法律、法规的名称和条文；惯例做法请注明"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("主动公开期限")
        verbose_name_plural = _("主动公开期限")
        ordering: ClassVar = ["pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(length__gte=1, length__lte=365), name="pub_deadline_length_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.length}{self.get_unit_display()}"

    def clean(self) -> None:
        # 第二十六条: the default counts from 形成或者变更之日, the one date every record has.
        if self.category == timeliness.DEFAULT_CATEGORY and self.start_event != self.StartEvent.FORMED:
            raise ValidationError({"start_event": _("默认期限（第二十六条）只能从形成或者变更之日起算")})

    def as_rule(self) -> timeliness.Rule:
        return timeliness.Rule(self.category, self.unit, self.length, self.start_event, self.basis)


class CoIssue(models.Model):
    """联合发文: an agency the author named as co-issuer. The record lists it (``co_agencies``) only once
    that agency's 负责人 accepted; a pending or declined request shows nowhere in public."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="co_issues")
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="co_issue_requests", verbose_name=_("联合发文机关")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=CoIssueStatus.choices, default=CoIssueStatus.PENDING
    )
    requested_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("联合发文确认")
        verbose_name_plural = _("联合发文确认")
        ordering: ClassVar = ["publication", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["publication", "agency"], name="pub_co_issue_unique"),
        ]
        indexes: ClassVar = [models.Index(fields=["agency", "status"], name="pub_co_issue_agency_idx")]

    def __str__(self) -> str:
        return f"{self.publication_id} {self.agency_id} {self.status}"


class PublicationVersion(models.Model):
    """A version a correction replaced (the current one lives on the Publication): old text stays readable."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    metadata = models.JSONField(default=dict)
    note = models.CharField(_("修订说明"), max_length=300, blank=True)
    published_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["publication", "version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["publication", "version"], name="pub_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.publication_id} v{self.version}"


class PublicationEvent(models.Model):
    """The workflow history of a record (who did what, when); the audit log has the same facts."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="events")
    #: On the clock of record (gongkai.core.clock): a demo or test pinned to its day dates its history so.
    at = models.DateTimeField(default=clock.now, editable=False)
    action = models.CharField(max_length=30)
    actor_label = models.CharField(max_length=150)
    note = models.CharField(max_length=500, blank=True)
    public = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["publication", "at", "pk"]

    LABELS: ClassVar[dict[str, str]] = {
        "created": "起草",
        "updated": "修改草稿",
        "attached": "上传附件",
        "attachment_removed": "删除附件",
        "interpretation_saved": "保存政策解读",
        "submitted": "提交保密审查",
        "returned": "退回修改",
        "review_cleared": "保密审查通过",
        "published": "发布",
        "corrected": "更正",
        "withdrawn": "撤回",
        "validity_changed": "变更有效性",
        "co_issue_requested": "请求联合发文",
        "co_issue_withdrawn": "撤销联合发文请求",
        "co_issue_accepted": "同意联合发文",
        "co_issue_declined": "拒绝联合发文",
    }

    def __str__(self) -> str:
        return f"{self.publication_id} {self.action}"

    def get_action_label(self) -> str:
        return self.LABELS.get(self.action, self.action)


def attachment_path(instance: PublicationAttachment, filename: str) -> str:
    return f"publications/{instance.publication_id}/{instance.sha256[:16]}/{filename}"


class PublicationAttachment(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    mime = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("提取的文字"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["publication", "pk"]

    def __str__(self) -> str:
        return self.name


class ScanFlag(models.Model):
    """Something the pre-publication scan found; the 保密审查员 must acknowledge every flag."""

    class Kind(models.TextChoices):
        ID_NUMBER = "id_number", _("身份证号码")
        MOBILE = "mobile", _("手机号码")
        HIDDEN_SHEET = "hidden_sheet", _("隐藏工作表")
        HIDDEN_CONTENT = "hidden_content", _("隐藏行列或文字")
        COMMENTS = "comments", _("批注")
        TRACKED_CHANGES = "tracked_changes", _("修订痕迹")
        AUTHOR_METADATA = "author_metadata", _("文档属性含人员姓名")
        UNREADABLE = "unreadable", _("无法检查的附件")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="flags")
    source = models.CharField(_("位置"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    detail = models.CharField(_("说明"), max_length=300, help_text=_("个人信息只显示脱敏后的形式"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["publication", "pk"]

    def __str__(self) -> str:
        return f"{self.source}: {self.get_kind_display()}"


class Interpretation(models.Model):
    """政策解读 of one policy, in one of the usual forms; published together with the policy (同步发布)."""

    class Form(models.TextChoices):
        TEXT = "text", _("文字解读")
        GRAPHIC = "graphic", _("图解")
        VIDEO = "video", _("视频解读")
        QA = "qa", _("问答")

    policy = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="interpretations")
    form = models.CharField(_("解读形式"), max_length=8, choices=Form.choices, default=Form.TEXT)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"), blank=True)
    image = models.FileField(_("图解图片"), upload_to="interpretations/", blank=True)
    video_url = models.URLField(_("视频链接"), blank=True)
    qa = models.JSONField(_("问答"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")
        ordering: ClassVar = ["policy", "pk"]
        indexes: ClassVar = [models.Index(fields=["status", "-published_at"], name="pub_interp_latest_idx")]

    def __str__(self) -> str:
        return self.title


class IndexCounter(AgencyYearCounter):
    """Next 索引号 serial per agency and year; serials are never reused (a withdrawn record keeps its)."""

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["agency", "year"], name="pub_index_counter_unique")
        ]


class Guide(models.Model):
    """政府信息公开指南 (第十二条): what an agency edited; everything else is generated from its data."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="guide")
    classification = models.TextField(_("政府信息的分类"), blank=True)
    arrangement = models.TextField(_("编排体系"), blank=True)
    how_to_obtain = models.TextField(_("获取方式"), blank=True)
    system_text = models.TextField(_("政府信息公开制度"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开指南")
        verbose_name_plural = _("政府信息公开指南")

    def __str__(self) -> str:
        return f"{self.agency_id} 指南"


class GrassrootsDomain(models.Model):
    """One of the 26 基层政务公开 domains (reference data; the official list is [UNCONFIRMED])."""

    code = models.CharField(_("代码"), max_length=8, unique=True)
    name = models.CharField(_("领域"), max_length=40)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("基层政务公开领域")
        verbose_name_plural = _("基层政务公开领域")
        ordering: ClassVar = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class CatalogueEntry(models.Model):
    """One 事项 of a domain's standard catalogue (标准目录). ``agency`` empty: the province-wide standard
    every county and town government adopts; set: an agency's own addition."""

    class Audience(models.TextChoices):
        PUBLIC = "全社会", _("全社会")
        SPECIFIC = "特定群众", _("特定群众")

    class Mode(models.TextChoices):
        PROACTIVE = "主动", _("主动")
        ON_REQUEST = "依申请公开", _("依申请公开")

    domain = models.ForeignKey(GrassrootsDomain, on_delete=models.CASCADE, related_name="entries")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    level1 = models.CharField(_("一级事项"), max_length=60)
    level2 = models.CharField(_("二级事项"), max_length=60)
    content = models.TextField(_("公开内容（要素）"))
    basis = models.TextField(_("公开依据"))
    time_limit = models.CharField(_("公开时限"), max_length=100)
    subject = models.CharField(_("公开主体"), max_length=100, blank=True)
    channels = models.JSONField(_("公开渠道和载体"), default=list)
    audience = models.CharField(_("公开对象"), max_length=8, choices=Audience.choices)
    mode = models.CharField(_("公开方式"), max_length=8, choices=Mode.choices)
    levels = models.JSONField(_("公开层级"), default=list)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("标准目录事项")
        verbose_name_plural = _("标准目录事项")
        ordering: ClassVar = ["domain", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.domain_id} {self.level1}/{self.level2}"


# ---------------------------------------------------------------- records behind 表二


class PowerItem(models.Model):
    """A 权责事项 the agency administers (行政许可 …); 表二 counts those in force at the ends of the year."""

    class Kind(models.TextChoices):
        LICENSING = "行政许可", _("行政许可")
        OTHER_SERVICE = "其他对外管理服务事项", _("其他对外管理服务事项")
        PENALTY = "行政处罚", _("行政处罚")
        COERCION = "行政强制", _("行政强制")
        FEE = "行政事业性收费", _("行政事业性收费")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="power_items")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("事项名称"), max_length=200)
    basis = models.CharField(_("设定依据"), max_length=300, blank=True)
    established_on = models.DateField(_("设立日期"))
    abolished_on = models.DateField(_("取消日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("权责事项")
        verbose_name_plural = _("权责事项")
        indexes: ClassVar = [models.Index(fields=["kind", "agency"], name="pub_item_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class ItemDecision(models.Model):
    """处理决定: one decision taken under a 权责事项 (a licence granted, a penalty imposed …)."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="decisions")
    decided_on = models.DateField(_("决定日期"))

    class Meta:
        verbose_name = _("处理决定")
        verbose_name_plural = _("处理决定")
        indexes: ClassVar = [models.Index(fields=["decided_on", "item"], name="pub_decision_date_idx")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.decided_on}"


class ProcurementProject(models.Model):
    """A 政府集中采购 project carried out (第二十条（九）: 实施情况). The amount is kept in 分 (an integer, so
    that sums are exact on every database); 表二 reports it in 万元."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="procurements")
    contracted_on = models.DateField(_("合同签订日期"))
    amount_fen = models.BigIntegerField(_("金额（分）"))

    class Meta:
        verbose_name = _("政府集中采购项目")
        verbose_name_plural = _("政府集中采购项目")
        indexes: ClassVar = [models.Index(fields=["contracted_on", "agency"], name="pub_procure_date_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.contracted_on} {self.amount_fen}"
