"""Search the way citizens type (issue #12): pinyin and initials give results, 文号 without brackets or
with 年 find the document first, an agency's name offers its site and 指南 above the results, the apply
picker counts and pages its matches, the policy library filters by a place picked by name."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client

from gongkai.core.context import Actor
from gongkai.orgs import services as org_services
from gongkai.publications import services as pub_services
from gongkai.search import engine, selectors
from gongkai.search import tasks as search_tasks
from gongkai.search.models import OutboxEntry
from gongkai.search.services import search_apply_outbox, search_reindex
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = pytest.mark.django_db


def _publish(people: dict[str, Any], agency: Any, **data: Any) -> Any:
    pub = pub_services.publication_create(actor=people["clerk"], agency=agency, data=normative_input(**data))
    return publish(people, pub)


def _indexed(office: dict[str, Any]) -> dict[str, Any]:
    """Three publications of 广州市人民政府 and one mentioning the 文号 of another, indexed by a rebuild."""
    docs = {
        "gk": _publish(
            office, office["agency"], title="关于做好政府信息公开工作的通知", doc_number="穗府〔2020〕1号"
        ),
        "ykm": _publish(office, office["agency"], title="关于推广粤康码的通知", doc_number="穗府〔2020〕2号"),
        "other": _publish(
            office,
            office["agency"],
            title="关于落实有关文件的通知",
            doc_number="穗府〔2020〕15号",
            body="<p>贯彻穗府〔2020〕1号文件精神。</p>",
        ),
    }
    search_reindex(actor=Actor.system("tests"))
    selectors.suggestions.invalidate()
    time.sleep(0.25)  # readers look for a new commit at most every 0.2 s
    return docs


def test_initials_of_an_agency_name_offer_the_agency(office: dict[str, Any]) -> None:
    w = office["world"]
    _indexed(office)
    for query in ("gzjyj", "guangzhoujiaoyuju", "gzsjyj"):  # 广州教育局, as typed, with or without 市
        result = selectors.search(query)
        assert [c.pk for c in result.agencies][:1] == [w.gz_edu.pk], (query, result.searched_for)


@pytest.mark.django_db(transaction=True)  # the rebuilding thread reads committed rows
def test_suggestions_are_rebuilt_in_the_background_while_requests_use_the_old_list(
    office: dict[str, Any],
) -> None:
    factories.restore_reference_data()  # a transactional test before this one may have flushed them
    _indexed(office)
    old = selectors.suggestions.get()
    selectors.suggestions.built_at -= selectors.suggestions.MAX_AGE + 1
    assert selectors.suggestions.get() is old  # answered at once from the previous list
    for _ in range(200):
        if selectors.suggestions.get() is not old:
            break
        time.sleep(0.05)
    assert selectors.suggestions.get() is not old and not selectors.suggestions.refreshing


def test_full_pinyin_and_initials_return_documents(office: dict[str, Any]) -> None:
    docs = _indexed(office)
    for query, chinese, wanted in (
        ("zhengfuxinxigongkai", "政府信息公开", docs["gk"]),
        ("zfxxgk", "政府信息公开", docs["gk"]),
        ("yuekangma", "粤康码", docs["ykm"]),
        ("yue kang ma", "粤康码", docs["ykm"]),
    ):
        page = selectors.search(query)
        assert page.searched_for == chinese, query
        assert page.hits[0].url == f"/publications/{wanted.pk}/", query
    html = Client().get("/search/?q=zfxxgk").content.decode()
    assert "已为您搜索“政府信息公开”" in html and "关于做好政府信息公开工作的通知" in html
    assert selectors.search("政府信息公开").searched_for == ""  # Chinese is searched as typed


@pytest.mark.parametrize(
    "query",
    [
        "穗府2020年1号",
        "穗府2020 1号",
        "穗府20201号",
        "穗府(2020)1号",
        "穗府[2020]1号",
        "穗府（2020）第1号",
        "穗府【2020】1号",
        "穗府〔2020〕1",
        "穗府2020第1号",
    ],
)
def test_doc_numbers_as_typed_find_the_document_first(office: dict[str, Any], query: str) -> None:
    docs = _indexed(office)
    page = selectors.search(query)
    assert page.exact and page.hits[0].url == f"/publications/{docs['gk'].pk}/"
    assert selectors.search("穗府20202号").hits[0].url == f"/publications/{docs['ykm'].pk}/"


def test_an_agency_name_offers_the_agency_and_its_guide_first(office: dict[str, Any]) -> None:
    w = office["world"]
    education = factories.agency(w.province, "广东省教育厅")
    org_services.agency_update(actor=Actor.system("tests"), agency=w.gz_edu, short_name="市教育局")
    _indexed(office)
    for query, wanted in (
        ("广州市教育局", w.gz_edu),
        ("广州 市教育局", w.gz_edu),
        ("广州教育局", w.gz_edu),  # the place without its 市, as people write it
        ("教育厅", education),
        ("广州市教育局 政府信息公开指南", w.gz_edu),
        ("越秀区 政府信息公开指南", w.yuexiu_gov),  # a place's guide: its 人民政府's
    ):
        cards = selectors.search(query).agencies
        assert cards and cards[0].pk == wanted.pk, query
    assert selectors.search("教育").agencies == []  # a bare word names no agency
    html = Client().get("/search/?q=广州市教育局").content.decode()
    card = html.index(f'href="/agencies/{w.gz_edu.pk}/"')
    assert f'href="/agencies/{w.gz_edu.pk}/guide/"' in html
    assert card < html.index('id="results-h"')  # above the documents
    assert not any(h.kind == "agency" for h in selectors.search("广州市").hits)  # never among documents


def test_an_agency_edit_reaches_the_index_through_the_outbox(office: dict[str, Any]) -> None:
    _indexed(office)
    edu = office["world"].gz_edu
    org_services.agency_update(actor=Actor.system("tests"), agency=edu, name="广州市教育委员会")
    assert OutboxEntry.objects.filter(content_type="agency", object_id=edu.pk, applied_batch=None).exists()
    search_apply_outbox()
    time.sleep(0.25)
    assert [c.name for c in selectors.search("广州市教育委员会").agencies] == ["广州市教育委员会"]


def test_an_index_of_an_older_version_gets_the_agencies_without_a_rebuild(office: dict[str, Any]) -> None:
    _indexed(office)
    path = engine.current_dir()
    assert path is not None and engine.content_version() == 2
    (path / "gongkai-content.json").unlink()  # as written by a gongkai before agencies were indexed
    assert engine.content_version() == 1
    OutboxEntry.objects.update(applied_batch=1)
    assert search_tasks.has_work()  # the worker's schedule runs the outbox task for it
    search_apply_outbox()
    assert engine.content_version() == 2
    agencies = OutboxEntry.objects.filter(content_type="agency").values_list("object_id", flat=True)
    assert set(agencies) >= {office["world"].gz_edu.pk, office["agency"].pk}
    assert not OutboxEntry.objects.filter(applied_batch=None).exists()


def test_the_agency_picker_counts_every_match_and_pages_through_them(db: Any) -> None:
    w = factories.small_province()
    for i in range(23):
        factories.agency(w.guangzhou, f"广州市测试{i:02d}局")
    first = Client().get("/apply/?q=测试").content.decode()
    assert "找到 23 个机关" in first and 'rel="next"' in first
    assert len(re.findall(r"广州市测试\d\d局", first)) == 20
    second = Client().get("/apply/?q=测试&page=2").content.decode()
    assert len(re.findall(r"广州市测试\d\d局", second)) == 3 and 'rel="prev"' in second
    assert "找到 2 个机关" in Client().get("/apply/?q=广州 教育局").content.decode()  # every word


def test_the_library_filters_by_a_place_picked_by_name(office: dict[str, Any]) -> None:
    w = office["world"]
    yuexiu = staff_of(w.yuexiu_edu, "yx")
    _publish(office, office["agency"], title="广州市规范性文件甲", doc_number="穗府〔2020〕7号")
    _publish(yuexiu, w.yuexiu_edu, title="越秀区规范性文件乙", doc_number="越教〔2020〕1号")
    html = Client().get("/library/").content.decode()
    assert '<select name="division"' in html and ">越秀区</option>" in html and "地区代码" not in html
    assert '<optgroup label="广州市">' in html
    yx = Client().get("/library/?division=440104").content.decode()
    assert "越秀区规范性文件乙" in yx and "广州市规范性文件甲" not in yx
    gz = Client().get("/library/?division=440100").content.decode()
    assert "越秀区规范性文件乙" in gz and "广州市规范性文件甲" in gz
    town = Client().get("/library/?division=440104001")  # an old link to a town still works
    assert town.status_code == 200 and ">北京街道</option>" in town.content.decode()
