from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from gongkai.orgs import selectors

_cached: tuple[float, str] = (0.0, "")
_cached_en: tuple[float, str] = (0.0, "")
SITE_NAME_TTL = 60.0


def _root_name() -> str:
    """The root division's name ("广东省"), or "" before one exists (looked up at most once a minute per
    process: every page shows it, and a province is renamed rarely)."""
    global _cached
    at, name = _cached
    now = time.monotonic()
    if name and now - at < SITE_NAME_TTL:
        return name
    root = selectors.division_root()
    name = root.name if root is not None else ""
    _cached = (now, name) if root is not None else (0.0, "")
    return name


def _root_name_en() -> str:
    """The root division's English name ("Guangdong Province"), cached as :func:`_root_name`."""
    global _cached_en
    at, name = _cached_en
    now = time.monotonic()
    if at and now - at < SITE_NAME_TTL:
        return name
    root = selectors.division_root()
    _cached_en = (now, root.name_en) if root is not None else (0.0, "")
    return _cached_en[1]


def _site_name() -> str:
    """The configured name, or one derived from the root division (in English on English pages, when
    the province has an English name: never half-translated)."""
    if settings.GONGKAI_SITE_NAME:
        return str(settings.GONGKAI_SITE_NAME)
    province = _root_name_en() if translation.get_language() == "en" else _root_name()
    if not province:
        return gettext("政府信息公开平台")
    return gettext("%(province)s政府信息公开平台") % {"province": province}


def _sponsor() -> str:
    """主办单位: the configured one, or the root government's general office (which runs the platform)."""
    if settings.GONGKAI_SITE_SPONSOR:
        return str(settings.GONGKAI_SITE_SPONSOR)
    root = _root_name()
    return f"{root}人民政府办公厅" if root else ""


def sponsor_without_database() -> str:
    """主办单位 for the 500 page: the setting, or the one derived from the root division looked up earlier."""
    root = _cached[1]
    return str(settings.GONGKAI_SITE_SPONSOR) or (f"{root}人民政府办公厅" if root else "")


#: Provinces' one-character 简称, which begin their sites' filing numbers (粤ICP备…号, 粤公网安备…号).
PROVINCE_ABBREVIATIONS = {
    "北京市": "京", "天津市": "津", "河北省": "冀", "山西省": "晋", "内蒙古自治区": "蒙", "辽宁省": "辽",
    "吉林省": "吉", "黑龙江省": "黑", "上海市": "沪", "江苏省": "苏", "浙江省": "浙", "安徽省": "皖",
    "福建省": "闽", "江西省": "赣", "山东省": "鲁", "河南省": "豫", "湖北省": "鄂", "湖南省": "湘",
    "广东省": "粤", "广西壮族自治区": "桂", "海南省": "琼", "重庆市": "渝", "四川省": "川", "贵州省": "贵",
    "云南省": "云", "西藏自治区": "藏", "陕西省": "陕", "甘肃省": "甘", "青海省": "青",
    "宁夏回族自治区": "宁", "新疆维吾尔自治区": "新",
}  # fmt: skip


def footer(*, sponsor: object, province: Callable[[], str] | None = None) -> dict[str, object]:
    """The footer's facts from settings (the 500 page passes them without the request or the database).
    Unset filing numbers show the demo's placeholders, with the province's 简称 as real ones have."""

    def filing(value: str, placeholder: str) -> str:
        name = province() if province is not None else _cached[1]
        return value or f"{PROVINCE_ABBREVIATIONS.get(name, '')}{placeholder}"

    def icp() -> str:
        return filing(str(settings.GONGKAI_SITE_ICP), "ICP备00000000号")

    def psb() -> str:
        return filing(str(settings.GONGKAI_SITE_PSB), "公网安备00000000000000号")

    return {
        "SITE_ID_CODE": settings.GONGKAI_SITE_ID_CODE,
        "SITE_SPONSOR": sponsor,
        "SITE_OPERATOR": settings.GONGKAI_SITE_OPERATOR or sponsor,
        "SITE_ICP": SimpleLazyObject(icp),
        "SITE_PSB": SimpleLazyObject(psb),
        "SITE_PSB_CODE": SimpleLazyObject(lambda: "".join(c for c in psb() if c.isdigit())),
    }


def _calendar_warning(request: HttpRequest) -> str | None:
    """The holiday-schedule warning, for administrators only (they enter the schedule; clerks cannot act
    on it). Evaluated lazily: pages that do not show it, and anonymous readers, pay nothing."""
    from gongkai.core import calendar, clock, hooks

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hooks.is_administrator(user):
        return None
    return calendar.coverage_warning(clock.today())


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_NAME": SimpleLazyObject(_site_name),
        **footer(sponsor=SimpleLazyObject(_sponsor), province=_root_name),
        "CALENDAR_WARNING": SimpleLazyObject(lambda: _calendar_warning(request) or ""),
    }
