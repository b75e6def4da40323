"""催报 (gongkai.supervision.report_urges): only the office of a division, only to the bodies directly below
it that owe it a report, once per double submit, audited; the addressee sees it on the staff home and on
the report page; the supervision page shows when it was sent."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from gongkai.reports import services as rs
from gongkai.supervision.models import Urge
from gongkai.supervision.report_urges import urge_report, urges_for_user
from tests import factories
from tests.reports.prose import FULL_PROSE

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> Any:
    w = factories.small_province()
    w.gz_sup = factories.staff("gz-sup", Role.SUPERVISOR, division=w.guangzhou)  # type: ignore[attr-defined]
    w.gd_sup = factories.staff("gd-sup", Role.SUPERVISOR, division=w.province)  # type: ignore[attr-defined]
    w.sz_sup = factories.staff("sz-sup", Role.SUPERVISOR, division=w.shenzhen)  # type: ignore[attr-defined]
    w.edu_clerk = factories.staff("edu-clerk", Role.CLERK, agency=w.gz_edu)  # type: ignore[attr-defined]
    w.edu_head = factories.staff("edu-head", Role.APPROVER, agency=w.gz_edu)  # type: ignore[attr-defined]
    return w


def test_a_city_office_urges_its_own_department_once_and_audited(w: Any) -> None:
    actor = Actor(w.gz_sup)
    urge = urge_report(actor=actor, sender_division=w.guangzhou, year=2020, scope="agency", agency=w.gz_edu)
    assert (urge.kind, urge.agency_id, urge.division_id, urge.report_year, urge.report_scope) == (
        "report",
        w.gz_edu.pk,
        None,
        2020,
        "agency",
    )
    assert urge.sent_by_id == w.gz_sup.pk and urge.sender_division_id == w.guangzhou.pk
    assert "2020年度" in urge.message  # the default text when none is written
    # A double submit: the same urge again within minutes is the same urge.
    again = urge_report(actor=actor, sender_division=w.guangzhou, year=2020, scope="agency", agency=w.gz_edu)
    assert again.pk == urge.pk and Urge.objects.count() == 1
    audited = AuditEvent.objects.filter(action="report.urged")
    assert list(audited.values_list("actor_id", "object_id")) == [(w.gz_sup.pk, str(urge.pk))]
    # A different message is a new urge.
    urge_report(
        actor=actor,
        sender_division=w.guangzhou,
        year=2020,
        scope="agency",
        agency=w.gz_edu,
        message="请于本周内报送",
    )
    assert Urge.objects.count() == 2


def test_the_province_urges_a_city_for_its_aggregate(w: Any) -> None:
    urge = urge_report(
        actor=Actor(w.gd_sup), sender_division=w.province, year=2020, scope="region", division=w.guangzhou
    )
    assert (urge.division_id, urge.agency_id) == (w.guangzhou.pk, w.gz_gov.pk)  # the city's government
    assert [u.pk for u in urges_for_user(w.gz_sup)] == [urge.pk]  # the city's own office sees it
    assert urges_for_user(w.sz_sup) == []


@pytest.mark.parametrize(
    ("who", "sender", "target", "scope", "error", "field"),
    [
        ("edu_clerk", "guangzhou", {"agency": "gz_edu"}, "agency", PermissionDenied, None),  # not an office
        ("sz_sup", "guangzhou", {"agency": "gz_edu"}, "agency", PermissionDenied, None),  # another city's
        ("gz_sup", "province", {"division": "guangzhou"}, "region", PermissionDenied, None),  # above itself
        (
            "gz_sup",
            "guangzhou",
            {"agency": "yuexiu_edu"},
            "agency",
            InvalidInput,
            "agency",
        ),  # two levels down
        (
            "gz_sup",
            "guangzhou",
            {"agency": "gz_gov"},
            "agency",
            InvalidInput,
            "agency",
        ),  # the government itself
        ("gz_sup", "guangzhou", {"division": "beijing_jie"}, "government", InvalidInput, "division"),
        ("gz_sup", "guangzhou", {"division": "futian"}, "region", InvalidInput, "division"),  # not below it
        ("gz_sup", "guangzhou", {"division": "yuexiu"}, "government", InvalidInput, "scope"),  # owes region
        ("gz_sup", "guangzhou", {}, "agency", InvalidInput, "target"),
    ],
)
def test_who_may_urge_whom(
    w: Any,
    who: str,
    sender: str,
    target: dict[str, str],
    scope: str,
    error: type[Exception],
    field: str | None,
) -> None:
    kwargs = {k: getattr(w, v) for k, v in target.items()}
    with pytest.raises(error) as info:
        urge_report(
            actor=Actor(getattr(w, who)), sender_division=getattr(w, sender), year=2020, scope=scope, **kwargs
        )
    if field is not None:
        assert isinstance(info.value, InvalidInput) and set(info.value.fields) == {field}
    assert Urge.objects.count() == 0 and not AuditEvent.objects.filter(action="report.urged").exists()


@pytest.mark.parametrize(("year", "message"), [(2040, ""), (2020, "催" * 501)])
def test_bad_year_or_message_names_the_field(w: Any, year: int, message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        urge_report(
            actor=Actor(w.gz_sup),
            sender_division=w.guangzhou,
            year=year,
            scope="agency",
            agency=w.gz_edu,
            message=message,
        )
    assert set(info.value.fields) == {"year" if year == 2040 else "message"}


def test_a_submitted_report_needs_no_urge(w: Any) -> None:
    report = rs.report_open(actor=Actor(w.edu_head), scope="agency", agency=w.gz_edu, year=2020)
    rs.report_update_prose(actor=Actor(w.edu_head), report=report, prose=FULL_PROSE)
    urge_report(
        actor=Actor(w.gz_sup), sender_division=w.guangzhou, year=2020, scope="agency", agency=w.gz_edu
    )
    rs.report_submit(actor=Actor(w.edu_head), report=report)
    with pytest.raises(InvalidInput) as info:
        urge_report(
            actor=Actor(w.gz_sup),
            sender_division=w.guangzhou,
            year=2020,
            scope="agency",
            agency=w.gz_edu,
            message="再催",
        )
    assert set(info.value.fields) == {"report"}


def test_urge_from_the_supervision_page_reaches_the_departments_staff(
    client: Any, w: Any, settings: Any
) -> None:
    settings.GONGKAI_TODAY = "2021-02-05"  # past the departments' 1月31日
    client.force_login(w.gz_sup)
    page = client.get("/staff/reports/supervision/440100/2020/").content.decode()
    assert f'name="agency" value="{w.gz_edu.pk}"' in page and "逾期未报" in page
    response = client.post(
        "/staff/reports/supervision/440100/2020/urge/", {"scope": "agency", "agency": w.gz_edu.pk}
    )
    assert response.status_code == 302 and response["Location"] == "/staff/reports/supervision/440100/2020/"
    urge = Urge.objects.get()
    assert (urge.agency_id, urge.sender_division_id, urge.sent_by_id) == (
        w.gz_edu.pk,
        w.guangzhou.pk,
        w.gz_sup.pk,
    )
    page = client.get("/staff/reports/supervision/440100/2020/").content.decode()
    assert "已于2021-02-05催报" in page
    # The department's staff see it on their staff home, with the way to the report.
    for user in (w.edu_clerk, w.edu_head):
        client.force_login(user)
        home = client.get("/staff/").content.decode()
        assert 'id="report-urges"' in home and urge.message in home
        assert f"/staff/reports/open/?scope=agency&amp;agency={w.gz_edu.pk}&amp;year=2020" in home
    report = rs.report_open(actor=Actor(w.edu_head), scope="agency", agency=w.gz_edu, year=2020)
    client.force_login(w.gz_sup)  # the office looking at the report does not mark its own urge seen
    client.get(f"/staff/reports/{report.pk}/")
    urge.refresh_from_db()
    assert urge.seen_at is None
    client.force_login(w.edu_head)
    assert urge.message in client.get(f"/staff/reports/{report.pk}/").content.decode()
    urge.refresh_from_db()
    assert urge.seen_by_id == w.edu_head.pk and urge.seen_at is not None
    client.get(f"/staff/reports/{report.pk}/")
    assert AuditEvent.objects.filter(action="report.urge_seen").count() == 1  # once
    client.force_login(w.gz_sup)
    assert "2021-02-05已查阅" in client.get("/staff/reports/supervision/440100/2020/").content.decode()
    # Other staff do not see it; a clerk cannot post one.
    client.force_login(w.sz_sup)
    assert urge.message not in client.get("/staff/").content.decode()
    client.force_login(w.edu_clerk)
    response = client.post(
        "/staff/reports/supervision/440100/2020/urge/", {"scope": "agency", "agency": w.gz_edu.pk}
    )
    assert response.status_code == 404 and Urge.objects.count() == 1


def test_a_refused_urge_shows_its_reason(client: Any, w: Any) -> None:
    client.force_login(w.gz_sup)
    response = client.post(
        "/staff/reports/supervision/440100/2020/urge/",
        {"scope": "agency", "agency": w.yuexiu_edu.pk},
        follow=True,
    )
    assert "只能向本级政府部门催报" in response.content.decode() and Urge.objects.count() == 0
    url = "/staff/reports/supervision/440100/2020/urge/"
    for bad, status in (
        ({"scope": "x"}, 302),  # no target: refused with a message
        ({"scope": "x\x00", "agency": w.gz_edu.pk}, 302),
        ({"agency": "abc"}, 400),
        ({"division": "4401"}, 404),
        ({"agency": w.gz_edu.pk, "message": "a\x00b"}, 302),
    ):
        assert client.post(url, bad).status_code == status, bad
    assert Urge.objects.count() == 0


def test_one_click_urges_every_overdue_body_once(client: Any, w: Any, settings: Any) -> None:
    settings.GONGKAI_TODAY = (
        "2021-02-05"  # 广州市教育局 (1月31日) overdue; 越秀区's aggregate (2月20日) not yet
    )
    client.force_login(w.gz_sup)
    page = client.get("/staff/reports/supervision/440100/2020/").content.decode()
    assert "向全部 1 个逾期未报单位催报" in page
    url = "/staff/reports/supervision/440100/2020/urge-overdue/"
    for _ in range(2):  # a double submit
        assert client.post(url, {"message": "请立即报送"}).status_code == 302
    assert list(Urge.objects.values_list("agency_id", "division_id", "message")) == [
        (w.gz_edu.pk, None, "请立即报送")
    ]
    settings.GONGKAI_TODAY = "2021-02-21"
    client.post(url)
    assert set(Urge.objects.values_list("agency_id", "division_id")) == {
        (w.gz_edu.pk, None),
        (w.yuexiu_gov.pk, w.yuexiu.pk),
    }
    client.force_login(w.edu_clerk)
    assert client.post(url).status_code == 404 and Urge.objects.count() == 3
