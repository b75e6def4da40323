"""How people's names are shown: Chinese order, family name first and no space (邹海梓, never "海梓 邹").

Users keep the family name in ``last_name`` and the given name in ``first_name`` (as the admin form and the
demo create them); Django's ``get_full_name`` joins them the Western way, so pages use this instead."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _is_ascii(text: str) -> bool:
    return all(ord(c) < 128 for c in text)


def display_name(user: Any) -> str:
    """The user's name in Chinese order, or the username when no name is recorded ("" for no user)."""
    if user is None:
        return ""
    family = (getattr(user, "last_name", "") or "").strip()
    given = (getattr(user, "first_name", "") or "").strip()
    if not (family or given):
        return str(user.get_username())
    if _is_ascii(family + given):  # a name in Latin letters keeps its own order and space
        return f"{given} {family}".strip()
    return family + given


def display_names(usernames: Iterable[str]) -> dict[str, str]:
    """Usernames (as timelines record them) → names in Chinese order, for those that are users."""
    from django.contrib.auth import get_user_model

    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    users = get_user_model().objects.filter(username__in=wanted)
    return {u.get_username(): display_name(u) for u in users}
