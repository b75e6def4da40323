"""The HTTP API through Django's test client: public reads with cursor pagination, staff writes with
per-agency tokens through the same services, one JSON error shape, OpenAPI at /api/docs."""

from __future__ import annotations

import json
import re
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


# ---------------------------------------------------------------- hostile input, declared statuses, limits

CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_error(r: Any, status: int) -> bool:
    body = r.json()
    return (
        r.status_code == status
        and set(body) == {"code", "message", "fields"}
        and bool(CJK.search(body["message"]))
    )


def test_hostile_input_is_a_4xx_with_a_chinese_message(client: Client, office: dict[str, Any]) -> None:
    issued = api_token_issue(
        actor=office["clerk"], user=office["clerk"].user, agency=office["agency"], name="x"
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issued.key}"}
    huge = "99999999999999999999"
    for url, status in [
        ("/api/publications/999999", 404),
        (f"/api/publications/{huge}", 400),
        ("/api/publications/0", 400),
        ("/api/publications/abc", 400),
        (f"/api/publications?agency={huge}", 400),
        ("/api/publications?year=10000", 400),
        ("/api/publications?year=-1326", 400),
        ("/api/publications?year=%C2%B2", 400),  # ²
        ("/api/publications?kind=nonsense", 400),
        ("/api/publications?division=%00", 400),
        ("/api/publications?cursor=" + "x" * 500, 400),
        ("/api/publications/lookup?index_no=" + "9" * 41, 400),
        ("/api/search?q=" + "税" * 101, 400),
    ]:
        assert _is_error(client.get(url), status), url
    post = {"content_type": "application/json", **auth}
    body = {"title": "关于做好防汛工作的通知", "written_on": "2020-06-01", "category": "20-12"}
    for payload, field in [
        ("{not json", None),
        ("[1, 2]", None),
        (json.dumps({**body, "title": 5}), "title"),
        (json.dumps({**body, "title": "长" * 301}), "title"),
        (json.dumps({**body, "written_on": "2020-02-30"}), "written_on"),
        (json.dumps({**body, "topic_id": int(huge)}), "topic_id"),
        (json.dumps({**body, "co_agency_ids": [int(huge)]}), "co_agency_ids.0"),
        (json.dumps({**body, "co_agency_ids": list(range(1, 30))}), "co_agency_ids"),
        (json.dumps({**body, "summary": "a\x00b"}), "summary"),
    ]:
        r = client.post("/api/staff/publications", data=payload, **post)
        assert _is_error(r, 400), payload[:40]
        assert field is None or field in r.json()["fields"], (payload[:40], r.json())
        assert field is None or CJK.search(r.json()["fields"][field]), r.json()
    assert not Publication.objects.exists()
    assert _is_error(client.put(f"/api/staff/publications/{huge}", data=json.dumps(body), **post), 400)
    assert _is_error(client.post("/api/staff/publications/999999/submit", **auth), 404)
    assert _is_error(client.get("/api/staff/publications/1", HTTP_AUTHORIZATION="Bearer " + "x" * 5000), 401)
    too_big = client.post("/api/staff/publications", data="{}", CONTENT_LENGTH=str(10**9), **post)
    assert _is_error(too_big, 413)  # refused before the body is read, in the same shape


def test_openapi_declares_every_status_in_the_one_error_shape(client: Client) -> None:
    spec = client.get("/api/openapi.json").json()
    error_ref = "#/components/schemas/ErrorOut"
    assert set(spec["components"]["schemas"]["ErrorOut"]["required"]) == {"code", "message", "fields"}
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            declared = {int(s) for s in op["responses"]}
            expected = {400, 429} | ({401, 403} if path.startswith("/api/staff/") else set())
            assert expected <= declared, (method, path, declared)
            for status in declared - {200, 201}:
                schema = op["responses"][str(status)]["content"]["application/json"]["schema"]
                assert schema == {"$ref": error_ref}, (method, path, status)


def test_rate_limit_per_address_answers_429_with_retry_after(
    client: Client, office: dict[str, Any], settings: Any
) -> None:
    settings.GONGKAI_RATE_API = "3/m"
    for _ in range(3):
        assert client.get("/api/publications").status_code == 200
    r = client.get("/api/publications")
    assert _is_error(r, 429) and r.json()["code"] == "rate_limited"
    assert 1 <= int(r["Retry-After"]) <= 60 and f"{r['Retry-After']}秒" in r.json()["message"]
    assert client.get("/api/search?q=x").status_code == 429  # one budget for the whole API
    assert client.get("/api/publications", REMOTE_ADDR="10.0.0.2").status_code == 200  # another address
    settings.GONGKAI_RATE_API = "100/m"  # raised: the same address is served again at once
    assert client.get("/api/publications").status_code == 200


def test_rate_limit_per_token_across_addresses(client: Client, office: dict[str, Any], settings: Any) -> None:
    settings.GONGKAI_RATE_API, settings.GONGKAI_RATE_API_TOKEN = "100/m", "2/m"
    issued = api_token_issue(
        actor=office["clerk"], user=office["clerk"].user, agency=office["agency"], name="x"
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issued.key}"}
    for address in ("10.0.0.1", "10.0.0.2"):
        assert client.get("/api/staff/co-issues", REMOTE_ADDR=address, **auth).status_code == 200
    r = client.get("/api/staff/co-issues", REMOTE_ADDR="10.0.0.3", **auth)
    assert _is_error(r, 429) and int(r["Retry-After"]) >= 1
    assert client.get("/api/publications", REMOTE_ADDR="10.0.0.3").status_code == 200  # public: by address


def test_wrong_tokens_count_against_the_address(client: Client, settings: Any) -> None:
    settings.GONGKAI_RATE_API = "5/m"
    statuses = [
        client.get("/api/staff/co-issues", HTTP_AUTHORIZATION=f"Bearer gk_guess{i}").status_code
        for i in range(7)
    ]
    assert statuses == [401] * 5 + [429] * 2
    assert client.get("/api/staff/co-issues").status_code == 429  # no token at all counts the same


def test_an_unknown_api_path_answers_in_the_error_shape(db: Any) -> None:
    from django.test import Client

    r = Client().get("/api/nonexistent")
    assert r.status_code == 404 and r["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "not_found" and "接口不存在" in r.json()["message"]
