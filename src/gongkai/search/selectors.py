"""Searching: the engine's hits turned into what a results page shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from gongkai.search import engine

KIND_LABELS = {
    "gazette": "政府公报",
    "publication": "政府信息",
    "interpretation": "政策解读",
    "report": "年度报告",
}


@dataclass(frozen=True)
class Result:
    url: str
    kind: str
    kind_label: str
    title: str
    snippet: str


def _url(key: str) -> str:
    kind, _, pk = key.partition(":")
    names = {
        "gazette": "gazette:document",
        "publication": "publications:detail",
        "interpretation": "publications:interpretation",
    }
    return reverse(names[kind], args=[int(pk)]) if kind in names else "#"


def search(query: str, *, limit: int = 20) -> list[Result]:
    return [
        Result(_url(h.key), h.kind, KIND_LABELS.get(h.kind, h.kind), h.title, h.snippet)
        for h in engine.search(query, limit=limit)
    ]
