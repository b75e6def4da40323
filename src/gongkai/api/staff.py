"""Staff operations, authenticated by a per-agency token (``Authorization: Bearer gk_…``): drafts of the
token's agency through the same services as the portal, and the 联合发文 requests other agencies addressed
to it. Everything is scoped to the token's agency; another agency's record is a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja import P, PathEx, Router
from ninja.responses import Status as HttpStatus
from ninja.security import HttpBearer

from gongkai.api import errors, throttling
from gongkai.api import services as token_services
from gongkai.api.models import ApiToken
from gongkai.api.schemas import MAX_ID, PK, CoIssueOut, StaffPublicationOut, full_of, schema_of
from gongkai.core.context import Actor
from gongkai.core.errors import NotFound
from gongkai.core.net import client_address
from gongkai.publications import access, co_issues, selectors, services
from gongkai.publications.models import CoIssue, Publication

CO_ISSUE_PK = PathEx[int, P(ge=1, le=MAX_ID, description="联合发文确认编号")]


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> ApiToken | None:
        found: ApiToken | None = super().__call__(request)
        if found is None:  # no header, another scheme or a wrong token: counted against the address
            throttling.count_failed_authentication(request)
        return found

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return token_services.api_token_authenticate(token) if len(token) <= 100 else None


staff = Router(auth=TokenAuth(), tags=["机关（需令牌）"])

if TYPE_CHECKING:
    from ninja import Schema as PublicationIn
else:
    PublicationIn = schema_of(services.PublicationInput, "PublicationIn")


def _token(request: HttpRequest) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=_token(request).user, ip_address=client_address(request))


def _own(request: HttpRequest, pk: int) -> Publication:
    token = _token(request)
    pub = Publication.objects.select_related("agency__division").filter(pk=pk, agency=token.agency).first()
    if pub is None or not access.can_see_drafts(token.user, pub):
        raise NotFound(f"信息{pk}不存在")
    return pub


def _co_issue_out(item: CoIssue) -> dict[str, Any]:
    return {
        "id": item.pk,
        "publication_id": item.publication_id,
        "publication_title": item.publication.title,
        "agency": {"id": item.agency_id, "name": item.agency.name},
        "status": item.status,
    }


def _staff_out(pub: Publication) -> dict[str, Any]:
    data = full_of(pub)
    data["body"] = pub.body
    data["co_issues"] = [_co_issue_out(c) for c in selectors.co_issues_of(pub)]
    return data


@staff.post("/publications", response=errors.responses({201: StaffPublicationOut}, 413, staff=True))
def create(request: HttpRequest, payload: PublicationIn) -> HttpStatus[dict[str, Any]]:
    """A draft of the token's agency. Agencies named in ``co_agency_ids`` are asked to accept (联合发文);
    the record lists them only once they have."""
    pub = services.publication_create(
        actor=_actor(request), agency=_token(request).agency, data=services.PublicationInput(**payload.dict())
    )
    return HttpStatus(201, _staff_out(pub))


@staff.put("/publications/{pk}", response=errors.responses({200: StaffPublicationOut}, 404, 413, staff=True))
def update(request: HttpRequest, pk: PK, payload: PublicationIn) -> dict[str, Any]:
    pub = services.publication_update(
        actor=_actor(request), publication=_own(request, pk), data=services.PublicationInput(**payload.dict())
    )
    return _staff_out(pub)


@staff.post(
    "/publications/{pk}/submit", response=errors.responses({200: StaffPublicationOut}, 404, 409, staff=True)
)
def submit(request: HttpRequest, pk: PK) -> dict[str, Any]:
    return _staff_out(services.publication_submit(actor=_actor(request), publication=_own(request, pk)))


@staff.get("/publications/{pk}", response=errors.responses({200: StaffPublicationOut}, 404, staff=True))
def staff_get(request: HttpRequest, pk: PK) -> dict[str, Any]:
    """A record of the token's agency in any status (drafts included), with its co-issuers' answers."""
    return _staff_out(_own(request, pk))


@staff.get("/co-issues", response=errors.responses({200: list[CoIssueOut]}, staff=True))
def co_issues_pending(request: HttpRequest) -> list[dict[str, Any]]:
    """联合发文 requests other agencies addressed to the token's agency, waiting for its 负责人."""
    return [_co_issue_out(c) for c in selectors.co_issues_pending({_token(request).agency_id})[:200]]


def _addressed(request: HttpRequest, pk: int) -> CoIssue:
    item = CoIssue.objects.filter(pk=pk, agency=_token(request).agency).first()
    if item is None:
        raise NotFound(f"联合发文确认{pk}不存在")
    return item


@staff.post("/co-issues/{pk}/accept", response=errors.responses({200: CoIssueOut}, 404, 409, staff=True))
def co_issue_accept(request: HttpRequest, pk: CO_ISSUE_PK) -> dict[str, Any]:
    """The token's agency agrees to be listed as co-issuer (its 负责人's token only)."""
    item = co_issues.co_issue_accept(actor=_actor(request), co_issue=_addressed(request, pk))
    return _co_issue_out(CoIssue.objects.select_related("publication", "agency").get(pk=item.pk))


@staff.post("/co-issues/{pk}/decline", response=errors.responses({200: CoIssueOut}, 404, 409, staff=True))
def co_issue_decline(request: HttpRequest, pk: CO_ISSUE_PK) -> dict[str, Any]:
    """The token's agency refuses to be listed as co-issuer (its 负责人's token only)."""
    item = co_issues.co_issue_decline(actor=_actor(request), co_issue=_addressed(request, pk))
    return _co_issue_out(CoIssue.objects.select_related("publication", "agency").get(pk=item.pk))
