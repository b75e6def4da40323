"""Cross-agency integrity (issue 10, item 5): a district may not repeal the province's 政府令, nor list the
province as co-issuer (联合发文) without the province's acceptance, whether it goes through the services,
the staff pages or the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from gongkai.api.services import api_token_issue
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Agency
from gongkai.publications import services
from gongkai.publications.co_issues import co_issue_accept, co_issue_decline
from gongkai.publications.models import CoIssue, DocKind, Publication, Validity
from gongkai.publications.states import CoIssueStatus, Status
from tests import factories
from tests.portal.html_checks import accessibility_problems
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_levels(db: Any) -> dict[str, Any]:
    """广东省人民政府 with a published 政府令, and 越秀区人民政府 (a district of 广州市), with staff."""
    w = factories.small_province()
    province = factories.agency(w.province, "广东省人民政府", Agency.Kind.GOVERNMENT)
    gd = staff_of(province, "gd")
    order = services.publication_create(
        actor=gd["clerk"], agency=province,
        data=normative_input(
            title="广东省政府信息公开规定", kind=DocKind.RULE, genre="令",
            doc_number="广东省人民政府令第270号",
        ),
    )  # fmt: skip
    return {
        "world": w, "province": province, "gd": gd, "order": publish(gd, order),
        "district": w.yuexiu_gov, "yx": staff_of(w.yuexiu_gov, "yx"),
    }  # fmt: skip


def _district_draft(t: dict[str, Any], **kw: Any) -> Publication:
    data = normative_input(title="越秀区政府信息公开实施办法", doc_number="越府〔2020〕1号", **kw)
    return services.publication_create(actor=t["yx"]["clerk"], agency=t["district"], data=data)


def _request(t: dict[str, Any], pub: Publication) -> CoIssue:
    return CoIssue.objects.get(publication=pub, agency=t["province"])


def test_a_district_cannot_repeal_the_provinces_order(two_levels: dict[str, Any]) -> None:
    t = two_levels
    before = Publication.objects.count()
    with pytest.raises(InvalidInput) as e:
        _district_draft(t, supersedes_id=t["order"].pk, supersedes_as=Validity.REPEALED)
    assert "只能修改或废止本机关的文件" in e.value.fields["supersedes"]
    assert Publication.objects.count() == before  # no draft either
    t["order"].refresh_from_db()
    assert t["order"].validity == Validity.IN_FORCE and t["order"].replaced_by_id is None


def test_naming_the_province_as_co_issuer_is_only_a_request(
    client: Client, two_levels: dict[str, Any]
) -> None:
    t = two_levels
    pub = publish(t["yx"], _district_draft(t, co_agency_ids=[t["province"].pk]))
    assert _request(t, pub).status == CoIssueStatus.PENDING
    assert list(pub.co_agencies.all()) == []
    html = client.get(f"/publications/{pub.pk}/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]  # the footer names the site's 主办单位
    assert "越秀区人民政府" in main and "广东省人民政府" not in main
    agencies = client.get(f"/api/publications/{pub.pk}").json()["agencies"]
    assert [a["id"] for a in agencies] == [t["district"].pk]
    assert (
        AuditEvent.objects.filter(action="publication.co_issue_requested", object_id=str(pub.pk)).count() == 1
    )


def test_repealing_the_order_waits_for_the_provinces_acceptance(two_levels: dict[str, Any]) -> None:
    t = two_levels
    draft = _district_draft(
        t, co_agency_ids=[t["province"].pk], supersedes_id=t["order"].pk, supersedes_as=Validity.REPEALED
    )
    with pytest.raises(InvalidInput) as e:
        publish(t["yx"], draft)
    assert e.value.code == "co_issue_not_accepted" and "广东省人民政府" in e.value.message
    draft.refresh_from_db()
    t["order"].refresh_from_db()
    assert draft.status == Status.APPROVAL and t["order"].validity == Validity.IN_FORCE  # nothing happened

    co_issue_accept(actor=t["gd"]["approver"], co_issue=_request(t, draft))
    services.publication_publish(actor=t["yx"]["approver"], publication=draft)
    t["order"].refresh_from_db()
    assert t["order"].validity == Validity.REPEALED and t["order"].replaced_by_id == draft.pk
    assert set(draft.co_agencies.all()) == {t["province"]}
    event = AuditEvent.objects.get(action="publication.co_issue_accepted")
    assert event.actor_id == t["gd"]["approver"].user.pk and event.data["agency"] == t["province"].pk


def test_only_the_named_agencys_approver_decides(two_levels: dict[str, Any]) -> None:
    t = two_levels
    item = _request(t, _district_draft(t, co_agency_ids=[t["province"].pk]))
    others = (t["yx"]["approver"], t["yx"]["clerk"], t["gd"]["clerk"], t["gd"]["reviewer"])
    for actor in (*others, Actor.public("203.0.113.9"), Actor.system("worker")):
        with pytest.raises(PermissionDenied):
            co_issue_accept(actor=actor, co_issue=item)
    co_issue_decline(actor=t["gd"]["approver"], co_issue=item)
    with pytest.raises(InvalidTransition):
        co_issue_accept(actor=t["gd"]["approver"], co_issue=item)  # decided: the author must ask again
    item.refresh_from_db()
    assert item.status == CoIssueStatus.DECLINED and item.decided_by_id == t["gd"]["approver"].user.pk
    assert list(item.publication.co_agencies.all()) == []


def test_naming_again_asks_again_and_dropping_a_name_withdraws_it(two_levels: dict[str, Any]) -> None:
    t = two_levels
    pub = _district_draft(t, co_agency_ids=[t["province"].pk])
    co_issue_decline(actor=t["gd"]["approver"], co_issue=_request(t, pub))
    data = normative_input(title="越秀区政府信息公开实施办法", doc_number="越府〔2020〕1号")
    data.co_agency_ids = [t["province"].pk]
    services.publication_update(actor=t["yx"]["clerk"], publication=pub, data=data)
    assert _request(t, pub).status == CoIssueStatus.PENDING
    data.co_agency_ids = []
    services.publication_update(actor=t["yx"]["clerk"], publication=pub, data=data)
    assert not CoIssue.objects.filter(publication=pub).exists()


def test_changing_what_the_draft_repeals_needs_a_new_acceptance(two_levels: dict[str, Any]) -> None:
    t = two_levels
    pub = _district_draft(t, co_agency_ids=[t["province"].pk])
    co_issue_accept(actor=t["gd"]["approver"], co_issue=_request(t, pub))
    data = normative_input(
        title="越秀区政府信息公开实施办法", doc_number="越府〔2020〕1号", co_agency_ids=[t["province"].pk],
        supersedes_id=t["order"].pk, supersedes_as=Validity.REPEALED,
    )  # fmt: skip
    services.publication_update(actor=t["yx"]["clerk"], publication=pub, data=data)
    assert _request(t, pub).status == CoIssueStatus.PENDING  # it accepted a document that repealed nothing
    assert list(pub.co_agencies.all()) == []


# ---------------------------------------------------------------- the staff pages


def test_the_staff_form_refuses_to_repeal_another_agencys_document(
    client: Client, two_levels: dict[str, Any]
) -> None:
    t = two_levels
    client.force_login(t["yx"]["clerk"].user)
    before = Publication.objects.count()
    r = client.post(
        f"/staff/publications/new/{t['district'].pk}/",
        {
            "title": "越秀区政府信息公开实施办法", "kind": "normative", "genre": "办法", "category": "20-1",
            "doc_number": "越府〔2020〕1号", "written_on": "2020-03-02", "supersedes": t["order"].pk,
            "supersedes_as": "repealed",
        },
    )  # fmt: skip
    assert r.status_code == 200 and "只能修改或废止本机关的文件" in r.content.decode()
    assert Publication.objects.count() == before


def test_the_co_issuer_accepts_or_declines_on_its_workbench(
    client: Client, two_levels: dict[str, Any]
) -> None:
    t = two_levels
    first = _district_draft(t, co_agency_ids=[t["province"].pk])
    second = services.publication_create(
        actor=t["yx"]["clerk"], agency=t["district"],
        data=normative_input(
            title="越秀区第二份文件", doc_number="越府〔2020〕2号", co_agency_ids=[t["province"].pk]
        ),
    )  # fmt: skip
    client.force_login(t["yx"]["approver"].user)  # the requesting side: nothing to decide
    assert "联合发文待确认" not in client.get("/staff/publications/").content.decode()
    url = f"/staff/co-issues/{_request(t, first).pk}/accept/"
    assert client.post(url).status_code == 404
    client.force_login(t["gd"]["approver"].user)
    html = client.get("/staff/publications/").content.decode()
    assert "联合发文待确认" in html and first.title in html and second.title in html
    assert accessibility_problems(html) == []
    assert client.get(f"/staff/publications/{first.pk}/").status_code == 200  # reads what it co-signs
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert client.post(f"/staff/co-issues/{_request(t, second).pk}/decline/").status_code == 302
    assert _request(t, first).status == CoIssueStatus.ACCEPTED
    assert _request(t, second).status == CoIssueStatus.DECLINED
    assert "联合发文待确认" not in client.get("/staff/publications/").content.decode()
    assert client.post(url).status_code == 302  # a second answer: a message, not an error page
    assert client.post("/staff/co-issues/99999999999999999999/accept/").status_code == 404


# ---------------------------------------------------------------- the API


def _token(people: dict[str, Any], role: str, agency: Agency) -> dict[str, str]:
    key = api_token_issue(actor=people[role], user=people[role].user, agency=agency, name="OA").key
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_goes_through_the_same_rules(client: Client, two_levels: dict[str, Any]) -> None:
    t = two_levels
    district = _token(t["yx"], "clerk", t["district"])
    body = {
        "title": "越秀区政府信息公开实施办法", "written_on": "2020-03-02", "kind": "normative",
        "genre": "办法", "category": "20-1", "doc_number": "越府〔2020〕1号", "supersedes_id": t["order"].pk,
        "supersedes_as": "repealed",
    }  # fmt: skip
    post = {"content_type": "application/json", **district}
    r = client.post("/api/staff/publications", data=json.dumps(body), **post)
    assert r.status_code == 400 and "只能修改或废止本机关的文件" in r.json()["fields"]["supersedes"]
    r = client.post(
        "/api/staff/publications", data=json.dumps({**body, "co_agency_ids": [t["province"].pk]}), **post
    )
    assert r.status_code == 201, r.content
    created = r.json()
    assert [a["id"] for a in created["agencies"]] == [t["district"].pk]  # not listed yet
    assert [(c["agency"]["id"], c["status"]) for c in created["co_issues"]] == [(t["province"].pk, "pending")]

    province = _token(t["gd"], "approver", t["province"])
    [pending] = client.get("/api/staff/co-issues", **province).json()
    assert pending["publication_id"] == created["id"]
    assert client.post(f"/api/staff/co-issues/{pending['id']}/accept", **district).status_code == 404
    clerk = _token(t["gd"], "clerk", t["province"])
    assert client.post(f"/api/staff/co-issues/{pending['id']}/accept", **clerk).status_code == 403
    r = client.post(f"/api/staff/co-issues/{pending['id']}/accept", **province)
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    again = client.post(f"/api/staff/co-issues/{pending['id']}/decline", **province)
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    listed = client.get(f"/api/staff/publications/{created['id']}", **district).json()["agencies"]
    assert [a["id"] for a in listed] == [t["district"].pk, t["province"].pk]
