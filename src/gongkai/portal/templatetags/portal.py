from __future__ import annotations

import re

from django import template
from django.urls import translate_url
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def other_language_url(context: template.Context, language: str) -> str:
    """The current page in another language (/en/… for English, the plain URL for Chinese)."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    return translate_url(path, language)


@register.filter
def marked(snippet: str) -> SafeString:
    """A search snippet whose matches the engine wrapped in 【】, escaped and with <mark> around them."""
    escaped = str(conditional_escape(snippet))
    return mark_safe(re.sub(r"【(.*?)】", r"<mark>\1</mark>", escaped))  # noqa: S308  # escaped above
