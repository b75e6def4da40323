from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from tests import factories
from tests.portal.html_checks import accessibility_problems

pytestmark = pytest.mark.django_db


def test_home_shows_province_and_cities(client: Client) -> None:
    factories.small_province()
    html = client.get("/").content.decode()
    assert "广东省" in html
    assert "广州市" in html and 'href="/divisions/440100/"' in html
    assert accessibility_problems(html) == []


def test_home_query_count_does_not_grow_with_the_tree(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    w = factories.small_province()
    for i in range(5):
        factories.division(w.shenzhen, f"44031{i}", f"测试区{i}")
    with django_assert_max_num_queries(9):  # tree (6) + latest, most read, interpretations
        assert client.get("/").status_code == 200


def test_division_page_has_breadcrumbs_children_and_agencies(client: Client) -> None:
    factories.small_province()
    response = client.get("/divisions/440104/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="page">越秀区' in html
    assert "北京街道" in html and "广州市越秀区教育局" in html
    assert accessibility_problems(html) == []


def test_unknown_division_is_404(client: Client) -> None:
    assert client.get("/divisions/999999/").status_code == 404


def test_agency_page_shows_disclosure_office_contacts(client: Client) -> None:
    w = factories.small_province()
    agency = factories.agency(
        w.guangzhou,
        "广州市统计局",
        office_name="广州市统计局办公室",
        phone="020-83330000",
        office_address="广州市越秀区府前路1号",
        office_hours="工作日9:00—17:30",
    )
    html = client.get(f"/agencies/{agency.pk}/").content.decode()
    for text in (
        "广州市统计局办公室",
        "020-83330000",
        "广州市越秀区府前路1号",
        "工作日9:00—17:30",
        agency.uscc,
    ):
        assert text in html
    assert accessibility_problems(html) == []


def test_login_page_is_accessible_and_errors_are_chinese(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert accessibility_problems(html) == []
    response = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请输入一个正确的" in html  # Django's own zh-hans message for bad credentials
    assert 'value="nobody"' in html  # what was typed is kept
    assert accessibility_problems(html) == []


def test_staff_login_lands_on_workbench_with_roles(client: Client) -> None:
    w = factories.small_province()
    factories.staff("clerk1", Role.CLERK, agency=w.gz_edu)
    response = client.post("/accounts/login/", {"username": "clerk1", "password": "pw-clerk1"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/staff/"
    assert "经办人" in html and "广州市教育局" in html
    assert "进入管理后台" not in html
    assert accessibility_problems(html) == []


def test_workbench_requires_login(client: Client) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_english_interface_is_available(client: Client) -> None:
    factories.small_province()
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert 'href="/divisions/440100/" lang="zh-Hans"' not in html  # links stay in English …
    assert 'href="/en/divisions/440100/"' in html
    assert '<a href="/" lang="zh-Hans" hreflang="zh-Hans">中文</a>' in html  # … and lead back to Chinese


def test_chinese_whatever_the_browser_asks_for(client: Client) -> None:
    factories.small_province()
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "跳到主要内容" in html
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in html


def test_admin_lists_load_and_invalid_uscc_is_reported_on_its_field(client: Client) -> None:
    w = factories.small_province()
    admin = factories.user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    for url in (
        "/admin/",
        "/admin/orgs/agency/",
        "/admin/orgs/division/",
        "/admin/core/calendarday/",
        "/admin/core/auditevent/",
        "/admin/orgs/staffrole/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/admin/orgs/agency/add/",
        {
            "division": w.guangzhou.pk,
            "kind": "department",
            "name": "广州市统计局",
            "uscc": "11440100000000011X",
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["uscc"]
    assert "统一社会信用代码" in errors["uscc"][0]
    ok = client.post(
        "/admin/orgs/agency/add/",
        {
            "division": w.guangzhou.pk,
            "kind": "department",
            "name": "广州市统计局",
            "uscc": factories.uscc_for("440100"),
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert ok.status_code == 302
    assert AuditEvent.objects.filter(
        action="orgs.agency.created", object_repr="广州市统计局", actor_label="root"
    ).exists()


def test_english_catalogue_is_complete(tmp_path: Any) -> None:
    """Every user-facing string in the code and templates is in the committed English catalogue and
    translated (run `make messages` after changing text, then translate the new entries)."""
    import re
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import gongkai

    package = Path(gongkai.__file__).parent
    po = (package / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]
    untranslated = [e for e in entries if 'msgstr ""' in e.splitlines()[-1] and "msgid_plural" not in e]
    assert [e for e in entries if "#, fuzzy" in e] == []
    assert untranslated == [], untranslated[:3]
    # what makemessages would extract from the source now, compared with the committed catalogue
    copy = tmp_path / "gongkai"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po"))
    (copy / "locale/en/LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    gongkai_cli = str(Path(sys.executable).with_name("gongkai"))
    subprocess.run(
        [gongkai_cli, "manage", "makemessages", "-l", "en"], cwd=copy, check=True, capture_output=True
    )
    fresh = (copy / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")

    def msgids(text: str) -> set[str]:
        found = set()
        for block in text.split("\n\n")[1:]:
            m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
            if m:
                found.add("".join(re.findall(r'"(.*)"', m.group(1))))
        return found - {""}

    missing = sorted(msgids(fresh) - msgids(po))
    assert missing == [], f"not in the English catalogue (run make messages): {missing[:5]}"


def test_unset_filing_numbers_show_placeholders_with_the_provinces_abbreviation(
    client: Client, settings: Any
) -> None:
    factories.small_province()
    settings.GONGKAI_SITE_ICP = settings.GONGKAI_SITE_PSB = ""
    html = client.get("/").content.decode()
    assert "粤ICP备00000000号" in html and "粤公网安备00000000000000号" in html
    settings.GONGKAI_SITE_ICP = "粤ICP备05070829号"
    assert "粤ICP备05070829号" in client.get("/").content.decode()


def test_a_supervisors_workbench_offers_supervision_not_an_agencys_inbox(client: Client) -> None:
    from gongkai.orgs.roles import Role

    w = factories.small_province()
    client.force_login(factories.staff("gz-sup", Role.SUPERVISOR, division=w.guangzhou))
    html = client.get("/staff/").content.decode()
    assert "/staff/supervision/440100/" in html
    assert 'href="/staff/applications/"' not in html and 'id="my-work"' not in html
    client.force_login(factories.staff("gz-clerk", Role.CLERK, agency=w.gz_edu))
    html = client.get("/staff/").content.decode()
    assert 'href="/staff/applications/"' in html and 'id="my-work"' in html
