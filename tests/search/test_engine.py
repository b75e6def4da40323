"""The tantivy backend on a small index: Chinese recall, folding, phrases, AND, exclusion, 文号 lookup,
filters, facets, sorting and bounded snippets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gongkai.search import engine

DOCS = [
    engine.Doc(
        "gazette:1",
        "gazette",
        "中华人民共和国政府信息公开条例",
        "第一条 为了保障公民、法人和其他组织依法获取政府信息……",
        2019,
        date(2019, 4, 3),
        doc_number="国务院令第711号",
    ),
    engine.Doc(
        "publication:2",
        "publication",
        "广东省政府规章制定程序规定",
        "本规定所称规章，是指省人民政府制定的规章。共和国的法律……",
        2020,
        date(2020, 5, 6),
        doc_number="粤府〔2020〕1号",
        index_no="006939748/2020-00001",
        agency="7",
        divisions=["440000"],
        level="1",
        category="20-1",
        topic="综合政务",
        validity="in_force",
    ),
    engine.Doc(
        "publication:3",
        "publication",
        "广州市外商投资条例",
        "为了进一步推进本市更高水平对外开放，制定本条例。海洋经济。",
        2020,
        date(2020, 9, 1),
        doc_number="穗府〔2020〕12号",
        agency="8",
        divisions=["440000", "440100"],
        level="2",
        category="20-1",
        validity="repealed",
    ),
    engine.Doc(
        "gazette:4",
        "gazette",
        "人民调解工作若干规定",
        "人民调解委员会……和谐共处，共和睦邻。粤府〔2020〕1号文件精神。",
        2018,
        date(2018, 1, 2),
    ),
]
TEXTS = {d.key: d.text for d in DOCS}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path, n = engine.build(DOCS, root=tmp_path)
    assert n == 4
    engine.activate(path, tmp_path)
    return tmp_path


def keys(query: str, root: Path, **kw: object) -> list[str]:
    return [h.key for h in engine.search(query, root=root, limit=20, facets=False, **kw).hits]  # type: ignore[arg-type]


def test_a_word_inside_a_longer_word_is_found(root: Path) -> None:
    # precise-mode segmentation keeps 中华人民共和国 whole; search-mode words and bigrams still find 共和国
    assert set(keys("共和国", root)) == {"gazette:1", "publication:2"}


def test_traditional_and_full_width_queries_fold(root: Path) -> None:
    assert set(keys("條例", root)) == {"gazette:1", "publication:3"}
    assert keys("ＰＬＡＮ", root) == []


def test_words_are_anded_and_minus_excludes(root: Path) -> None:
    assert keys("条例 广州", root) == ["publication:3"]
    assert set(keys("条例", root)) == {"gazette:1", "publication:3"}
    assert keys("条例 -海洋", root) == ["gazette:1"]


def test_quoted_phrase_matches_contiguous_text_only(root: Path) -> None:
    assert keys('"人民共和"', root) == ["gazette:1"]  # doc 4 has 人民 and 共和 but not together
    assert {"gazette:1", "gazette:4"} <= set(keys("人民 共和", root))


def test_doc_number_and_index_number_land_on_the_document_first(root: Path) -> None:
    result = engine.search("粤府〔2020〕1号", root=root, facets=False)
    assert result.hits[0].key == "publication:2" and result.exact
    assert "gazette:4" in [h.key for h in result.hits]  # the text mentioning it still comes after
    assert keys("粤府[2020]1号", root)[0] == "publication:2"
    assert keys("006939748/2020-00001", root) == ["publication:2"]


def test_filters_and_facets(root: Path) -> None:
    assert keys("条例", root, filters=engine.Filters(division="440100")) == ["publication:3"]
    assert keys("规定", root, filters=engine.Filters(kinds=("publication",))) == ["publication:2"]
    assert keys("条例", root, filters=engine.Filters(year_from=2020, year_to=2020)) == ["publication:3"]
    assert keys("规定 规章", root, filters=engine.Filters(validity="in_force")) == ["publication:2"]
    facets = engine.search("规定", root=root).facets
    assert dict(facets["kind"]) == {"gazette": 1, "publication": 1}
    assert dict(facets["year"]) == {"2020": 1, "2018": 1}


def test_sort_by_date_newest_first(root: Path) -> None:
    assert keys("人民", root, sort="date") == ["publication:2", "gazette:1", "gazette:4"]


def test_snippet_is_a_bounded_window_with_marks(root: Path) -> None:
    hit = next(
        h for h in engine.search("规章", root=root, texts=lambda ks: TEXTS).hits if h.key == "publication:2"
    )
    assert "【规章】" in hit.snippet and len(hit.snippet) <= engine.SNIPPET_WINDOW + 2 + 6 * 2
    long_text = "前" * 5000 + "目标词语" + "后" * 5000
    s = engine.snippet(long_text, ["目标词语"])
    assert "【目标词语】" in s and s.startswith("…") and len(s) < 120


def test_no_index_means_no_results(tmp_path: Path) -> None:
    assert engine.search("条例", root=tmp_path / "missing").hits == []


def test_writer_upsert_and_delete_are_seen_by_readers(root: Path) -> None:
    assert keys("防汛", root) == []
    w = engine.open_writer(root)
    w.upsert(engine.Doc("publication:9", "publication", "关于做好防汛工作的通知", "防汛防旱", 2020))
    w.delete("gazette:4")
    w.commit()
    del w
    import time

    time.sleep(0.25)  # readers look for a new commit at most every 0.2 s
    assert keys("防汛", root) == ["publication:9"]
    assert "gazette:4" not in keys("人民", root)
