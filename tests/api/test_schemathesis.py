"""schemathesis against /api/openapi.json, in process: Django's real WSGI handler (every middleware, the
rate limiter included) over the test database. Every operation gets schema-valid and schema-violating
requests (wrong types, huge integers, overlong and NUL-bearing strings, malformed bodies), with a staff
token; operations on a record also get valid requests for the ids that exist. Every answer must be a
documented status with a body of the documented shape, and none a server error."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai.api.services import api_token_issue
from gongkai.publications import services
from gongkai.publications.models import CoIssue, Publication
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 100  # per operation and kind of input: 11 operations x 2 (+ 6 with real ids) > 2,000 requests
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """The real WSGI handler, without the per-request connection closing that Django's test client also
    turns off (it would close the connection that holds the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _records(office: dict[str, Any]) -> list[int]:
    """Published records, drafts, and a 联合发文 request addressed to the token's agency."""
    for i in range(3):
        pub = services.publication_create(
            actor=office["clerk"], agency=office["agency"],
            data=normative_input(title=f"文件{i}", doc_number=f"穗府〔2020〕{i + 1}号"),
        )  # fmt: skip
        if i < 2:
            publish(office, pub)
    edu = staff_of(office["world"].gz_edu, "gzedu")
    services.publication_create(
        actor=edu["clerk"], agency=office["world"].gz_edu,
        data=normative_input(doc_number="穗教〔2020〕1号", co_agency_ids=[office["agency"].pk]),
    )  # fmt: skip
    return [*Publication.objects.values_list("pk", flat=True), *CoIssue.objects.values_list("pk", flat=True)]


def _strategies(operation: Any, ids: list[int]) -> list[tuple[str, Any]]:
    kinds = [(mode.value, operation.as_strategy(generation_mode=mode)) for mode in GenerationMode]
    if "{pk}" in operation.path:
        real = st.sampled_from(ids).flatmap(lambda pk: operation.as_strategy(path_parameters={"pk": pk}))
        kinds.append(("existing ids", real))
    return kinds


def _exercise(
    operation: Any,
    kind: str,
    strategy: Any,
    auth: dict[str, str],
    statuses: Counter[Any],
    failures: dict[str, str],
) -> None:
    @given(case=strategy)
    @hypothesis.settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    def run(case: Any) -> None:
        response = case.call(headers=auth)
        statuses[(operation.label, response.status_code)] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as e:  # collected, so that one run reports every distinct failure
            failures.setdefault(f"{operation.label} ({kind}): {str(e).split('Reproduce')[0]}", str(e))

    run()


def test_every_operation_answers_with_a_documented_status_and_shape(
    wsgi_app: WSGIHandler, office: dict[str, Any], settings: Any
) -> None:
    settings.GONGKAI_RATE_API = settings.GONGKAI_RATE_API_TOKEN = "1000000/m"  # no throttling in this run
    ids = _records(office)
    token = api_token_issue(
        actor=office["approver"], user=office["approver"].user, agency=office["agency"], name="schemathesis"
    )
    auth = {"Authorization": f"Bearer {token.key}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    statuses: Counter[tuple[str, int]] = Counter()
    failures: dict[str, str] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        for kind, strategy in _strategies(operation, ids):
            _exercise(operation, kind, strategy, auth, statuses, failures)
    print(sorted(statuses.items()))  # shown with -s: what the run exercised
    assert "\n\n".join(failures.values()) == ""
    assert sum(statuses.values()) >= 2000
    assert {s for _, s in statuses} <= {200, 201, 400, 401, 403, 404, 409}  # all declared; none 5xx
    assert statuses[("PUT /api/staff/publications/{pk}", 200)] > 0  # the valid path was reached too
