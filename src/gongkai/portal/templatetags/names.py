"""Names and Chinese-only content on the English portal (/en/).

``{{ agency|localized_name }}`` shows a division's or agency's English name on English pages and its
Chinese name elsewhere; without an English name, the Chinese one is wrapped in ``<span lang="zh-Hans">``
so that screen readers switch voice. Content that exists only in Chinese (documents, titles) is wrapped
the same way with ``{{ text|zh }}`` (document pages also say, visibly, that they are in Chinese only).
On Chinese pages all of them print the plain, escaped text.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


def is_english() -> bool:
    return (translation.get_language() or "").startswith("en")


def chinese(text: object) -> SafeString:
    """``text`` (Chinese content) marked as Chinese on English pages, plain on Chinese pages."""
    if text is None or text == "":
        return SafeString("")
    if not is_english():
        return SafeString(conditional_escape(str(text)))
    return format_html('<span lang="zh-Hans">{}</span>', text)


def name_html(obj: Any) -> SafeString:
    """The name of a division or agency for the current language (see the module docstring)."""
    if obj is None:
        return SafeString("")
    english = getattr(obj, "name_en", "") if is_english() else ""
    return SafeString(conditional_escape(english)) if english else chinese(obj.name)


def name_plain(obj: Any) -> str:
    """The name as plain text, for <title>, attributes and feeds: the English one when there is one."""
    if obj is None:
        return ""
    english = getattr(obj, "name_en", "") if is_english() else ""
    return str(english or obj.name)


@register.filter
def localized_name(obj: Any) -> SafeString:
    return name_html(obj)


@register.filter
def localized_name_plain(obj: Any) -> str:
    return name_plain(obj)


@register.filter
def zh(text: object) -> SafeString:
    return chinese(text)


def translated_html(label: object) -> SafeString:
    """A label kept in the code or data in Chinese (主题分类, categories, outcomes) through the catalogue:
    the English form where the catalogue has one, else the Chinese label marked as Chinese."""
    text = str(label or "")
    english = gettext(text) if text and is_english() else text
    return chinese(text) if english == text else SafeString(conditional_escape(english))


@register.filter
def translated(label: object) -> SafeString:
    return translated_html(label)
