from __future__ import annotations

from typing import Any

from django.db.models import Count

from gongkai.gazette.models import GazetteDocument, GazetteIssue


def gazette_stats() -> dict[str, Any]:
    return {"issues": GazetteIssue.objects.count(), "documents": GazetteDocument.objects.count()}


def years() -> list[tuple[int, int]]:
    """(year, issues) newest first."""
    return list(GazetteIssue.objects.values_list("year").annotate(n=Count("id")).order_by("-year"))


def issues_of_year(year: int) -> list[GazetteIssue]:
    return list(GazetteIssue.objects.filter(year=year).annotate(n=Count("documents")).order_by("number"))


def undated_documents() -> list[GazetteDocument]:
    return list(GazetteDocument.objects.filter(issue=None).only("id", "title").order_by("title"))
