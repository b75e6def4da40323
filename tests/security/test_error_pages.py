"""The error pages are Chinese, in the portal's layout, and say no more than the public may know."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from gongkai.orgs.roles import Role
from gongkai.portal import errors
from tests import factories
from tests.portal.html_checks import accessibility_problems


def _in_layout(html: str) -> bool:
    return 'class="site-header"' in html and "/static/portal/site.css" in html and 'lang="zh-Hans"' in html


@pytest.mark.django_db
def test_unknown_page_is_a_chinese_404_in_the_layout() -> None:
    factories.small_province()
    response = Client().get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "广东省政府信息公开平台" in html and _in_layout(html)
    assert "Not Found" not in html and "/no-such-page/" not in html.split("<main", 1)[1].split("</main>")[0]
    assert accessibility_problems(html) == []


@pytest.mark.django_db
def test_404_shows_our_chinese_message_but_not_djangos_english_one() -> None:
    w = factories.small_province()
    ours = Client().get("/agencies/99999/standard-catalogue/".replace("99999", str(w.gz_edu.pk)))
    assert ours.status_code == 404 and "只有县级和乡镇人民政府有基层政务公开标准目录" in ours.content.decode()
    django_message = Client().get("/gazette/documents/12345/")  # get_object_or_404: "No … matches"
    assert (
        django_message.status_code == 404 and "matches the given query" not in django_message.content.decode()
    )


@pytest.mark.django_db
def test_bad_parameter_is_a_chinese_400_naming_the_problem() -> None:
    response = Client().get("/library/?page=abc")
    html = response.content.decode()
    assert response.status_code == 400
    assert "请求有误" in html and "参数“page”应为1至10000之间的整数" in html and _in_layout(html)
    assert accessibility_problems(html) == []


@pytest.mark.django_db
def test_permission_denied_is_a_chinese_403() -> None:
    html = errors.permission_denied(
        RequestFactory().get("/"), PermissionError("secret detail")
    ).content.decode()
    assert "无权访问" in html and "secret detail" not in html and _in_layout(html)


@pytest.mark.django_db
def test_csrf_failure_is_a_chinese_403_in_the_layout() -> None:
    w = factories.small_province()
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.staff("clerk", Role.CLERK, agency=w.gz_edu))
    response = client.post("/staff/applications/new/", {"name": "陈明"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期或浏览器未启用Cookie" in html and _in_layout(html)
    assert "CSRF verification failed" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls_failing")
def test_a_bug_gives_the_chinese_500_page_without_details() -> None:
    factories.small_province()
    response = Client(raise_request_exception=False).get("/failing/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器内部错误" in html and _in_layout(html)
    assert "a bug" not in html and "RuntimeError" not in html and "Traceback" not in html


def test_500_page_renders_without_the_database(settings: object) -> None:
    """No django_db mark: any query raises, so the page must come from the template alone."""
    html = errors.server_error(RequestFactory().get("/")).content.decode()
    assert "服务器内部错误" in html and "政府信息公开平台" in html and _in_layout(html)


@pytest.mark.django_db
def test_a_request_for_another_host_is_the_chinese_400() -> None:
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    html = response.content.decode()
    assert response.status_code == 400 and "请求有误" in html and "evil.example" not in html


@pytest.mark.django_db
def test_an_overlong_login_name_is_a_form_error_not_a_500() -> None:
    response = Client(raise_request_exception=False).post(
        "/accounts/login/", {"username": "长" * 3000, "password": "x"}
    )
    assert response.status_code == 200
    assert "用户名不能超过150个字符" in response.content.decode()


@pytest.mark.django_db
def test_an_overlong_admin_login_name_is_a_form_error_not_a_500() -> None:
    response = Client(raise_request_exception=False).post(
        "/admin/login/", {"username": "长" * 3000, "password": "x"}
    )
    assert response.status_code == 200
    assert "用户名不能超过150个字符" in response.content.decode()


def test_500_page_carries_the_site_footer_without_the_database(settings: Any) -> None:
    settings.GONGKAI_SITE_SPONSOR = "广东省人民政府办公厅"
    settings.GONGKAI_SITE_ID_CODE = "4400000001"
    settings.GONGKAI_SITE_ICP = "粤ICP备05070829号"
    html = errors.server_error(RequestFactory().get("/")).content.decode()
    footer = html.split("<footer", 1)[1]
    assert "主办单位：广东省人民政府办公厅" in footer and "网站标识码：4400000001" in footer
    assert "粤ICP备05070829号" in footer and 'href="/contact/"' in footer


@pytest.mark.django_db
def test_an_english_404_explains_in_english_not_with_a_chinese_message() -> None:
    w = factories.small_province()
    try:
        response = Client().get(f"/en/agencies/{w.gz_edu.pk}/standard-catalogue/")
    finally:
        translation.activate("zh-hans")  # the locale middleware leaves English active on this thread
    html = response.content.decode()
    assert response.status_code == 404 and 'lang="en"' in html
    assert "Page not found" in html and "只有县级" not in html
