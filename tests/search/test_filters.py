"""Search filters the platform does not know are refused (400, Chinese, naming the filter) on the page and
through the API, instead of searching unfiltered while the page shows the value as a chosen filter."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    ["kind=本站已停服请致电", "level=9", "validity=zzz", "category=99-9", "agency=abc", "year=²"],
)
def test_unknown_filters_are_refused_on_the_page_and_in_the_api(query: str, settings: Any) -> None:
    settings.GONGKAI_RATE_SEARCH = settings.GONGKAI_RATE_API = "100000/h"
    name = query.split("=")[0]
    page = Client().get(f"/search/?q=条例&{query}")
    html = page.content.decode()
    named = f"“{name}”" in html or (name == "year" and "年份应为" in html)
    assert page.status_code == 400 and named and "已选条件" not in html
    assert "本站已停服" not in html  # crafted text is not put on the government's page
    api = Client().get(f"/api/search?q=条例&{query}")
    assert api.status_code == 400 and name in api.json()["fields"]


def test_known_filters_still_filter(settings: Any) -> None:
    settings.GONGKAI_RATE_SEARCH = settings.GONGKAI_RATE_API = "100000/h"
    assert Client().get("/search/?q=条例&kind=publication&level=2&validity=in_force").status_code == 200
    assert Client().get("/api/search?q=条例&kind=gazette&year=2020").status_code == 200
