"""Test data built through the real services (no hand-written dumps)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from gongkai.core.codes import make_uscc
from gongkai.core.context import Actor
from gongkai.orgs import services
from gongkai.orgs.models import Agency, Division

SYSTEM = Actor.system("tests")
_serial = itertools.count(1)


def uscc_for(division_code: str) -> str:
    return make_uscc(
        authority="1", entity_type="1", division_code=division_code, org_body=f"{next(_serial):08d}"
    )


def division(parent: Division | None, code: str, name: str, **kw: Any) -> Division:
    level = 1 if parent is None else parent.level + 1
    kind = kw.pop("kind", {1: "province", 2: "prefecture_city", 3: "district", 4: "subdistrict"}[level])
    return services.division_create(
        actor=SYSTEM, parent=parent, code=code, name=name, level=level, kind=kind, **kw
    )


def agency(div: Division, name: str, kind: str = Agency.Kind.DEPARTMENT, **kw: Any) -> Agency:
    return services.agency_create(
        actor=SYSTEM, division=div, name=name, kind=kind, uscc=uscc_for(div.code[:6]), **kw
    )


def user(username: str, **kw: Any) -> Any:
    return get_user_model().objects.create_user(username=username, password="pw-" + username, **kw)


def staff(username: str, role: str, *, agency: Agency | None = None, division: Division | None = None) -> Any:
    u = user(username)
    services.staff_role_grant(actor=SYSTEM, user=u, role=role, agency=agency, division=division)
    return u


@dataclass
class World:
    """A small province: 广东省 › 广州市 › 越秀区 › 北京街道, and 广东省 › 深圳市 › 福田区."""

    province: Division
    guangzhou: Division
    yuexiu: Division
    beijing_jie: Division
    shenzhen: Division
    futian: Division
    gd_office: Agency
    gz_gov: Agency
    gz_edu: Agency
    yuexiu_gov: Agency
    yuexiu_edu: Agency
    beijing_office: Agency
    sz_gov: Agency
    futian_gov: Agency


def small_province() -> World:
    gd = division(None, "440000", "广东省")
    gz = division(gd, "440100", "广州市")
    yx = division(gz, "440104", "越秀区")
    bj = division(yx, "440104001", "北京街道")
    sz = division(gd, "440300", "深圳市")
    ft = division(sz, "440304", "福田区")
    return World(
        province=gd,
        guangzhou=gz,
        yuexiu=yx,
        beijing_jie=bj,
        shenzhen=sz,
        futian=ft,
        gd_office=agency(gd, "广东省人民政府办公厅", Agency.Kind.GENERAL_OFFICE),
        gz_gov=agency(gz, "广州市人民政府", Agency.Kind.GOVERNMENT),
        gz_edu=agency(gz, "广州市教育局"),
        yuexiu_gov=agency(yx, "广州市越秀区人民政府", Agency.Kind.GOVERNMENT),
        yuexiu_edu=agency(yx, "广州市越秀区教育局"),
        beijing_office=agency(bj, "北京街道办事处", Agency.Kind.SUBDISTRICT_OFFICE),
        sz_gov=agency(sz, "深圳市人民政府", Agency.Kind.GOVERNMENT),
        futian_gov=agency(ft, "深圳市福田区人民政府", Agency.Kind.GOVERNMENT),
    )


def resident_id(first17: str = "44010619900101123") -> str:
    from gongkai.core.personal import resident_id_check_digit

    return first17 + resident_id_check_digit(first17)


def applicant_data(**kw: Any) -> Any:
    from gongkai.applications.services import ApplicantData

    values: dict[str, Any] = {
        "category": "natural",
        "name": "陈明",
        "id_type": "resident_id",
        "id_number": resident_id(),
        "phone": "13812345678",
        "email": "chenming@example.cn",
        "address": "广州市越秀区东风中路100号",
        "postcode": "510030",
    }
    values.update(kw)
    return ApplicantData(**values)


def request_data(**kw: Any) -> Any:
    from gongkai.applications.services import RequestData

    values = {
        "description": "2020年越秀区义务教育学校招生计划及学位分配方案",
        "info_form": "electronic",
        "delivery": "email",
    }
    values.update(kw)
    return RequestData(**values)


def registered_application(agency: Agency, clerk: Any, received_on: Any, **kw: Any) -> Any:
    """An application registered by staff as handed in on ``received_on`` (条例第三十一条: 当面提交)."""
    from gongkai.applications import services

    return services.application_submit(
        actor=Actor(user=clerk),
        agency=agency,
        applicant=kw.pop("applicant", None) or applicant_data(),
        request=request_data(),
        channel="in_person",
        received_on=received_on,
        **kw,
    ).application


def aware(year: int, month: int, day: int, hour: int = 10) -> Any:
    """A moment in Beijing time (the platform's time zone)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(year, month, day, hour, tzinfo=ZoneInfo("Asia/Shanghai"))


def restore_reference_data() -> None:
    """Reference data that migrations seed (calendar, 主题分类, 26 domains). pytest-django's serialized
    rollback does not bring it back when a transactional test follows an ordinary database test in the same
    process (observed with pytest-django 4.x and Django 5.2: the tables are empty), so transactional tests
    re-seed it, idempotently, as ``gongkai init`` would."""
    from gongkai.core.services import calendar_seed_from_package
    from gongkai.publications.services import reference_data_seed

    calendar_seed_from_package(actor=Actor.system("tests"))
    reference_data_seed(actor=Actor.system("tests"))
