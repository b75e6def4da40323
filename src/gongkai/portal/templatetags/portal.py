from __future__ import annotations

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def other_language_url(context: template.Context, language: str) -> str:
    """The current page in another language (/en/… for English, the plain URL for Chinese)."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    return translate_url(path, language)
