from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear

from gongkai.appeals.models import Appeal


def appeal_stats() -> dict[str, Any]:
    rows = (
        Appeal.objects.annotate(y=ExtractYear("filed_on"))
        .values_list("y", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[str, dict[str, int]] = {}
    for year, kind, n in rows:
        out.setdefault(str(year), {})[kind] = n
    return {"filed_by_year": {y: out[y] for y in sorted(out)}}
