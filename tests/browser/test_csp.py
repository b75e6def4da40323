"""The Content-Security-Policy breaks nothing: Chromium reports no violation on the portal's pages (search
suggestions and read-aloud scripts included), the admin and the API documentation."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from gongkai.publications import services
from gongkai.search.services import search_apply_outbox
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Runs in every document before its own scripts (Playwright injects it over DevTools, outside the CSP).
_RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _violations(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    found: list[str] = page.evaluate("window.__csp")
    return found


def test_no_page_violates_the_content_security_policy(page: Any) -> None:
    page.add_init_script(_RECORD_VIOLATIONS)
    w = factories.small_province()
    people = staff_of(w.gz_gov, "gz")
    pub = services.publication_create(actor=people["clerk"], agency=w.gz_gov, data=normative_input())
    publish(people, pub)
    search_apply_outbox()
    get_user_model().objects.create_superuser(username="root", password="pw-root-secret")

    reported: dict[str, list[str]] = {}
    for url in ["/", "/search/?q=招生", "/track/", "/accounts/login/", f"/agencies/{w.gz_gov.pk}/apply/"]:
        reported[url] = _violations(page, url)
    page.goto("/search/")
    with page.expect_response("**/search/suggest/?q=*"):  # suggestions fetched by script
        page.locator("#q").press_sequentially("zhaosheng")
    reported["/search/ (typing)"] = page.evaluate("window.__csp")
    page.goto("/search/?q=招生")
    page.locator("ol.results a").first.click()  # the document page, with its read-aloud script
    page.wait_for_load_state("networkidle")
    reported["document"] = page.evaluate("window.__csp")

    page.goto("/admin/login/")
    page.get_by_label("用户名").fill("root")
    page.get_by_label("密码").fill("pw-root-secret")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    for url in ["/admin/", "/admin/auth/user/", "/admin/auth/user/add/", "/api/docs"]:
        reported[url] = _violations(page, url)

    assert {url: v for url, v in reported.items() if v} == {}
    assert page.locator("#swagger-ui .info").count() == 1  # the API docs rendered with their own scripts
