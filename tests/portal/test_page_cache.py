"""The page cache (gongkai.pages, gongkai.portal.page_http): what is saved, what is served without Django,
what each change drops, and the race between a purge and a reader saving what it rendered before it."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.core import clock
from gongkai.pages import purges, store
from gongkai.portal.page_http import PageCacheApp
from gongkai.publications import services
from gongkai.search.models import OutboxEntry
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db: Any) -> dict[str, Any]:
    w = factories.small_province()
    people = staff_of(w.gz_gov, "gz")
    pub = services.publication_create(actor=people["clerk"], agency=w.gz_gov, data=normative_input())
    publish(people, pub)
    return {"world": w, "people": people, "pub": pub}


def _django_app(calls: list[str]) -> Any:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"from django"]

    return app


def _get(
    app: Any, path: str, *, query: str = "", cookie: str = "", host: str = "testserver"
) -> tuple[str, dict[str, str], bytes]:
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": host,
               "wsgi.url_scheme": "http"}  # fmt: skip
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


def _page_file(path: str) -> Path:
    key = store.key_for(path, "", False)
    assert key is not None
    return store.day_dir(clock.today()) / key.relative


def test_an_anonymous_public_page_is_saved_and_served_before_django_with_the_same_headers(
    client: Client, site: dict[str, Any]
) -> None:
    path = f"/publications/{site['pub'].pk}/"
    response = client.get(path)
    assert response.status_code == 200 and _page_file(path).read_bytes() == response.content
    calls: list[str] = []
    status, headers, body = _get(PageCacheApp(_django_app(calls)), path)
    assert calls == [] and status == "200 OK" and body == response.content
    for name in ("Content-Type", "X-Frame-Options", "Vary", "Content-Language", "X-Content-Type-Options",
                 "Referrer-Policy", "Cross-Origin-Opener-Policy"):  # fmt: skip
        assert headers[name] == response[name], name
    directives = {d.strip() for d in response["Content-Security-Policy"].split(";")}
    assert {d.strip() for d in headers["Content-Security-Policy"].split(";")} == directives


def test_signed_in_users_messages_other_hosts_and_odd_paths_reach_django(
    client: Client, site: dict[str, Any]
) -> None:
    path = f"/publications/{site['pub'].pk}/"
    client.get(path)
    calls: list[str] = []
    app = PageCacheApp(_django_app(calls))
    _get(app, path, cookie="sessionid=abc")
    _get(app, path, cookie="a=1; messages=xyz")
    _get(app, path, host="evil.example")
    _get(app, "/publications/../admin/")
    assert len(calls) == 4
    assert _get(app, path, cookie="csrftoken=1")[2] != b"from django"  # other cookies do not matter


def test_a_signed_in_request_a_cookie_or_an_undeclared_parameter_is_never_saved(
    client: Client, site: dict[str, Any]
) -> None:
    w = site["world"]
    day = store.day_dir(clock.today())
    client.get(f"/agencies/{w.gz_gov.pk}/?utm=1")  # a parameter the view does not read
    client.get(f"/agencies/{w.gz_gov.pk}/apply/")  # not a cached view (a form with a CSRF token)
    assert not (day / "p" / "agencies" / str(w.gz_gov.pk)).exists()
    staff = Client()
    staff.force_login(site["people"]["clerk"].user)
    staff.get(f"/agencies/{w.gz_edu.pk}/")
    assert not (day / "p" / "agencies" / str(w.gz_edu.pk)).exists()
    Client().get(f"/agencies/{w.gz_edu.pk}/catalogue/20-1/?page=1")  # the form above opened a session
    assert len(list((day / "p" / "agencies" / str(w.gz_edu.pk) / "catalogue" / "20-1" / "q").iterdir())) == 1


def test_elder_mode_is_its_own_variant(client: Client, site: dict[str, Any]) -> None:
    path = f"/publications/{site['pub'].pk}/"
    client.cookies["display"] = "elder"
    elder = client.get(path).content
    calls: list[str] = []
    app = PageCacheApp(_django_app(calls))
    assert _get(app, path, cookie="display=elder")[2] == elder
    assert _get(app, path)[2] == b"from django"  # the standard page was not saved yet


def test_a_page_rendered_across_a_purge_is_not_kept(tmp_path: Path, settings: Any) -> None:
    day = store.ensure_day(date(2021, 3, 15))
    key = store.key_for("/agencies/1/", "", False)
    assert key is not None
    before = store.purge_sequence(day)
    store.purge([store.Purge("/agencies/1/")], day)  # a change lands while the old page renders
    assert store.write(day, key, b"old", before) is False and not (day / key.relative).exists()
    assert store.write(day, key, b"new", store.purge_sequence(day)) is True


def test_publishing_drops_exactly_the_pages_that_show_the_record(
    client: Client, site: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    w, people = site["world"], site["people"]
    shown = ["/", f"/agencies/{w.gz_gov.pk}/", "/library/", f"/en/agencies/{w.gz_gov.pk}/",
             f"/agencies/{w.gz_gov.pk}/catalogue/20-1/"]  # fmt: skip
    unrelated = [f"/agencies/{w.gz_edu.pk}/", f"/publications/{site['pub'].pk}/", "/gazette/"]
    for path in shown + unrelated:
        assert client.get(path).status_code == 200, path
        assert _page_file(path).exists(), path
    with django_capture_on_commit_callbacks(execute=True):
        pub = services.publication_create(
            actor=people["clerk"],
            agency=w.gz_gov,
            data=normative_input(title="新发布的通知", doc_number="穗府〔2020〕4号"),
        )
        publish(people, pub)
    assert [p for p in shown if _page_file(p).exists()] == []
    assert [p for p in unrelated if not _page_file(p).exists()] == []
    assert "新发布的通知" in client.get("/").content.decode()


def test_the_worker_purges_from_the_outbox_and_marks_what_it_did(
    client: Client, site: dict[str, Any], settings: Any
) -> None:
    path = f"/publications/{site['pub'].pk}/"
    client.get(path)
    settings.GONGKAI_PAGE_CACHE = False  # as if the process died between its commit and its own purge
    services.publication_withdraw(
        actor=site["people"]["approver"], publication=site["pub"], reason="内容有误"
    )
    settings.GONGKAI_PAGE_CACHE = True
    assert _page_file(path).exists()  # only the outbox knows
    assert purges.purge_outbox() >= 1
    assert not _page_file(path).exists()
    assert not OutboxEntry.objects.filter(purged_at__isnull=True).exists()


def test_an_agency_edit_drops_its_site_and_its_records(client: Client, site: dict[str, Any]) -> None:
    w = site["world"]
    paths = [
        f"/agencies/{w.gz_gov.pk}/",
        f"/agencies/{w.gz_gov.pk}/guide/",
        f"/publications/{site['pub'].pk}/",
    ]
    for path in paths:
        client.get(path)
    store.purge(purges.purges_for("agency", [w.gz_gov.pk]) or [], store.current_dir())
    assert [p for p in paths if _page_file(p).exists()] == []


def test_a_standard_catalogue_edit_in_the_admin_drops_the_catalogue_pages(
    client: Client, site: dict[str, Any]
) -> None:
    from gongkai.core import hooks
    from gongkai.publications.models import CatalogueEntry, GrassrootsDomain

    town = site["world"].futian_gov  # a county government: the province-wide standard shows on its page
    path = f"/agencies/{town.pk}/standard-catalogue/"
    domain = GrassrootsDomain.objects.create(code="zz", name="测试领域")
    client.get(path)
    assert _page_file(path).exists()
    admin = factories.user("catalogue-admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    form = {
        "code": "zz", "name": "测试领域（修订）", "sort_order": "0",
        "entries-TOTAL_FORMS": "1", "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0", "entries-MAX_NUM_FORMS": "1000",
        "entries-0-level1": "一级", "entries-0-level2": "二级", "entries-0-content": "内容",
        "entries-0-basis": "依据", "entries-0-time_limit": "20个工作日", "entries-0-audience": "全社会",
        "entries-0-mode": "主动", "entries-0-sort_order": "0",
    }  # fmt: skip
    seen: list[tuple[str, tuple[int, ...]]] = []
    hooks.content_changed.append(lambda kind, pks: seen.append((kind, tuple(pks))))
    try:
        response = client.post(f"/admin/publications/grassrootsdomain/{domain.pk}/change/", form)
    finally:
        hooks.content_changed.pop()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CatalogueEntry.objects.filter(domain=domain, agency=None).count() == 1
    assert ("standard_catalogue", (0,)) in seen
    assert not _page_file(path).exists()


def test_each_day_starts_with_no_pages(client: Client, site: dict[str, Any], settings: Any) -> None:
    path = f"/publications/{site['pub'].pk}/"
    client.get(path)
    calls: list[str] = []
    app = PageCacheApp(_django_app(calls))
    settings.GONGKAI_TODAY = "2031-01-02"
    assert _get(app, path)[2] == b"from django"
    purges.purge_outbox()
    assert store.current_day_name() == "2031-01-02"
    assert [d.name for d in store.root().iterdir() if d.name[0].isdigit()] == ["2031-01-02"]


def test_feeds_are_kept_per_host(client: Client, site: dict[str, Any]) -> None:
    client.get("/feeds/latest.atom", HTTP_HOST="localhost")
    calls: list[str] = []
    app = PageCacheApp(_django_app(calls))
    assert b"http://localhost/" in _get(app, "/feeds/latest.atom", host="localhost")[2]
    assert _get(app, "/feeds/latest.atom", host="127.0.0.1")[2] == b"from django"


def test_host_variants_of_a_feed_are_capped(tmp_path: Path) -> None:
    day = store.ensure_day(date(2021, 3, 15))
    keys = [store.key_for("/feeds/latest.atom", "", False, f"localhost:{8000 + i}") for i in range(10)]
    kept = [store.write(day, k, b"x", 0) for k in keys if k is not None]
    assert kept == [True] * store.MAX_HOST_VARIANTS + [False] * (10 - store.MAX_HOST_VARIANTS)


def test_query_variants_are_capped(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(store, "MAX_QUERY_VARIANTS", 3)
    day = store.ensure_day(date(2021, 3, 15))
    kept = [store.write(day, store.key_for("/library/", f"page={i}", False), b"x", 0) for i in range(5)]  # type: ignore[arg-type]
    assert kept == [True, True, True, False, False]


@pytest.mark.parametrize(
    ("name", "args", "pattern"),
    [
        ("portal:home", [], "/"),
        ("portal:agency", [7], "/agencies/7/"),
        ("publications:detail", [7], "/publications/7/"),
        ("publications:interpretation", [7], "/interpretations/7/"),
        ("publications:library", [], "/library/"),
        ("publications:category", [7, "20-1"], "/agencies/7/catalogue/20-1/"),
        ("publications:guide", [7], "/agencies/7/guide/"),
        ("publications:standard", [7], "/agencies/7/standard-catalogue/"),
        ("publications:feed", [], "/feeds/latest.atom"),
        ("publications:agency_feed", [7], "/agencies/7/feed.atom"),
        ("gazette:archive", [], "/gazette/"),
        ("reports:list", [], "/reports/"),
        ("applications:choose_agency", [], "/apply/"),
        ("sitemap", [], "/sitemap.xml"),
    ],
)
def test_the_purge_addresses_are_the_portals(name: str, args: list[Any], pattern: str) -> None:
    assert reverse(name, args=args) == pattern


def test_the_shipped_nginx_configuration_is_what_the_command_generates(settings: Any) -> None:
    from gongkai.portal import nginx

    settings.DATA_DIR = Path("/var/lib/gongkai")
    settings.STATIC_ROOT = settings.DATA_DIR / "static"
    settings.ALLOWED_HOSTS = ["www.example.gov.cn"]
    settings.GONGKAI_PAGE_CACHE_DIR = ""
    shipped = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "gongkai.conf"
    assert nginx.config(listen="80", upstream="127.0.0.1:8000") == shipped.read_text(encoding="utf-8")


def test_search_results_are_saved_and_dropped_again_once_the_index_has_the_change(
    client: Client, site: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.core.context import Actor
    from gongkai.search.services import search_apply_outbox, search_reindex

    search_reindex(actor=Actor.system("tests"))
    w, people = site["world"], site["people"]
    queries = store.day_dir(clock.today()) / "p" / "search" / "q"
    assert "义务教育" in client.get("/search/", {"q": "义务教育"}).content.decode()
    assert len(list(queries.iterdir())) == 1
    with django_capture_on_commit_callbacks(execute=True):
        pub = services.publication_create(
            actor=people["clerk"], agency=w.gz_gov,
            data=normative_input(title="义务教育学校课后服务通知", doc_number="穗府〔2020〕9号"),
        )  # fmt: skip
        publish(people, pub)
    assert not queries.exists()  # dropped at the commit ...
    assert "课后服务" not in client.get("/search/", {"q": "义务教育"}).content.decode()  # ... index not yet
    assert len(list(queries.iterdir())) == 1  # (saved from the old index)
    with django_capture_on_commit_callbacks(execute=True):
        search_apply_outbox()
    assert not queries.exists()  # dropped again once the index has it
    client.get("/search/", {"q": "义务教育"})  # the reader may not have reloaded yet: shown, never saved
    assert not queries.exists()
    time.sleep(0.5)
    assert "课后服务" in client.get("/search/", {"q": "义务教育"}).content.decode()
