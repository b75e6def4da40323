"""The search engine on a small real index: Chinese recall, folding, phrases, AND, snippets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.core.context import Actor
from gongkai.gazette.services import gazette_import
from gongkai.search import engine
from gongkai.search.services import search_reindex

DOCS = [
    engine.Doc(
        "1",
        "gazette",
        "中华人民共和国政府信息公开条例",
        "第一条 为了保障公民、法人和其他组织依法获取政府信息……",
        2019,
    ),
    engine.Doc(
        "2",
        "gazette",
        "广东省政府规章制定程序规定",
        "本规定所称规章，是指省人民政府制定的规章。共和国的法律……",
        2020,
    ),
    engine.Doc(
        "3", "gazette", "上海市外商投资条例", "为了进一步推进本市更高水平对外开放，制定本条例。", 2020
    ),
    engine.Doc("4", "gazette", "人民调解工作若干规定", "人民调解委员会……和谐共处，共和睦邻。", 2018),
]


@pytest.fixture
def index(tmp_path: Path) -> Path:
    path = tmp_path / "index"
    assert engine.build(DOCS, path=path) == 4
    return path


def keys(query: str, path: Path) -> set[str]:
    return {h.key for h in engine.search(query, path=path, limit=20)}


def test_a_word_inside_a_longer_word_is_found(index: Path) -> None:
    # precise-mode segmentation keeps 中华人民共和国 whole; search-mode words and bigrams still find 共和国
    assert keys("共和国", index) == {"1", "2"}


def test_traditional_and_full_width_queries_fold(index: Path) -> None:
    assert keys("條例", index) == {"1", "3"}
    assert keys("ＰＬＡＮ", index) == set()


def test_words_are_anded(index: Path) -> None:
    assert keys("条例 上海", index) == {"3"}
    assert keys("规章 人民政府", index) == {"2"}


def test_quoted_phrase_matches_contiguous_text_only(index: Path) -> None:
    assert keys('"人民共和"', index) == {"1"}  # doc 4 has 人民 and 共和 but not together
    assert keys("人民 共和", index) >= {"1", "4"}


def test_snippet_is_a_bounded_window_with_marks(index: Path) -> None:
    hit = next(h for h in engine.search("规章", path=index) if h.key == "2")
    assert "【规章】" in hit.snippet and len(hit.snippet) <= engine.SNIPPET_WINDOW + 2 + 6 * 2


def test_no_index_means_no_results(tmp_path: Path) -> None:
    assert engine.search("条例", path=tmp_path / "missing") == []


@pytest.mark.django_db
def test_reindex_from_the_gazette_archive(settings: object, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    line = json.dumps(
        {"source_id": "x1", "year": 2001, "issue": 3, "title": "广东省政府信息公开规定", "text": "第一条"}
    )
    gazette_import(actor=Actor.system("tests"), lines=[line])
    assert search_reindex(actor=Actor.system("tests")) == 1
    assert [h.title for h in engine.search("信息公开")] == ["广东省政府信息公开规定"]
