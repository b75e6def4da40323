"""行政区划 (divisions), 机关 (agencies) and the roles staff hold in them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from gongkai.core.codes import validate_division_code, validate_uscc
from gongkai.core.errors import InvalidInput
from gongkai.orgs.roles import Role


class Division(MP_Node):  # type: ignore[misc]  # django-treebeard ships no type hints
    """A 行政区划: province, prefecture, county or town level, in a materialized-path tree.

    ``path`` (django-treebeard) makes "everything under 广州市" one indexed prefix query.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省级")
        PREFECTURE = 2, _("地级")
        COUNTY = 3, _("县级")
        TOWN = 4, _("乡级")

    class Kind(models.TextChoices):
        PROVINCE = "province", _("省")
        PREFECTURE_CITY = "prefecture_city", _("地级市")
        DISTRICT = "district", _("市辖区")
        COUNTY = "county", _("县")
        AUTONOMOUS_COUNTY = "autonomous_county", _("自治县")
        COUNTY_CITY = "county_city", _("县级市")
        FUNCTIONAL_ZONE = "functional_zone", _("功能区")
        TOWN = "town", _("镇")
        TOWNSHIP = "township", _("乡")
        ETHNIC_TOWNSHIP = "ethnic_township", _("民族乡")
        SUBDISTRICT = "subdistrict", _("街道")

    #: The level each kind of division stands at (功能区 are set up at county level here).
    KIND_LEVEL: ClassVar[dict[str, int]] = {
        "province": 1,
        "prefecture_city": 2,
        **dict.fromkeys(("district", "county", "autonomous_county", "county_city", "functional_zone"), 3),
        **dict.fromkeys(("town", "township", "ethnic_township", "subdistrict"), 4),
    }

    code = models.CharField(
        _("行政区划代码"), max_length=9, unique=True, help_text=_("GB/T 2260 六位代码；乡级为九位代码")
    )
    name = models.CharField(_("名称"), max_length=60)
    #: The English form shown on the English portal (/en/); blank: the Chinese name is shown, marked so.
    name_en = models.CharField(_("英文名称"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    has_districts = models.BooleanField(
        _("设区"), default=True, help_text=_("地级市是否设区（东莞市、中山市等不设区的地级市直辖镇街）")
    )

    node_order_by: ClassVar = ["code"]
    # treebeard's MP_NodeManager at run time; typed as a plain manager for mypy (treebeard has no hints).
    objects: ClassVar[models.Manager[Division]]
    path: str
    depth: int
    numchild: int
    steplen: ClassVar[int]

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="orgs_division_level_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            validate_division_code(self.code)
        except InvalidInput as e:
            raise ValidationError(e.fields) from e


class Agency(models.Model):
    """A 行政机关 that does disclosure work under its own name (条例第二十七条)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        GENERAL_OFFICE = "general_office", _("政府办公厅（室）")
        DEPARTMENT = "department", _("政府部门")
        DISPATCHED = "dispatched", _("派出机构")
        SUBDISTRICT_OFFICE = "subdistrict_office", _("街道办事处")
        ZONE_COMMITTEE = "zone_committee", _("功能区管理委员会")

    division = models.ForeignKey(
        Division, verbose_name=_("所属行政区划"), on_delete=models.PROTECT, related_name="agencies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("派出机构所属的部门"),
    )
    kind = models.CharField(_("机关类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("全称"), max_length=100)
    #: The English form shown on the English portal (/en/); blank: the Chinese name is shown, marked so.
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    doc_prefix = models.CharField(
        _("发文机关代字"),
        max_length=20,
        blank=True,
        help_text=_("答复文书文号的代字，如“越教依复”；留空则用简称"),
    )
    vertical = models.BooleanField(_("垂直管理"), default=False)
    #: The 行政复议机关 by full name where the hierarchy cannot derive it (vertical agencies: 行政复议法
    #: 第二十七条 "上一级主管部门" must be named, e.g. 国家税务总局广东省税务局).
    review_body = models.CharField(
        _("行政复议机关"),
        max_length=100,
        blank=True,
        help_text=_("无法由机关层级推导时填写全称，如垂直管理机关的上一级主管部门"),
    )
    seal_image = models.FileField(_("电子印章图片"), upload_to="seals/", blank=True)
    #: 经办人拟办 → 负责人审批 before a decision is issued.
    requires_approval = models.BooleanField(_("答复须经负责人审批"), default=False)
    is_active = models.BooleanField(_("有效"), default=True)

    # 政府信息公开工作机构 contact details: the 指南 must state them (条例第十二条).
    office_name = models.CharField(_("政府信息公开工作机构"), max_length=100, blank=True)
    office_address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    fax = models.CharField(_("传真号码"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("互联网联系方式"), blank=True)

    class Meta:
        ordering: ClassVar = ["division__path", "sort_order", "id"]
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        indexes: ClassVar = [models.Index(fields=["division", "sort_order"], name="orgs_agency_div_sort_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            self.uscc = validate_uscc(self.uscc)
        except InvalidInput as e:
            raise ValidationError(e.fields) from e


class StaffRole(models.Model):
    """A role a user holds: in one agency (clerk, approver, reviewer), over a division (supervisor) or
    globally (admin)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_roles",
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("行政区划"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supervisors",
    )

    class Meta:
        verbose_name = _("岗位角色")
        verbose_name_plural = _("岗位角色")
        constraints: ClassVar = [
            models.CheckConstraint(
                name="orgs_staffrole_scope",
                condition=(
                    Q(role__in=["clerk", "approver", "reviewer"], agency__isnull=False, division__isnull=True)
                    | Q(role="supervisor", agency__isnull=True, division__isnull=False)
                    | Q(role="admin", agency__isnull=True, division__isnull=True)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency", "division"], name="orgs_staffrole_unique"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["agency", "role"], name="orgs_staffrole_agency_idx")]

    def __str__(self) -> str:
        scope = self.agency or self.division or ""
        return f"{self.user} · {self.get_role_display()} · {scope}"


class AgencyYearCounter(models.Model):
    """The last number taken in a per-agency, per-year series (receipt numbers, letter numbers, 索引号);
    concrete series add their unique constraint over (agency, year). Numbers are taken with
    :func:`gongkai.core.counters.next_serial`."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"
