from __future__ import annotations

from django import template

from gongkai.search.selectors import KIND_LABELS

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    """The readable name of a search result's content type."""
    return str(KIND_LABELS.get(kind, kind))
