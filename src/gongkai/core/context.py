"""The typed context every service receives: who acts, in what capacity, and from where.

Authority comes from the actor's *kind*, never from a label string:

- ``STAFF``: an authenticated user; what they may do follows from their roles (``gongkai.orgs.access``).
- ``PUBLIC``: a member of the public, anonymous; after the tracker verified a receipt number and query code,
  ``tracker_case_id`` names that one case (and only it may be acted on, e.g. withdrawn).
- ``SYSTEM``: a named task run by the operator (``init``, ``worker``, ``demo``, ``reminders`` …). Only the
  services that such tasks need accept it (seeding, reference data, erasure, reindexing); every staff
  workflow refuses it, so a call without a user never skips a permission check by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from gongkai.core.net import client_address

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest


class ActorKind(StrEnum):
    STAFF = "staff"
    PUBLIC = "public"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who acts. ``Actor(user)`` is a member of staff; use :meth:`public` and :meth:`system` otherwise."""

    user: AbstractBaseUser | None
    ip_address: str | None = None
    kind: ActorKind = ActorKind.STAFF
    task: str = ""
    tracker_case_id: int | None = None

    def __post_init__(self) -> None:
        if (self.kind == ActorKind.STAFF) != (self.user is not None):
            raise ValueError("a staff actor needs a user; the public and system tasks have none")
        if self.kind == ActorKind.SYSTEM and not self.task:
            raise ValueError("a system actor names its task")
        if self.kind != ActorKind.SYSTEM and self.task:
            raise ValueError("only a system actor names a task")
        if self.tracker_case_id is not None and self.kind != ActorKind.PUBLIC:
            raise ValueError("only a public actor carries a verified tracker case")

    @property
    def is_staff(self) -> bool:
        return self.kind == ActorKind.STAFF

    @property
    def is_public(self) -> bool:
        return self.kind == ActorKind.PUBLIC

    @property
    def is_system(self) -> bool:
        return self.kind == ActorKind.SYSTEM

    @property
    def is_administrator(self) -> bool:
        """A member of staff who administers the platform (the rule is gongkai.orgs.access's)."""
        from gongkai.core import hooks

        return self.is_staff and hooks.is_administrator(self.user)

    def verified_for(self, case_id: int) -> bool:
        """A public actor who proved (receipt number + query code) that the case ``case_id`` is theirs."""
        return self.is_public and self.tracker_case_id is not None and self.tracker_case_id == case_id

    @property
    def label(self) -> str:
        """How the audit log and timelines name the actor."""
        if self.user is not None:
            return str(self.user.get_username())
        return self.task if self.is_system else "public"

    @classmethod
    def staff(cls, user: AbstractBaseUser, ip_address: str | None = None) -> Actor:
        return cls(user=user, ip_address=ip_address)

    @classmethod
    def system(cls, task: str = "system") -> Actor:
        return cls(user=None, kind=ActorKind.SYSTEM, task=task)

    @classmethod
    def public(cls, ip_address: str | None = None, *, tracker_case_id: int | None = None) -> Actor:
        return cls(user=None, ip_address=ip_address, kind=ActorKind.PUBLIC, tracker_case_id=tracker_case_id)

    @classmethod
    def from_request(cls, request: HttpRequest, *, tracker_case_id: int | None = None) -> Actor:
        """The logged-in user as staff, else the public. With ``tracker_case_id`` (the tracker verified the
        receipt number and query code of that case) the request acts as that case's applicant, whoever is
        logged in."""
        user: AbstractBaseUser | AnonymousUser = request.user
        ip = client_address(request) if request.META.get("REMOTE_ADDR") else None  # behind a proxy too
        if tracker_case_id is None and user.is_authenticated:
            return cls(user=user, ip_address=ip)
        return cls.public(ip, tracker_case_id=tracker_case_id)
