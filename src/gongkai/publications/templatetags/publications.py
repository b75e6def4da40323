"""The two long loops of the portal's busiest pages — a list of documents and an agency's 目录 tree —
rendered in Python: Django's template engine costs about a microsecond per node, and these loops made up
most of an agency page's rendering time (bench/portal_throughput.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from gongkai.portal.templatetags.names import chinese, is_english, name_html, translated_html
from gongkai.portal.templatetags.portal import fast_url
from gongkai.publications import reference
from gongkai.publications.models import Publication, Validity

register = template.Library()
_VALIDITY = dict(Validity.choices)


def _row(p: Publication, show_agency: bool) -> tuple[Any, ...]:
    meta = []
    if show_agency and getattr(p, "agency", None) is not None:
        meta.append(name_html(p.agency))
    if p.doc_number:
        meta.append(chinese(p.doc_number))
    day = timezone.localtime(p.published_at).strftime("%Y-%m-%d") if p.published_at else ""
    validity = (
        format_html(' · <span class="validity {}">{}</span>', p.validity, str(_VALIDITY[p.validity]))
        if p.validity in _VALIDITY
        else ""
    )
    prefix = SafeString(" · ".join(meta) + (" · " if meta else ""))
    return fast_url("publications:detail", p.pk), chinese(p.title), prefix, day, day, validity


@register.simple_tag
def doc_list(items: Iterable[Publication], show_agency: bool = False) -> SafeString:
    rows = [_row(p, show_agency) for p in items]
    if not rows:
        return format_html("<p>{}</p>", gettext("暂无信息。"))
    body = format_html_join(
        "\n",
        '<li><a href="{}">{}</a> <span class="date">{}<time datetime="{}">{}</time>{}</span></li>',
        rows,
    )
    return format_html('<ul class="doc-list">{}</ul>', body)


@register.simple_tag
def catalogue_tree(agency: Any, catalogue: Iterable[tuple[str, str, int]], current: str = "") -> SafeString:
    items = []
    for code, _label, n in catalogue:
        label = reference.category_label(code)
        if code == current:
            items.append(format_html('<li><strong aria-current="page">{}（{}）</strong></li>', label, n))
        else:
            url = fast_url("publications:category", agency.pk, code)
            items.append(format_html('<li><a href="{}">{}</a>（{}）</li>', url, label, n))
    return format_html(
        '<nav aria-labelledby="cat-h"><h2 id="cat-h">{}</h2><ul class="tree">{}</ul></nav>',
        gettext("法定主动公开内容"),
        SafeString("".join(items)),
    )


@register.filter
def category_label(code: str) -> str:
    """A 主动公开 category's label in the active language (the statute's wording in Chinese)."""
    return reference.category_label(code)


@register.filter
def topic_label(path: str) -> SafeString:
    """A 主题分类 path (``科技、教育\\教育``, see Topic.path) with each level through the catalogue."""
    parts = [translated_html(part) for part in str(path or "").split("\\") if part]
    return SafeString((" / " if is_english() else "\\").join(parts)) if parts else SafeString("—")
