"""No input gives a 500: every URL pattern of the portal, walked with hostile path values and hostile query
strings, as the public, a clerk and a supervisor; then the exact answers (status and Chinese message) for
the cases found in the field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, unquote

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.applications import services as app_services
from gongkai.core.context import Actor
from gongkai.gazette.models import GazetteDocument
from gongkai.gazette.services import gazette_import
from gongkai.orgs.roles import Role
from gongkai.publications import services as pub_services
from gongkai.publications.models import Topic
from gongkai.reports import services as report_services
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
LONG = "长" * 3000
#: Values for path converters: <int:…> only matches digits, <str:…> anything but a slash.
INT_VALUES = ("0", HUGE)
STR_VALUES = ("zz", quote("\x00"), quote("²"), "a" * 2000)
#: Parameters the portal's views read (the walk also records the ones each view asks for), posted together.
PARAMS = (
    "year", "agency", "division", "page", "q", "category", "received_on", "sort", "type", "kind",
    "status", "flag", "mine", "topic", "level", "validity", "scope", "mode", "next", "agency_name",
)  # fmt: skip
VALUES = ("²", "-1326", "10000", HUGE, "9999-12-31", quote("\x00"), quote(LONG))
#: The fields of the staff action forms (posted with their form's prefix).
ACTION_FIELDS = (
    "outcome", "basis", "referred_agency", "party", "note", "method", "title", "summary", "body",
    "validity", "form", "question", "answer", "video_url", "result", "case_number",
)  # fmt: skip
#: Where pages answer differently to staff: walked again as a clerk and as a supervisor.
STAFF_SIDE = ("staff/", "reports/", "track/", "accounts/")
#: A query that makes a page do its work (a search needs a term) before the hostile parameter is added.
BASE_QUERY = {"page": "q=教育", "choose_agency": "q=教育", "suggest": "q=jy"}
#: Form fields the staff and public forms read, posted with every hostile value at once.
FORM_FIELDS = (
    *PARAMS, "on", "deadline", "days", "items", "pages", "filed_on", "reason", "attachment",
    "interpretation_id", "form_prefix", "receipt_number", "query_code", "id_number", "email",
    "username", "password",
)  # fmt: skip


@pytest.fixture(autouse=True)
def unlimited(settings: Any) -> None:
    """No rate limit: the walk must reach every view, not the 429 page."""
    for name in ("TRACK", "APPLY", "SEARCH", "SUGGEST", "LOGIN"):
        setattr(settings, f"GONGKAI_RATE_{name}", "1000000/m")


@dataclass
class Route:
    """One URL pattern: its route with the converters' names, e.g. ``gazette/<int:year>/``."""

    route: str
    name: str

    def fill(self, values: dict[str, str]) -> str:
        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: values[m.group(2)], self.route)

    def converters(self) -> list[tuple[str, str]]:
        return [(kind or "str", name) for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", self.route)]


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[Route]:
    for p in patterns:
        part = str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + (part if part != "en/" else ""))
        elif isinstance(p, URLPattern):
            yield Route(prefix + part, p.name or "")


def portal_routes() -> list[Route]:
    """Every route but the admin's and the API's (tested by their owners), once each."""
    seen: dict[str, Route] = {}
    for r in _routes(get_resolver().url_patterns):
        skipped = r.route.startswith(("admin/", "api/")) or r.name == "logout"  # logout ends the session
        if not skipped and r.route not in seen:
            seen[r.route] = r
    return list(seen.values())


def _world() -> dict[str, Any]:
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    approver = factories.staff("approver", Role.APPROVER, agency=w.yuexiu_edu)
    supervisor = factories.staff("sup", Role.SUPERVISOR, division=w.guangzhou)
    office = staff_of(w.gz_gov, "gz")
    pub = publish(office, pub_services.publication_create(
        actor=office["clerk"], agency=w.gz_gov, data=normative_input()
    ))  # fmt: skip
    app = factories.registered_application(w.yuexiu_edu, clerk, date(2020, 3, 2))
    app_services.application_decide(
        actor=Actor(user=clerk),
        application=app,
        outcome="三、本年度办理结果/（一）予以公开",
        on=date(2020, 3, 20),
    )
    letter = app_services.letter_issue(actor=Actor(user=clerk), application=app, kind="decision")
    gazette_import(actor=Actor.system("tests"), lines=[_gazette_line()])
    report = report_services.report_open(
        actor=Actor(user=approver), scope="agency", agency=w.yuexiu_edu, year=2020
    )
    doc = GazetteDocument.objects.get()
    real = {
        "staff/applications/": {"pk": str(app.pk)},
        "staff/reports/supervision/": {"year": "2020"},
        "staff/reports/table2/": {"year": "2020"},
        "staff/reports/": {"pk": str(report.pk)},
        "reports/": {"pk": str(report.pk)},
        "gazette/documents/": {"pk": str(doc.pk)},
        "": {
            "agency_id": str(w.yuexiu_edu.pk), "pk": str(pub.pk), "code": "440104", "year": "2001",
            "number": "3", "section": "1", "receipt": app.receipt_number, "letter_id": str(letter.pk),
            "fmt": "docx", "action": "submit", "attachment_id": "1", "appeal_id": "1", "flag_id": "1",
        },
    }  # fmt: skip
    return {
        "world": w, "clerk": clerk, "supervisor": supervisor, "gz_clerk": office["clerk"].user, "app": app,
        "report": report, "real": real,
    }  # fmt: skip


def _gazette_line() -> str:
    import json

    return json.dumps(
        {"source_id": "gd-1", "year": 2001, "issue": 3, "date": "2001-02-15", "title": "广东省某规定",
         "doc_number": "粤府〔2001〕1号", "issuer": "广东省人民政府", "text": "第一条", "pages": "12-15"},
        ensure_ascii=False,
    )  # fmt: skip


def _hostile_paths(route: Route, base: dict[str, str]) -> Iterator[str]:
    """The route with each converter in turn given each hostile value (the others real)."""
    for kind, name in route.converters():
        for value in INT_VALUES if kind == "int" else STR_VALUES:
            yield route.fill(base | {name: value})


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The names of the query parameters the views ask for (recorded on Django's QueryDict)."""
    names: set[str] = set()
    for method in ("get", "getlist", "__getitem__", "__contains__"):
        original = getattr(QueryDict, method)

        def recording(self: QueryDict, key: str, *args: Any, _original: Any = original) -> Any:
            names.add(key)
            return _original(self, key, *args)

        monkeypatch.setattr(QueryDict, method, recording)
    return names


def _walk(client: Client, routes: list[Route], real: dict[str, dict[str, str]], reads: set[str]) -> list[str]:
    """Hostile path values; on each page that answers, every query parameter the view reads alone with each
    hostile value; and a POST of every form field with each hostile value."""
    failures: list[str] = []

    def check(method: str, url: str, data: dict[str, str] | None = None) -> int:
        response = getattr(client, method)(url, data)
        if response.status_code >= 500 or response.status_code == 429:  # 429: the view was not reached
            failures.append(f"{method.upper()} {url[:120]} {str(data)[:60]} → {response.status_code}")
        return int(response.status_code)

    for route in routes:
        base = {name: _real(real, route, name) for _, name in route.converters()}
        for url in _hostile_paths(route, base):
            if check("get", url) == 405:
                check("post", url)
        url = route.fill(base)
        reads.clear()
        status = check("get", f"{url}?{BASE_QUERY.get(route.name, 'x=1')}")
        if status < 500:  # a page that redirects (open a report) reads its parameters too
            for param in sorted(reads):
                for value in VALUES:
                    check("get", f"{url}?{BASE_QUERY.get(route.name, 'x=1')}&{param}={value}")
        if status in (200, 405):
            for value in VALUES:
                check("post", url, dict.fromkeys(FORM_FIELDS, unquote(value)))
    return failures


def _real(real: dict[str, dict[str, str]], route: Route, name: str) -> str:
    """A value of the converter ``name`` that exists, for the route's part of the site."""
    for prefix, values in real.items():
        if route.route.startswith(prefix) and name in values:
            return values[name]
    return real[""].get(name, "1")


@pytest.mark.parametrize("who", ["anonymous", "clerk", "supervisor"])
def test_no_url_answers_5xx_to_hostile_values(who: str, reads: set[str]) -> None:
    data = _world()
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(data[who])
    routes = portal_routes()
    if who != "anonymous":  # the pages that depend on who is logged in (the public ones are walked once)
        routes = [r for r in routes if r.route.startswith(STAFF_SIDE) or r.name == "apply"]
    failures = _walk(client, routes, data["real"], reads)
    assert failures == [], "\n".join(failures)


# ---------------------------------------------------------------- the cases found in the field


@pytest.fixture
def supervisor(db: Any) -> Client:
    w = factories.small_province()
    client = Client(raise_request_exception=False)
    client.force_login(factories.staff("sup", Role.SUPERVISOR, division=w.guangzhou))
    client.world = w  # type: ignore[attr-defined]
    return client


def _answer(client: Client, url: str) -> tuple[int, str]:
    response = client.get(url)
    body = response.content.decode()
    main = body.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in body else body
    return response.status_code, main


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=²", "年份应为1949至2100之间的整数"),
        ("year=-1326", "年份应为1949至2100之间的整数"),
        ("year=10000", "年份应为1949至2100之间的整数"),
        ("year=abc", "年份应为1949至2100之间的整数"),
        ("year=%00", "参数“year”含有不允许的字符或过长"),
        ("year=" + "9" * 3000, "参数“year”含有不允许的字符或过长"),
    ],
)
def test_staff_supervision_year_is_validated(supervisor: Client, query: str, message: str) -> None:
    status, main = _answer(supervisor, f"/staff/supervision/440100/?{query}")
    assert (status, message in main, "请求有误" in main) == (400, True, True)


def test_staff_supervision_of_an_unknown_division_is_a_404(supervisor: Client) -> None:
    status, main = _answer(supervisor, "/staff/supervision/999999/")
    assert status == 404 and "行政区划代码999999不存在" in main
    status, main = _answer(supervisor, "/staff/reports/supervision/%C2%B2/2020/")
    assert status == 404 and "行政区划代码应为6位" in main
    status, main = _answer(supervisor, "/staff/reports/supervision/440100/10000/")
    assert status == 404 and "年份应为1949至2100之间的整数" in main


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "年份应为1949至2100之间的整数"),
        ("agency=99999999999999999999", "参数“agency”应为1至9223372036854775807之间的整数"),
        ("agency=abc", "参数“agency”应为1至9223372036854775807之间的整数"),
        ("scope=zz", "参数“scope”的值无效"),
    ],
)
def test_opening_a_report_validates_its_parameters(supervisor: Client, query: str, message: str) -> None:
    status, main = _answer(supervisor, f"/staff/reports/open/?{query}")
    assert status == 400 and message in main


def test_opening_a_report_of_an_unknown_division_is_a_404(supervisor: Client) -> None:
    status, main = _answer(supervisor, "/staff/reports/open/?scope=region&division=999999")
    assert status == 404 and "行政区划代码999999不存在" in main


def test_inbox_parameters_are_validated(db: Any) -> None:
    w = factories.small_province()
    client = Client(raise_request_exception=False)
    client.force_login(factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu))
    assert _answer(client, "/staff/applications/?status=zz")[0] == 400
    assert _answer(client, "/staff/applications/?page=99999999999999999999")[0] == 400
    status, main = _answer(client, f"/staff/applications/?agency={w.gz_edu.pk}")  # not the clerk's agency
    assert status == 404 and "您不在该机关任职" in main
    assert _answer(client, "/staff/applications/?agency=99999999999999999999")[0] == 400
    assert _answer(client, "/staff/applications/?status=")[0] == 200


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("q=教育&year=²", 400, "年份应为1949至2100之间的整数"),
        ("q=教育&year=10000", 400, "年份应为1949至2100之间的整数"),
        ("q=教育&agency=99999999999999999999", 400, "参数“agency”应为1至9223372036854775807之间的整数"),
        ("q=教育&page=abc", 400, "参数“page”应为1至10000之间的整数"),
        ("q=%00", 400, "参数“q”含有不允许的字符或过长"),
        ("q=" + "长" * 3000, 400, "参数“q”含有不允许的字符或过长"),
        ("q=" + "长" * 500, 200, "搜索"),  # a long term is cut to what the engine reads
    ],
)
def test_search_parameters_are_validated(db: Any, query: str, status: int, message: str) -> None:
    answer = _answer(Client(raise_request_exception=False), f"/search/?{query}")
    assert answer[0] == status and message in answer[1]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=²", "发布年份"),
        ("year=-1326", "发布年份"),
        ("agency=99999999999999999999", "发布机构"),
        ("division=%00", "地区"),
        ("agency_name=" + "长" * 41, "“发布机构名称”不能超过40个字"),
        ("agency=99999", "没有编号为99999的机关"),  # once silently the unfiltered list
        ("division=999999", "行政区划代码999999不存在"),
        ("topic=99999", "主题分类"),
    ],
)
def test_library_filters_are_named_with_a_400(db: Any, query: str, message: str) -> None:
    response = Client(raise_request_exception=False).get(f"/library/?{query}")
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode() and message in response.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/gazette/0/", "年份应为1949至2100之间的整数"),
        ("/gazette/1990/", "1990年没有收录的政府公报"),
        ("/gazette/99999999999999999999/", "年份应为1949至2100之间的整数"),
        ("/gazette/2001/99999999999999999999/", ""),
        ("/sitemap-99999999999999999999.xml", "站点地图只有1个分段"),
        ("/sitemap-0.xml", "站点地图只有1个分段"),
        ("/sitemap-2.xml", "站点地图只有1个分段"),
        ("/agencies/99999999999999999999/", ""),
        ("/agencies/abc/", ""),
        ("/publications/99999999999999999999/", ""),
        ("/divisions/999999/", "行政区划代码999999不存在"),
        ("/divisions/%00/", ""),
        ("/divisions/" + "a" * 3000 + "/", ""),
    ],
)
def test_soft_and_hostile_404s_are_real_404s(db: Any, url: str, message: str) -> None:
    status, main = _answer(Client(raise_request_exception=False), url)
    assert status == 404 and "页面不存在" in main and message in main


def test_page_numbers_are_validated(db: Any) -> None:
    client = Client(raise_request_exception=False)
    assert _answer(client, "/library/?page=99999999999999999999")[0] == 400
    assert _answer(client, "/library/?page=-1")[0] == 400
    assert _answer(client, "/library/?page=10000")[0] == 200  # past the end: the last page


def test_every_staff_action_form_refuses_hostile_values_without_a_5xx(reads: set[str]) -> None:
    """The case and publication actions name their fields with a prefix ("extend-on"): each is posted with
    every field of its form set to each hostile value, by the staff who may act."""
    from gongkai.applications.views import _ACTIONS as CASE_ACTIONS
    from gongkai.publications.views import _ACTIONS as PUBLICATION_ACTIONS

    data = _world()
    failures = []
    for who, url, actions in (
        ("clerk", f"/staff/applications/{data['app'].pk}/", CASE_ACTIONS),
        ("gz_clerk", f"/staff/publications/{data['real']['']['pk']}/", PUBLICATION_ACTIONS),
    ):
        client = Client(raise_request_exception=False)
        client.force_login(data[who])
        for action in actions:
            for value in VALUES:
                body = {f"{action}-{f}": unquote(value) for f in (*FORM_FIELDS, *ACTION_FIELDS)}
                body |= dict.fromkeys(("attachment", "form_prefix"), unquote(value))
                response = client.post(f"{url}{action}/", body)
                if response.status_code >= 500:
                    failures.append(f"{who} {action} {value[:20]} → {response.status_code}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("value", ["١٢", "²", " 12_0", "1e3", "+5", "0x10", "12345678901234567890"])
def test_numbers_are_ascii_digits_only(value: str) -> None:
    from django.test import RequestFactory

    from gongkai.portal.params import BadParameter, id_param

    with pytest.raises(BadParameter, match="参数“agency”应为1至9223372036854775807之间的整数"):
        id_param(RequestFactory().get("/", {"agency": value}), "agency")


def test_table2_entry_refuses_hostile_figures_cell_by_cell(db: Any) -> None:
    """表二 cells posted with values Decimal accepts but the column cannot hold (NaN, Infinity, 1e400)."""
    data = _world()
    client = Client(raise_request_exception=False)
    client.force_login(data["clerk"])
    url = f"/staff/reports/table2/{data['world'].yuexiu_edu.pk}/2020/"
    cells = report_services.table2_cells(2020)
    for value in (*VALUES, "NaN", "Infinity", "1e400", "-0", "1,2,3", "9" * 30, "0." + "1" * 40):
        response = client.post(url, {"/".join(cell): unquote(value) for cell in cells})
        assert response.status_code in (200, 302), value
    first = "/".join(cells[0])
    response = client.post(url, {first: "NaN"})
    assert "应为数字" in response.content.decode()
    response = client.post(url, {first: "1e400"})
    assert "数值过大" in response.content.decode()


def test_an_overlong_video_link_is_a_field_error(db: Any) -> None:
    """The column holds 200 characters: a longer link was a 500 on PostgreSQL."""
    data = _world()
    clerk = data["gz_clerk"]
    draft = pub_services.publication_create(
        actor=Actor(user=clerk),
        agency=data["world"].gz_gov,
        data=normative_input(doc_number="穗府〔2020〕4号"),
    )
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    response = client.post(
        f"/staff/publications/{draft.pk}/interpretation/",
        {
            "interp-title": "解读",
            "interp-form": "text",
            "interp-video_url": "https://v.example.cn/" + "a" * 1000,
        },
    )
    assert response.status_code == 400
    assert "“视频链接”不能超过200个字（现有1021个）" in response.content.decode()


def test_each_field_of_the_publication_form_with_hostile_values_gives_no_5xx(db: Any) -> None:
    """A new draft, one field at a time hostile (the others valid), so each value reaches the service."""
    data = _world()
    topic = Topic.objects.get(parent__name="科技、教育", name="教育")
    valid = {
        "title": "广州市某办法", "kind": "normative", "genre": "办法", "category": "20-1",
        "doc_number": "穗府〔2020〕5号", "written_on": "2020-03-02", "topic": str(topic.pk),
        "summary": "概述", "body": "<p>正文</p>", "keywords": "教育", "co_agencies": "", "supersedes": "",
    }  # fmt: skip
    client = Client(raise_request_exception=False)
    client.force_login(data["gz_clerk"])
    url = f"/staff/publications/new/{data['world'].gz_gov.pk}/"
    assert client.post(url, valid).status_code == 302  # the baseline is a valid draft
    failures = []
    for field in (*valid, "changed_on", "effective_on", "supersedes_as", "needs_interpretation"):
        for value in (*VALUES, "²,1", "1,99999999999999999999", "<script>alert(1)</script>"):
            status = client.post(url, valid | {field: unquote(value)}).status_code
            if status >= 500:
                failures.append(f"{field}={value[:30]} → {status}")
    assert failures == []
