"""The typed context every service receives: who acts, and from where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest


@dataclass(frozen=True)
class Actor:
    """Who acts.

    ``user`` is None for the system itself (CLI, background tasks) and for anonymous members of the public.
    """

    user: AbstractBaseUser | None
    ip_address: str | None = None
    label_override: str | None = None

    @property
    def label(self) -> str:
        if self.label_override:
            return self.label_override
        if self.user is None:
            return "system"
        return str(self.user.get_username())

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(user=None, label_override=label)

    @classmethod
    def public(cls, ip_address: str | None = None) -> Actor:
        return cls(user=None, ip_address=ip_address, label_override="public")

    @classmethod
    def from_request(cls, request: HttpRequest) -> Actor:
        user: AbstractBaseUser | AnonymousUser = request.user
        ip = request.META.get("REMOTE_ADDR") or None
        if user.is_authenticated:
            return cls(user=user, ip_address=ip)
        return cls.public(ip)
