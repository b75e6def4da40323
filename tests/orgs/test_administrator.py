"""The first administrator (``gongkai init``) is created through ``administrator_ensure``: password checked,
audited, idempotent, and only for a system task."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs import selectors, services
from gongkai.orgs.models import StaffRole
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_creates_a_superuser_with_the_admin_role_and_audits_it() -> None:
    assert not selectors.administrator_exists()
    user, created = services.administrator_ensure(
        actor=Actor.system("init"), username=" chief ", password="a-long-secret-1"
    )
    assert created and user.username == "chief" and user.is_superuser and user.is_staff
    assert user.check_password("a-long-secret-1")
    assert list(StaffRole.objects.filter(user=user).values_list("role", flat=True)) == [Role.ADMIN]
    event = AuditEvent.objects.get(action="auth.admin.created")
    assert (event.object_id, event.actor_label, event.data) == (str(user.pk), "init", {"username": "chief"})
    assert "a-long-secret-1" not in str(AuditEvent.objects.values_list("data", flat=True))
    assert AuditEvent.objects.filter(action="orgs.role.granted", object_type="orgs.staffrole").count() == 1
    assert selectors.administrator_exists()


def test_a_second_run_changes_nothing() -> None:
    first, _ = services.administrator_ensure(
        actor=Actor.system("init"), username="chief", password="a-long-secret-1"
    )
    events = AuditEvent.objects.count()
    again, created = services.administrator_ensure(
        actor=Actor.system("init"), username="other", password="another-secret-2"
    )
    assert (again.pk, created) == (first.pk, False)
    again.refresh_from_db()
    assert again.check_password("a-long-secret-1")  # the existing password is never overwritten
    assert get_user_model().objects.count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("chief", "123", "password"),  # too short, common, numeric
        ("chief", "chief123", "password"),  # too similar to the username
        ("  ", "a-long-secret-1", "username"),
    ],
)
def test_an_unusable_username_or_password_creates_nothing(username: str, password: str, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        services.administrator_ensure(actor=Actor.system("init"), username=username, password=password)
    assert list(err.value.fields) == [field]
    assert get_user_model().objects.count() == 0
    assert not AuditEvent.objects.exists()


def test_every_password_problem_is_named_in_chinese() -> None:
    with pytest.raises(InvalidInput) as err:
        services.administrator_ensure(actor=Actor.system("init"), username="chief", password="123")
    problems = "密码太短，至少需要8个字符；这个密码太常见了；密码只包含数字"
    assert err.value.message == f"管理员密码不符合要求：{problems}"


def test_an_existing_ordinary_login_is_not_promoted() -> None:
    factories.user("chief")
    with pytest.raises(InvalidInput) as err:
        services.administrator_ensure(
            actor=Actor.system("init"), username="chief", password="a-long-secret-1"
        )
    assert "chief" in err.value.message
    assert not selectors.administrator_exists()


def test_only_a_system_task_may_create_the_first_administrator() -> None:
    clerk = factories.user("clerk")
    with pytest.raises(PermissionDenied):
        services.administrator_ensure(actor=Actor(clerk), username="chief", password="a-long-secret-1")
    with pytest.raises(PermissionDenied):
        services.administrator_ensure(actor=Actor.public(), username="chief", password="a-long-secret-1")
    assert not selectors.administrator_exists()
