"""Lists past their end, malformed page numbers and queries nothing matches, the same everywhere (issue #12):
a page past the end shows the last page; a malformed number is a Chinese 400 logged in one line, never a
traceback; a query in Latin letters that finds nothing says that the documents are in Chinese."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

from gongkai.core.context import Actor
from gongkai.core.logs import ClientErrorsWithoutTraceback
from gongkai.publications import services
from gongkai.publications.models import Publication
from gongkai.search.services import search_reindex
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(settings: Any) -> Any:
    settings.GONGKAI_PAGE_CACHE = False
    world = factories.small_province()
    people = staff_of(world.gz_gov, "gz")
    for i in range(25):  # two pages of 20 in the library and the 目录, three of 10 in search
        data = normative_input(title=f"关于招生工作的通知（第{i}号）", doc_number=f"穗府〔2020〕{i + 1}号")
        publish(people, services.publication_create(actor=people["clerk"], agency=world.gz_gov, data=data))
    search_reindex(actor=Actor.system("tests"))
    return world


@pytest.mark.parametrize(
    ("path", "last"),
    [
        ("/library/?page={n}", "第 2 页"),
        ("/agencies/{agency}/catalogue/{category}/?page={n}", "第 2 页"),
        ("/search/?q=招生&page={n}", "第 3 页，共 3 页"),
    ],
)
def test_a_page_past_the_end_is_the_last_page(client: Client, listed: Any, path: str, last: str) -> None:
    pub = Publication.objects.filter(agency=listed.gz_gov).first()
    assert pub is not None
    url = path.format(n=9999, agency=listed.gz_gov.pk, category=pub.category)
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert last in text, url
    assert "关于招生工作的通知" in text  # the last page's records, not an empty list


def test_a_malformed_page_number_is_a_chinese_400(client: Client, listed: Any) -> None:
    response = client.get("/library/?page=abc")
    assert response.status_code == 400
    assert "page" in response.content.decode() or "页" in response.content.decode()


def test_client_errors_are_logged_without_a_traceback() -> None:
    try:
        raise ValueError("bad page")
    except ValueError as e:
        exc_info = (type(e), e, e.__traceback__)

    def record(status: int) -> logging.LogRecord:
        r = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Bad Request", None, exc_info)
        r.status_code = status
        return r

    client_error, server_error = record(400), record(500)
    keep = ClientErrorsWithoutTraceback()
    assert keep.filter(client_error) and keep.filter(server_error)
    assert client_error.exc_info is None  # one line
    assert server_error.exc_info is not None  # a crash keeps its traceback


def test_the_configured_console_handler_drops_4xx_tracebacks() -> None:
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    assert any(any(isinstance(f, ClientErrorsWithoutTraceback) for f in h.filters) for h in handlers), (
        "settings.LOGGING must put the filter on the console handler"
    )


def test_a_latin_query_that_finds_nothing_says_the_documents_are_chinese(client: Client, listed: Any) -> None:
    text = client.get("/en/search/?q=education").content.decode()
    assert "in Chinese" in text
    chinese = client.get("/search/?q=招生").content.decode()
    assert "本站文件均为中文" not in chinese  # only when nothing was found for Latin letters


def test_the_contact_page_falls_back_to_the_general_offices_contacts(client: Client, settings: Any) -> None:
    settings.GONGKAI_PAGE_CACHE = False
    w = factories.small_province()
    factories.agency(
        w.province,
        "广东省人民政府办公厅",
        kind="general_office",
        phone="020-83135078",
        email="gkb@example.gov.cn",
        office_address="广州市越秀区府前路1号",
    )
    text = client.get("/contact/").content.decode()
    for fact in ("020-83135078", "gkb@example.gov.cn", "广州市越秀区府前路1号"):
        assert fact in text
    settings.GONGKAI_SITE_CONTACT_PHONE = "12345"
    assert "12345" in client.get("/contact/").content.decode()  # the setting wins


def test_the_agency_picker_tells_same_named_towns_apart(client: Client, settings: Any) -> None:
    settings.GONGKAI_PAGE_CACHE = False
    w = factories.small_province()
    for code, county in (("440117", "从化区"), ("440118", "增城区")):
        place = factories.division(w.guangzhou, code, county)
        town = factories.division(place, code + "100", "太平镇")
        factories.agency(town, "太平镇人民政府", kind="government")
    text = client.get("/apply/", {"q": "太平镇人民政府"}).content.decode()
    assert "广州市 · 从化区 · 太平镇" in text
    assert "广州市 · 增城区 · 太平镇" in text
