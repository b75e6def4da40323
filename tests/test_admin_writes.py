"""The admin writes only through services: every registered ModelAdmin is read-only or service-backed, and
an edit through the real admin pages leaves an audit event (a refusal leaves nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.test import Client, RequestFactory

from gongkai.api.models import ApiToken
from gongkai.api.services import api_token_issue
from gongkai.core.context import Actor
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear
from gongkai.orgs.models import Agency, Division, StaffRole
from gongkai.orgs.roles import Role
from gongkai.publications.models import CatalogueEntry, GrassrootsDomain, PowerItem, Topic
from gongkai.search.models import Term
from tests import factories

pytestmark = pytest.mark.django_db

#: Admins that may write without our services, and why (none today: django-axes' and django-tasks-db's
#: admins are replaced by read-only or service-backed ones in gongkai.core.admin and gongkai.jobs.admin).
THIRD_PARTY: dict[str, str] = {}


@pytest.fixture
def root(client: Client) -> Any:
    user = factories.user("root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _actions(label: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith=label).order_by("pk").values_list("action", flat=True)
    )


def _overrides(model_admin: ModelAdmin[Any], name: str) -> bool:
    return getattr(type(model_admin), name) is not getattr(ModelAdmin, name)


def test_every_model_admin_is_read_only_or_writes_through_services() -> None:
    superuser = factories.user("super", is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label in THIRD_PARTY:
            continue
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
            assert _overrides(model_admin, "save_model"), label
        if model_admin.has_delete_permission(request):
            assert _overrides(model_admin, "delete_model"), label
            assert _overrides(model_admin, "delete_queryset"), label  # the bulk "delete selected" action
        for inline in model_admin.get_inline_instances(request):
            assert inline.has_change_permission(request) is False or _overrides(
                model_admin, "save_formset"
            ), label


def test_topics_are_created_changed_and_deleted_with_an_audit_trail(client: Client, root: Any) -> None:
    assert (
        client.post("/admin/publications/topic/add/", {"name": "试点主题", "sort_order": 3}).status_code
        == 302
    )
    topic = Topic.objects.get(name="试点主题")
    url = f"/admin/publications/topic/{topic.pk}/change/"
    assert client.post(url, {"name": "试点主题二", "sort_order": 3}).status_code == 302
    assert client.post(f"/admin/publications/topic/{topic.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Topic.objects.filter(pk=topic.pk).exists()
    assert _actions("publications.topic.") == [
        "publications.topic.created",
        "publications.topic.updated",
        "publications.topic.deleted",
    ]
    updated = AuditEvent.objects.get(action="publications.topic.updated")
    assert (updated.actor_label, updated.data) == ("root", {"fields": ["name"]})


def test_catalogue_entries_edited_inline_are_audited(client: Client, root: Any) -> None:
    domain = GrassrootsDomain.objects.create(code="X1", name="测试领域", sort_order=1)
    entry = {
        "level1": "政策文件",
        "level2": "规范性文件",
        "content": "文件全文",
        "basis": "《条例》",
        "time_limit": "20个工作日内",
        "audience": "全社会",
        "mode": "主动",
        "sort_order": 0,
    }
    data = {"code": "X1", "name": "测试领域", "sort_order": 1, "entries-TOTAL_FORMS": 1}
    data |= {"entries-INITIAL_FORMS": 0, "entries-MIN_NUM_FORMS": 0, "entries-MAX_NUM_FORMS": 1000}
    data |= {f"entries-0-{k}": v for k, v in entry.items()} | {"entries-0-domain": domain.pk}
    response = client.post(f"/admin/publications/grassrootsdomain/{domain.pk}/change/", data)
    assert response.status_code == 302
    assert CatalogueEntry.objects.filter(domain=domain, level1="政策文件").count() == 1
    assert _actions("publications.catalogueentry.") == ["publications.catalogueentry.created"]
    assert _actions("publications.grassrootsdomain.") == []  # the domain itself did not change


def test_power_items_and_search_terms_are_audited(client: Client, root: Any) -> None:
    agency = factories.small_province().gz_edu
    item = {"agency": agency.pk, "kind": "行政许可", "name": "教师资格认定", "established_on": "2019-01-01"}
    assert client.post("/admin/publications/poweritem/add/", item).status_code == 302
    pk = PowerItem.objects.get().pk
    item |= {"abolished_on": "2021-06-30"}
    assert client.post(f"/admin/publications/poweritem/{pk}/change/", item).status_code == 302
    assert PowerItem.objects.get().abolished_on == date(2021, 6, 30)
    assert client.post("/admin/search/term/add/", {"word": "粤康码", "synonyms": ""}).status_code == 302
    assert _actions("publications.poweritem.") == [
        "publications.poweritem.created",
        "publications.poweritem.updated",
    ]
    assert _actions("search.term.") == ["search.term.created"]
    assert Term.objects.get().word == "粤康码"


def test_calendar_year_notice_and_days_are_audited(client: Client, root: Any) -> None:
    year = CalendarYear.objects.get(year=2020)
    shown = client.get(f"/admin/core/calendaryear/{year.pk}/change/").context["adminform"].form
    # The year's days as the form shows them (folded into ranges), sent back unchanged with a new title.
    assert "2020-10-01 至 2020-10-08" in shown.initial["holidays"]
    response = client.post(
        f"/admin/core/calendaryear/{year.pk}/change/",
        {
            "notice": "国办发明电〔2019〕16号",
            "holidays": shown.initial["holidays"],
            "workdays": shown.initial["workdays"],
        },
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.year, year.notice) == (2020, "国办发明电〔2019〕16号")
    day = {"date": "2020-10-28", "kind": "holiday", "name": "更正"}
    assert client.post("/admin/core/calendarday/add/", day).status_code == 302
    assert CalendarDay.objects.get(date=date(2020, 10, 28)).name == "更正"
    assert _actions("calendar.") == ["calendar.year_updated", "calendar.day_set"]
    assert client.post(f"/admin/core/calendaryear/{year.pk}/delete/", {"post": "yes"}).status_code == 403


def test_divisions_through_services_and_never_dragged(client: Client, root: Any) -> None:
    w = factories.small_province()
    added = {
        "parent_code": "440100",
        "code": "440106",
        "name": "天河区",
        "kind": "district",
        "has_districts": "",
    }
    assert client.post("/admin/orgs/division/add/", added).status_code == 302
    tianhe = Division.objects.get(code="440106")
    assert (tianhe.level, tianhe.get_parent().pk) == (3, w.guangzhou.pk)
    change = {"name": "广州市天河区", "kind": "district"}
    assert client.post(f"/admin/orgs/division/{tianhe.pk}/change/", change).status_code == 302
    # A division with a supervisor is not deleted (its role would silently go): refused, shown, kept.
    factories.staff("th-sup", Role.SUPERVISOR, division=tianhe)
    response = client.post(f"/admin/orgs/division/{tianhe.pk}/delete/", {"post": "yes"}, follow=True)
    assert "还有政务公开办人员" in response.content.decode()
    assert StaffRole.objects.filter(division=tianhe).exists()
    StaffRole.objects.filter(division=tianhe).delete()
    assert client.post(f"/admin/orgs/division/{tianhe.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Division.objects.filter(pk=tianhe.pk).exists()
    moved = client.post("/admin/orgs/division/move/", {"node": w.futian.pk, "target": w.guangzhou.pk})
    assert moved.status_code == 400
    assert w.futian.get_parent().pk == w.shenzhen.pk
    assert _actions("orgs.division.")[-3:] == [
        "orgs.division.created",
        "orgs.division.updated",
        "orgs.division.deleted",
    ]


def test_moving_an_agency_is_audited_not_a_bare_update(client: Client, root: Any) -> None:
    w = factories.small_province()
    edu = w.gz_edu
    data = {
        "division": w.yuexiu.pk,
        "uscc": edu.uscc,
        "name": edu.name,
        "short_name": "",
        "kind": edu.kind,
        "sort_order": 0,
        "is_active": "on",
        "phone": "020-83000000",
    }
    assert client.post(f"/admin/orgs/agency/{edu.pk}/change/", data).status_code == 302
    edu.refresh_from_db()
    assert (edu.division_id, edu.phone) == (w.yuexiu.pk, "020-83000000")
    moved = AuditEvent.objects.get(action="orgs.agency.moved")
    assert moved.data == {"from": "440100", "to": "440104"}
    assert AuditEvent.objects.get(action="orgs.agency.updated").data == {"fields": ["phone"]}
    assert client.post(f"/admin/orgs/agency/{edu.pk}/delete/", {"post": "yes"}).status_code == 403


def test_staff_roles_granted_and_bulk_revoked_through_services(client: Client, root: Any) -> None:
    w = factories.small_province()
    clerk = factories.user("newclerk")
    grant = {"user": clerk.pk, "role": Role.CLERK, "agency": w.gz_edu.pk}
    assert client.post("/admin/orgs/staffrole/add/", grant).status_code == 302
    pk = StaffRole.objects.get(user=clerk).pk
    bulk = {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
    assert client.post("/admin/orgs/staffrole/", bulk).status_code == 302
    assert not StaffRole.objects.filter(user=clerk).exists()
    assert _actions("orgs.role.")[-2:] == ["orgs.role.granted", "orgs.role.revoked"]


def test_api_tokens_are_only_revoked_through_the_service(client: Client, root: Any) -> None:
    w = factories.small_province()
    clerk = factories.staff("apiclerk", Role.CLERK, agency=w.gz_edu)
    token = api_token_issue(actor=Actor.system("tests"), user=clerk, agency=w.gz_edu, name="对接").token
    other = factories.staff("other", Role.CLERK, agency=w.gz_gov)
    response = client.post(f"/admin/api/apitoken/{token.pk}/change/", {"user": other.pk, "name": "x"})
    assert response.status_code == 403
    bulk = {"action": "revoke", "_selected_action": [token.pk]}
    assert client.post("/admin/api/apitoken/", bulk).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.user_id == clerk.pk
    assert _actions("api.token_revoked") == ["api.token_revoked"]


def test_a_refused_bulk_action_is_a_message_not_an_error(client: Client) -> None:
    from django.contrib.auth.models import Permission

    w = factories.small_province()
    owner = factories.staff("owner", Role.CLERK, agency=w.gz_edu)
    token = api_token_issue(actor=Actor.system("tests"), user=owner, agency=w.gz_edu, name="对接").token
    viewer = factories.staff("viewer", Role.CLERK, agency=w.gz_gov)
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_apitoken"))
    client.force_login(viewer)
    bulk = {"action": "revoke", "_selected_action": [token.pk]}
    response = client.post("/admin/api/apitoken/", bulk, follow=True)
    assert (
        response.status_code == 200 and "只有系统管理员或令牌持有人可以吊销令牌" in response.content.decode()
    )
    token.refresh_from_db()
    assert token.revoked_at is None and not _actions("api.token_revoked")


def test_admin_site_rights_alone_do_not_let_a_non_administrator_write(client: Client) -> None:
    """Django's model permissions open the admin page; the service still asks the actor's role."""
    from django.contrib.auth.models import Permission

    w = factories.small_province()
    clerk = factories.staff("sneaky", Role.CLERK, agency=w.gz_edu)
    clerk.is_staff = True
    clerk.save()
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["add_topic", "view_topic"]))
    client.force_login(clerk)
    response = client.post("/admin/publications/topic/add/", {"name": "越权", "sort_order": 0}, follow=True)
    assert "只有系统管理员可以维护基础数据" in response.content.decode()
    assert not Topic.objects.filter(name="越权").exists()
    assert _actions("publications.") == []
    assert Agency.objects.count() == 8 and ApiToken.objects.count() == 0


def test_user_accounts_are_created_changed_and_given_passwords_through_services(
    client: Client, root: Any
) -> None:
    from django.contrib.auth import get_user_model

    pw = "Zq7-gongkai-测试-2026"
    added = {"username": "zhangsan", "password1": pw, "password2": pw}
    assert client.post("/admin/auth/user/add/", added).status_code == 302
    user = get_user_model().objects.get(username="zhangsan")
    change = {
        "last_name": "张",
        "first_name": "三",
        "email": "zs@example.cn",
        "is_active": "on",
        "is_superuser": "on",
    }
    assert client.post(f"/admin/auth/user/{user.pk}/change/", change).status_code == 302
    user.refresh_from_db()
    assert (user.email, user.is_superuser) == ("zs@example.cn", False)  # administration is a role, not a tick
    new_pw = {"password1": pw + "x", "password2": pw + "x", "usable_password": "true"}
    assert client.post(f"/admin/auth/user/{user.pk}/password/", new_pw).status_code == 302
    user.refresh_from_db()
    assert user.check_password(pw + "x")
    assert _actions("auth.user.") == ["auth.user.created", "auth.user.updated", "auth.user.password_set"]
    assert AuditEvent.objects.get(action="auth.user.updated").data == {
        "fields": ["email", "first_name", "last_name"]
    }
    assert client.post(f"/admin/auth/user/{user.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/auth/group/").status_code == 404


def test_lifting_a_login_lockout_is_audited_and_the_login_logs_stay(client: Client, root: Any) -> None:
    from axes.models import AccessAttempt, AccessLog

    attempt = AccessAttempt.objects.create(
        username="440000-sup", ip_address="203.0.113.7", failures_since_start=10, get_data="", post_data=""
    )
    log = AccessLog.objects.create(username="440000-sup", ip_address="203.0.113.7")
    assert client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
    cleared = AuditEvent.objects.get(action="auth.login_lock_cleared")
    assert (cleared.actor_label, cleared.object_repr, cleared.data) == (
        "root",
        "440000-sup",
        {"ip": "203.0.113.7", "failures": 10},
    )
    assert client.post(f"/admin/axes/accesslog/{log.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessLog.objects.filter(pk=log.pk).exists()


def test_a_bulk_delete_is_all_or_nothing(client: Client, root: Any) -> None:
    w = factories.small_province()
    empty = factories.division(w.guangzhou, "440106", "天河区")
    staffed = factories.division(w.guangzhou, "440111", "白云区")
    factories.staff("by-sup", Role.SUPERVISOR, division=staffed)
    bulk = {"action": "delete_selected", "_selected_action": [empty.pk, staffed.pk], "post": "yes"}
    response = client.post("/admin/orgs/division/", bulk, follow=True)
    assert "白云区还有政务公开办人员" in response.content.decode()
    assert Division.objects.filter(pk__in=[empty.pk, staffed.pk]).count() == 2
    assert _actions("orgs.division.deleted") == []
