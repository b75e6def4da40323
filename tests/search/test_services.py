"""Search kept equal to what is published: the outbox written with each change, the worker applying it,
rebuilds that never interrupt searching; and the service layer's suggestions, synonyms and did-you-mean."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from gongkai.core.context import Actor
from gongkai.gazette.sample import sample_lines
from gongkai.gazette.services import gazette_import
from gongkai.publications import services as pub_services
from gongkai.search import selectors
from gongkai.search.models import IndexState, OutboxEntry, Term
from gongkai.search.services import search_apply_outbox, search_reindex
from tests.publications.conftest import normative_input, publish

pytestmark = pytest.mark.django_db


def titles(query: str, **params: str) -> list[str]:
    time.sleep(0.25)  # readers look for a new commit at most every 0.2 s
    return [h.title for h in selectors.search(query, params=params).hits]


def test_publishing_withdrawing_and_drafts_follow_through_the_outbox(office: dict[str, Any]) -> None:
    draft = pub_services.publication_create(
        actor=office["clerk"], agency=office["agency"], data=normative_input(title="粤康码使用管理办法")
    )
    assert not OutboxEntry.objects.exclude(content_type="agency").exists()  # a draft changes nothing public
    pub = publish(office, draft)
    assert OutboxEntry.objects.filter(content_type="publication", object_id=pub.pk).exists()
    assert titles("粤康码") == []  # not applied yet
    assert search_apply_outbox() >= 1
    assert titles("粤康码") == ["粤康码使用管理办法"]
    assert not OutboxEntry.objects.filter(applied_batch__isnull=True).exists()  # every entry consumed
    assert IndexState.objects.get().batch == 1
    pub_services.publication_withdraw(actor=office["approver"], publication=pub, reason="内容有误")
    search_apply_outbox()
    assert titles("粤康码") == []
    assert search_apply_outbox() == 0  # nothing pending; applying again changes nothing


def test_a_replayed_outbox_is_idempotent(office: dict[str, Any]) -> None:
    publish(
        office,
        pub_services.publication_create(
            actor=office["clerk"], agency=office["agency"], data=normative_input()
        ),
    )
    search_apply_outbox()
    # as after a crash between the index commit and the database commit that marks the entries applied
    OutboxEntry.objects.update(applied_batch=None)
    search_apply_outbox()
    assert titles("招生入学管理办法") == ["广州市义务教育阶段学校招生入学管理办法"]


def test_filters_by_agency_subtree_and_facets(office: dict[str, Any]) -> None:
    publish(
        office,
        pub_services.publication_create(
            actor=office["clerk"], agency=office["agency"], data=normative_input()
        ),
    )
    search_apply_outbox()
    assert titles("招生", division="440100") == ["广州市义务教育阶段学校招生入学管理办法"]
    assert titles("招生", division="440300") == []  # 深圳
    page = selectors.search("招生")
    facets = {f.name: f.values for f in page.facets}
    assert facets["kind"] == [("publication", "政府信息", 1)]
    assert facets["agency"] == [(str(office["agency"].pk), "广州市人民政府", 1)]
    assert facets["level"] == [("2", "市级", 1)]
    assert ("20-1", "（一）行政法规、规章和规范性文件", 1) in facets["category"]


def test_synonyms_suggestions_and_did_you_mean(office: dict[str, Any]) -> None:
    publish(office, pub_services.publication_create(
        actor=office["clerk"], agency=office["agency"],
        data=normative_input(title="关于推广粤康码的通知", body="<p>参加社会保险的人员。</p>"),
    ))  # fmt: skip
    search_reindex(actor=Actor.system("tests"))
    selectors.suggestions.invalidate()
    assert titles("社保") == ["关于推广粤康码的通知"]  # 社保 ↔ 社会保险 (packaged synonyms)
    assert "粤康码" in selectors.suggest("yuekangma")
    assert "粤康码" in selectors.suggest("ykm")
    assert "粤康码" in selectors.suggest("粤康")
    page = selectors.search("粤康吗")
    assert page.total == 0 and page.did_you_mean == "粤康码"


def test_administrators_terms_join_the_dictionary(office: dict[str, Any]) -> None:
    Term.objects.create(word="穗好办", synonyms="穗好办APP")
    selectors.refresh_vocabulary()
    selectors.vocabulary.get()
    from gongkai.search import analysis

    assert "穗好办" in analysis.query_words("穗好办上线")


def test_gazette_import_is_searchable_after_the_worker_runs(settings: Any) -> None:
    import json

    line = json.dumps(
        {"source_id": "x1", "year": 2001, "issue": 3, "title": "广东省政府信息公开规定", "text": "第一条"}
    )
    gazette_import(actor=Actor.system("tests"), lines=[line])
    search_apply_outbox()
    assert titles("信息公开规定") == ["广东省政府信息公开规定"]


def test_a_rebuild_during_a_query_load_serves_every_query(settings: Any) -> None:
    lines = sample_lines(400)
    gazette_import(actor=Actor.system("tests"), lines=lines)
    search_reindex(actor=Actor.system("tests"))
    from gongkai.search import engine

    failures: list[str] = []
    served = [0]
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            for q in ("条例", "人民政府", "管理办法", "共和国"):
                try:
                    if engine.search(q, limit=10, facets=True).total == 0:
                        failures.append(f"{q}: no results")
                    served[0] += 1
                except Exception as e:  # any failure of a query is what this test looks for
                    failures.append(f"{q}: {e!r}")

    threads = [threading.Thread(target=load) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for _ in range(2):
            search_reindex(actor=Actor.system("tests"))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert failures == [] and served[0] > 20


def test_recall_on_the_real_corpus() -> None:
    """共和国 finds every document containing it (inside 中华人民共和国 too); 條例 finds every 条例; a
    quoted phrase finds exactly the documents with that contiguous text."""
    import json

    from gongkai.gazette.models import GazetteDocument

    lines = sample_lines(600)
    gazette_import(actor=Actor.system("tests"), lines=lines)
    search_reindex(actor=Actor.system("tests"))
    docs = [json.loads(line) for line in lines]
    from gongkai.search import engine

    for query, needle in (
        ("共和国", "共和国"),
        ("條例", "条例"),
        ('"人民代表大会常务委员会"', "人民代表大会常务委员会"),
    ):
        expected = {
            f"gazette:{pk}"
            for pk, title, text in GazetteDocument.objects.values_list("pk", "title", "text")
            if needle in title or needle in text
        }
        found = engine.search(query, limit=1000, facets=False)
        assert found.total == len(expected) and {h.key for h in found.hits} == expected, query
    assert len(docs) == 600


def test_a_published_annual_report_is_searchable_and_only_its_newest_version() -> None:
    from gongkai.orgs.roles import Role
    from gongkai.reports import services as report_services
    from tests import factories
    from tests.reports.prose import prose

    w = factories.small_province()
    preparer = Actor(user=factories.staff("approver", Role.APPROVER, agency=w.yuexiu_edu))
    reviewer = Actor(user=factories.staff("supx", Role.SUPERVISOR, division=w.yuexiu))
    report = report_services.report_open(actor=preparer, scope="agency", agency=w.yuexiu_edu, year=2020)
    report_services.report_update_prose(
        actor=preparer, report=report, prose=prose(一="2020年，本局推进校园安全信息公开。")
    )
    assert titles("校园安全") == []
    report_services.report_submit(actor=preparer, report=report)
    report_services.report_approve(actor=reviewer, report=report)
    report_services.report_publish(actor=preparer, report=report, confirm=True)
    search_apply_outbox()
    assert titles("校园安全") == ["广州市越秀区教育局2020年政府信息公开工作年度报告"]
    assert [h.kind for h in selectors.search("校园安全").hits] == ["report"]
    corrected = report_services.report_correct(actor=preparer, report=report, note="更正数据")
    report_services.report_submit(actor=preparer, report=corrected)
    report_services.report_approve(actor=reviewer, report=corrected)
    report_services.report_publish(actor=preparer, report=corrected, confirm=True)
    search_apply_outbox()
    time.sleep(0.25)
    hits = selectors.search("校园安全").hits
    assert [h.url for h in hits] == [f"/reports/{corrected.pk}/"]
