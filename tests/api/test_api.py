"""The HTTP API through Django's test client: public reads with cursor pagination, staff writes with
per-agency tokens through the same services, one JSON error shape, OpenAPI at /api/docs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.api.models import ApiToken
from gongkai.api.services import api_token_issue, api_token_revoke
from gongkai.core.context import Actor
from gongkai.core.errors import PermissionDenied
from gongkai.publications import services
from gongkai.publications.models import Publication
from tests.publications.conftest import normative_input, publish

pytestmark = pytest.mark.django_db


def _published(office: dict[str, Any], n: int) -> list[Publication]:
    out = []
    for i in range(n):
        pub = services.publication_create(
            actor=office["clerk"],
            agency=office["agency"],
            data=normative_input(title=f"文件{i}", doc_number=f"穗府〔2020〕{i + 1}号"),
        )
        at = timezone.make_aware(timezone.datetime(2020, 3, 2 + i % 3, 9, 0))  # several share a timestamp
        out.append(publish(office, pub, now=at))
    return out


def test_list_pages_through_every_record_once_with_cursors(client: Client, office: dict[str, Any]) -> None:
    made = _published(office, 7)
    seen: list[int] = []
    url = "/api/publications?limit=3"
    while url:
        data = client.get(url).json()
        seen += [p["id"] for p in data["items"]]
        url = f"/api/publications?limit=3&cursor={data['next_cursor']}" if data["next_cursor"] else ""
    assert sorted(seen) == sorted(p.pk for p in made) and len(seen) == len(set(seen))


def test_filters_lookup_and_detail(client: Client, office: dict[str, Any]) -> None:
    pub = _published(office, 2)[0]
    data = client.get(
        f"/api/publications?agency={office['agency'].pk}&kind=normative&category=20-1&year=2020"
    ).json()
    assert len(data["items"]) == 2
    assert client.get("/api/publications?division=440300").json()["items"] == []  # 深圳: none
    assert len(client.get("/api/publications?division=440000").json()["items"]) == 2  # the whole province
    one = client.get(f"/api/publications/lookup?index_no={pub.index_no}").json()
    assert one["id"] == pub.pk and one["topic"] == "科技、教育\\教育" and "第一条" in one["body"]
    assert client.get(f"/api/publications/{pub.pk}").json()["index_no"] == pub.index_no


def test_errors_have_one_shape(client: Client, office: dict[str, Any]) -> None:
    for url, status, code in [
        ("/api/publications/999999", 404, "not_found"),
        ("/api/publications?cursor=garbage", 400, "invalid_input"),
        ("/api/publications?limit=1000", 400, "invalid_input"),
        ("/api/publications?division=999999", 400, "invalid_input"),
    ]:
        r = client.get(url)
        assert r.status_code == status, url
        assert set(r.json()) == {"code", "message", "fields"} and r.json()["code"] == code, url
    assert "limit" in client.get("/api/publications?limit=1000").json()["fields"]
    r = client.post("/api/staff/publications", data="{}", content_type="application/json")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


def test_drafts_are_not_public_through_the_api(client: Client, office: dict[str, Any]) -> None:
    draft = services.publication_create(
        actor=office["clerk"], agency=office["agency"], data=normative_input()
    )
    assert client.get(f"/api/publications/{draft.pk}").status_code == 404
    assert client.get("/api/publications").json()["items"] == []


def test_staff_create_update_submit_with_a_token(client: Client, office: dict[str, Any]) -> None:
    issued = api_token_issue(
        actor=office["clerk"], user=office["clerk"].user, agency=office["agency"], name="OA"
    )
    assert ApiToken.objects.get().key_hash != issued.key  # only the hash is kept
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issued.key}"}
    body = {
        "title": "关于做好防汛工作的通知",
        "written_on": "2020-06-01",
        "category": "20-12",
        "doc_number": "穗府办[2020]7号",
    }
    r = client.post("/api/staff/publications", data=json.dumps(body), content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["doc_number"] == "穗府办〔2020〕7号" and r.json()["status"] == "draft"
    bad = client.put(
        f"/api/staff/publications/{pk}",
        data=json.dumps({**body, "doc_number": "x", "title": ""}),
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and {"doc_number", "title"} <= set(bad.json()["fields"])
    assert Publication.objects.get(pk=pk).title == "关于做好防汛工作的通知"  # nothing lost
    r = client.post(f"/api/staff/publications/{pk}/submit", **auth)
    assert r.status_code == 200 and r.json()["status"] == "in_review"
    r = client.post(f"/api/staff/publications/{pk}/submit", **auth)
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"
    other = services.publication_create(
        actor=office["outsider"], agency=office["world"].gz_edu, data=normative_input(category="20-1")
    )
    assert client.get(f"/api/staff/publications/{other.pk}", **auth).status_code == 404  # another agency's
    api_token_revoke(actor=office["clerk"], token=issued.token)
    assert client.get(f"/api/staff/publications/{pk}", **auth).status_code == 401


def test_tokens_only_for_the_agencys_own_staff(office: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        api_token_issue(
            actor=office["outsider"], user=office["outsider"].user, agency=office["agency"], name="x"
        )
    with pytest.raises(PermissionDenied):
        api_token_issue(
            actor=Actor(office["outsider"].user), user=office["clerk"].user, agency=office["agency"], name="x"
        )


def test_openapi_document_and_docs_page(client: Client) -> None:
    spec = client.get("/api/openapi.json").json()
    assert "/api/publications" in spec["paths"] and "/api/staff/publications" in spec["paths"]
    r = client.get("/api/docs")
    assert r.status_code == 200 and b"swagger" in r.content.lower()


def test_search_endpoint(client: Client, office: dict[str, Any]) -> None:
    import time

    from gongkai.search.services import search_apply_outbox

    pub = _published(office, 2)[0]
    search_apply_outbox()
    time.sleep(0.25)  # readers look for a new commit at most every 0.2 s
    data = client.get("/api/search", {"q": pub.doc_number}).json()
    assert data["exact"] and data["hits"][0]["url"] == f"/publications/{pub.pk}/"
    data = client.get("/api/search", {"q": "文件", "kind": "publication", "sort": "date"}).json()
    assert data["total"] == 2 and {f["name"] for f in data["facets"]} >= {"kind", "agency", "year"}
    hit = client.get("/api/search", {"q": "招生"}).json()["hits"][0]
    assert "【招生】" in hit["snippet"]
    bad = client.get("/api/search", {"q": ""})
    assert (
        bad.status_code == 400
        and set(bad.json()) == {"code", "message", "fields"}
        and "q" in bad.json()["fields"]
    )
