"""Authority comes from the typed actor: the public is refused every staff service, a system task is accepted
only by the services that tasks need (seeding, reference data, imports, reindexing, erasure), and nobody
is let through because a service was called without a user."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import RequestFactory

from gongkai.api.services import api_token_issue
from gongkai.appeals import services as appeal_services
from gongkai.applications import services as app_services
from gongkai.core import services as core_services
from gongkai.core.context import Actor, ActorKind
from gongkai.core.errors import PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.gazette.services import gazette_import
from gongkai.orgs import services as org_services
from gongkai.orgs.roles import Role
from gongkai.publications import services as pub_services
from gongkai.publications.models import Topic
from gongkai.reports import services as report_services
from gongkai.search.services import search_reindex
from tests import factories

pytestmark = pytest.mark.django_db
PUBLIC = Actor.public("203.0.113.9")
TASK = Actor.system("worker")


def test_kinds_are_explicit_and_consistent() -> None:
    clerk = factories.user("clerk")
    assert (Actor(clerk).kind, Actor(clerk).label) == (ActorKind.STAFF, "clerk")
    assert (PUBLIC.kind, PUBLIC.label, PUBLIC.user) == (ActorKind.PUBLIC, "public", None)
    assert (TASK.kind, TASK.label, TASK.is_system) == (ActorKind.SYSTEM, "worker", True)
    for broken in (
        lambda: Actor(user=None),  # no more "no user means the system"
        lambda: Actor(clerk, kind=ActorKind.PUBLIC),
        lambda: Actor(user=None, kind=ActorKind.SYSTEM),  # a task has a name
        lambda: Actor(clerk, task="worker"),
        lambda: Actor(clerk, tracker_case_id=1),
    ):
        with pytest.raises(ValueError):
            broken()
    assert Actor.public(tracker_case_id=7).verified_for(7) and not Actor.public(
        tracker_case_id=7
    ).verified_for(8)
    assert not Actor.public().verified_for(7)


def test_from_request_is_staff_when_logged_in_and_the_applicant_when_the_tracker_verified() -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.1")
    request.user = factories.user("someone")
    assert Actor.from_request(request).is_staff
    tracked = Actor.from_request(request, tracker_case_id=5)  # acting on the tracker, whoever is logged in
    assert (tracked.is_public, tracked.user, tracked.tracker_case_id) == (True, None, 5)
    request.user = AnonymousUser()
    assert Actor.from_request(request) == Actor.public("198.51.100.1")


@pytest.fixture
def world() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("c", Role.CLERK, agency=w.gz_edu)
    w.app = factories.registered_application(w.gz_edu, w.clerk, date(2020, 9, 28))
    return w


def _staff_services(w: Any, actor: Actor) -> dict[str, Callable[[], Any]]:
    """Services only staff (with the right role) may call."""
    return {
        "application_start": lambda: app_services.application_start(actor=actor, application=w.app),
        "application_submit(registered)": lambda: app_services.application_submit(
            actor=actor,
            agency=w.gz_edu,
            applicant=factories.applicant_data(),
            request=factories.request_data(),
            channel="in_person",
            received_on=date(2020, 9, 28),
        ),
        "letter_issue": lambda: app_services.letter_issue(actor=actor, application=w.app, kind="decision"),
        "appeal_record": lambda: appeal_services.appeal_record(
            actor=actor, agency=w.gz_edu, kind="review", filed_on=date(2020, 3, 2)
        ),
        "report_open": lambda: report_services.report_open(
            actor=actor, scope="agency", agency=w.gz_edu, year=2020
        ),
        "publication_create": lambda: pub_services.publication_create(
            actor=actor,
            agency=w.gz_edu,
            data=pub_services.PublicationInput(title="x", written_on=date(2020, 1, 2)),
        ),
        "applicant_personal_data": lambda: app_services.applicant_personal_data(
            actor=actor, application=w.app
        ),
    }


def _task_services(w: Any, actor: Actor) -> dict[str, Callable[[], Any]]:
    """Services the operator's tasks need (and administrators may call)."""
    return {
        "division_create": lambda: org_services.division_create(
            actor=actor, parent=w.guangzhou, code="440106", name="天河区", level=3, kind="district"
        ),
        "agency_update": lambda: org_services.agency_update(
            actor=actor, agency=w.gz_edu, phone="020-1234567"
        ),
        "staff_role_grant": lambda: org_services.staff_role_grant(
            actor=actor, user=factories.user(f"u{actor.kind}"), role=Role.CLERK, agency=w.gz_edu
        ),
        "calendar_day_set": lambda: core_services.calendar_day_set(
            actor=actor, day=date(2020, 10, 28), kind="holiday", name="更正"
        ),
        "reference_row_save": lambda: core_services.reference_row_save(
            actor=actor, row=Topic(name=f"t{actor.kind}")
        ),
        "reference_data_seed": lambda: pub_services.reference_data_seed(actor=actor),
        "api_token_issue": lambda: api_token_issue(actor=actor, user=w.clerk, agency=w.gz_edu, name="t"),
        "gazette_import": lambda: gazette_import(actor=actor, lines=[]),
        "search_reindex": lambda: search_reindex(actor=actor),
        "recompute_due_dates": lambda: app_services.applications_recompute_due_dates(actor=actor),
        "personal_data_erase_expired": lambda: app_services.personal_data_erase_expired(actor=actor),
    }


def test_the_public_is_refused_every_staff_and_task_service(world: Any) -> None:
    calls = _staff_services(world, PUBLIC) | _task_services(world, PUBLIC)
    before = AuditEvent.objects.count()
    refused = []
    for name, call in calls.items():
        with pytest.raises(PermissionDenied):
            call()
        refused.append(name)
    assert refused == list(calls)
    assert AuditEvent.objects.count() == before


def test_a_system_task_is_refused_staff_work(world: Any) -> None:
    before = AuditEvent.objects.count()
    for name, call in _staff_services(world, TASK).items():
        with pytest.raises(PermissionDenied):
            call()
        assert AuditEvent.objects.count() == before, name


def test_a_system_task_is_allowed_what_tasks_need_and_is_named_in_the_audit(world: Any) -> None:
    for name, call in _task_services(world, TASK).items():
        call()  # no PermissionDenied
        assert AuditEvent.objects.filter(actor_label="worker").exists(), name
    assert not AuditEvent.objects.filter(actor_label="worker", actor__isnull=False).exists()


def test_a_clerk_is_not_an_administrator(world: Any) -> None:
    clerk = Actor(world.clerk)
    assert not clerk.is_administrator
    for name in (
        "division_create",
        "calendar_day_set",
        "reference_row_save",
        "gazette_import",
        "search_reindex",
    ):
        with pytest.raises(PermissionDenied):
            _task_services(world, clerk)[name]()
    root = Actor(factories.staff("root", Role.ADMIN))
    assert root.is_administrator
    _task_services(world, root)["reference_row_save"]()
