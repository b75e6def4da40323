"""Public pages of 主动公开 (document, library, catalogue, 指南, feeds, sitemap) and the staff workflow pages.
Thin: parse, call a selector or a service, render."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST

from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError, InvalidInput, NotFound
from gongkai.orgs import access as org_access
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Agency
from gongkai.portal import params
from gongkai.portal.page_http import public_page
from gongkai.publications import access, forms, reference, selectors, services
from gongkai.publications.models import Interpretation, Publication, PublicationAttachment, ScanFlag, Topic
from gongkai.publications.states import Status

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- page views, counted in memory


class _ViewCounter:
    """Page views are buffered per process and written in one batch every ``every`` seconds, so that
    reading a document never waits for a database write lock."""

    def __init__(self, every: float = 30.0) -> None:
        self.every, self.pending, self.lock, self.last = (
            every,
            Counter[int](),
            threading.Lock(),
            time.monotonic(),
        )

    def hit(self, pk: int) -> None:
        with self.lock:
            self.pending[pk] += 1
            if time.monotonic() - self.last < self.every:
                return
            batch, self.pending, self.last = dict(self.pending), Counter(), time.monotonic()
        try:
            services.publication_count_views(batch)
        except DatabaseError:  # a busy database loses a few view counts, never a page
            log.warning("view counts of %d records not written", len(batch))


view_counter = _ViewCounter()
_DOCUMENT_PATH = re.compile(r"^/(?:en/)?publications/(\d{1,12})/$")


def count_cached_view(path: str) -> None:
    """A document page served from the page cache counts as a view too (gongkai.wsgi). Behind nginx, pages
    nginx serves itself are not counted (docs/deploy.md)."""
    if m := _DOCUMENT_PATH.match(path):
        view_counter.hit(int(m.group(1)))


def _page_number(request: HttpRequest) -> int:
    return params.page_param(request)


# ---------------------------------------------------------------- public pages


@public_page()
def detail(request: HttpRequest, pk: int, *, printable: bool = False) -> HttpResponse:
    try:
        pub = selectors.publication_public_get(pk)
    except NotFound as e:
        raise Http404(e.message) from e
    if pub.status == Status.PUBLISHED:
        view_counter.hit(pub.pk)
    changed = pub.version > 1 or pub.validity_changed_on is not None or pub.status == Status.WITHDRAWN
    context = {
        "pub": pub,
        "co_agencies": list(pub.co_agencies.all()),
        "attachments": list(pub.attachments.only("id", "name", "size", "mime")),
        "interpretations": list(
            pub.interpretations.filter(status=Status.PUBLISHED).only("id", "title", "form")
        ),
        # only what can exist is asked for: versions after a correction, history after a change
        "versions": list(pub.versions.only("version", "note", "published_at")) if pub.version > 1 else [],
        "history": list(pub.events.filter(public=True)) if changed else [],
        "printable": printable,
        "ancestors": [*org_selectors.division_ancestors(pub.agency.division), pub.agency.division],
    }
    return render(request, "publications/detail.html", context)


@public_page()
def detail_print(request: HttpRequest, pk: int) -> HttpResponse:
    return detail(request, pk, printable=True)


@public_page()
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    try:
        pub = selectors.publication_public_get(pk)
    except NotFound as e:
        raise Http404(e.message) from e
    v = get_object_or_404(pub.versions, version=number)
    return render(request, "publications/version.html", {"pub": pub, "v": v})


def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    pub = Publication.objects.filter(pk=pk, status=Status.PUBLISHED).first()
    if pub is None:
        raise Http404
    att = get_object_or_404(PublicationAttachment, pk=attachment_id, publication=pub)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name, content_type=att.mime)


@public_page()
def interpretation(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.interpretation_public_get(pk)
    except NotFound as e:
        raise Http404(e.message) from e
    return render(request, "publications/interpretation.html", {"item": item, "pub": item.policy})


def interpretation_image(request: HttpRequest, pk: int) -> FileResponse:
    try:
        item = selectors.interpretation_public_get(pk)
    except NotFound as e:
        raise Http404(e.message) from e
    if not item.image:
        raise Http404
    return FileResponse(item.image.open("rb"))


@public_page(*forms.LibraryFilterForm.base_fields, "page")
def library(request: HttpRequest) -> HttpResponse:
    form = forms.LibraryFilterForm(request.GET or None)
    filters = selectors.LibraryFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.LibraryFilters(
            agency=d.get("agency"),
            agency_name=(d.get("agency_name") or "").strip(),
            division=d.get("division"),
            year=d.get("year"),
            topic=Topic.objects.filter(pk=d["topic"]).first() if d.get("topic") else None,
            validity=d.get("validity") or None,
            kind=d.get("kind") or None,
        )
    page = selectors.library(filters, page=_page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "filters": filters, "query": query.urlencode()}
    return render(request, "publications/library.html", context, status=400 if form.errors else 200)


def _agency_or_404(agency_id: int) -> Agency:
    try:
        return org_selectors.agency_get(agency_id)
    except NotFound as e:
        raise Http404(e.message) from e


@public_page("page")
def agency_category(request: HttpRequest, agency_id: int, code: str) -> HttpResponse:
    agency = _agency_or_404(agency_id)
    if code not in reference.CATEGORIES:
        raise Http404
    page = selectors.agency_publications(agency, category=code, page=_page_number(request))
    return render(
        request,
        "publications/catalogue.html",
        {
            "agency": agency,
            "code": code,
            "label": reference.CATEGORIES[code],
            "page": page,
            "catalogue": selectors.agency_catalogue(agency),
            "ancestors": [*org_selectors.division_ancestors(agency.division), agency.division],
        },
    )


@public_page()
def agency_guide(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _agency_or_404(agency_id)
    return render(
        request,
        "publications/guide.html",
        {
            "agency": agency,
            "guide": selectors.guide(agency),
            "ancestors": [*org_selectors.division_ancestors(agency.division), agency.division],
        },
    )


@public_page()
def agency_standard_catalogue(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _agency_or_404(agency_id)
    domains = selectors.grassroots_catalogue(agency)
    if not domains:
        raise Http404("只有县级和乡镇人民政府有基层政务公开标准目录")
    return render(
        request,
        "publications/standard_catalogue.html",
        {
            "agency": agency,
            "domains": domains,
            "ancestors": [*org_selectors.division_ancestors(agency.division), agency.division],
        },
    )


class PublicationsFeed(Feed):  # type: ignore[type-arg]
    """Atom feed of the newest publications: province-wide, per agency, optionally per category."""

    feed_type = Atom1Feed
    #: Cached like a page (gongkai.portal.page_http.public_page), per category.
    public_page = frozenset({"category"})

    def get_object(self, request: HttpRequest, agency_id: int | None = None) -> dict[str, Any]:
        agency = _agency_or_404(agency_id) if agency_id is not None else None
        category = request.GET.get("category") or None
        if category is not None and category not in reference.CATEGORIES:
            raise Http404
        return {"agency": agency, "category": category}

    def title(self, obj: dict[str, Any]) -> str:
        parts = [obj["agency"].name if obj["agency"] else "政府信息公开"]
        if obj["category"]:
            parts.append(reference.CATEGORIES[obj["category"]])
        return " · ".join(parts) + " · 最新主动公开信息"

    def link(self, obj: dict[str, Any]) -> str:
        return reverse("portal:agency", args=[obj["agency"].pk]) if obj["agency"] else reverse("portal:home")

    def subtitle(self, obj: dict[str, Any]) -> str:
        return "依据《中华人民共和国政府信息公开条例》主动公开的政府信息"

    def items(self, obj: dict[str, Any]) -> list[Publication]:
        return selectors.feed_items(agency=obj["agency"], category=obj["category"])

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        return item.summary or f"{item.agency.name} {item.doc_number}".strip()

    def item_link(self, item: Publication) -> str:
        return reverse("publications:detail", args=[item.pk])

    def item_pubdate(self, item: Publication) -> Any:
        return item.published_at

    def item_updateddate(self, item: Publication) -> Any:
        return item.updated_at

    def item_author_name(self, item: Publication) -> str:
        return item.agency.name

    def item_guid(self, item: Publication) -> str:
        return item.index_no or str(item.pk)

    item_guid_is_permalink = False


def display_mode(request: HttpRequest) -> HttpResponse:
    """长者模式 (larger type, higher contrast) and the standard mode, kept in a cookie; works without JS."""
    mode = request.POST.get("mode") or request.GET.get("mode") or ""
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = redirect(target)
    if mode == "elder":
        response.set_cookie("display", "elder", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie("display")
    return response


# ---------------------------------------------------------------- staff


def _my_agencies(user: Any) -> list[Agency]:
    ids = {r.agency_id for r in org_selectors.roles_of_user(user) if r.agency_id}
    return list(Agency.objects.filter(pk__in=ids).select_related("division").order_by("division__path", "pk"))


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    agencies = _my_agencies(request.user)
    rows = [
        (a, list(selectors.drafts_of_agency(a)[:50]), selectors.agency_publications(a, per_page=10))
        for a in agencies
    ]
    co_issues = list(selectors.co_issues_pending(access.co_issue_agency_ids(request.user))[:100])
    return render(request, "publications/staff_list.html", {"rows": rows, "co_issues": co_issues})


@login_required
def staff_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _agency_or_404(agency_id)
    if not org_access.can_handle_cases(request.user, agency):
        raise Http404
    form = forms.PublicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        try:
            pub = services.publication_create(
                actor=actor,
                agency=agency,
                data=form.to_input(),
                attachments=form.cleaned_data.get("attachments") or [],
            )
        except InvalidInput as e:
            form.add_service_errors(e)
        else:
            messages.success(request, "草稿已保存")
            return redirect("publications:staff_manage", pk=pub.pk)
    return render(request, "publications/staff_edit.html", {"agency": agency, "form": form, "pub": None})


def _staff_pub(request: HttpRequest, pk: int) -> Publication:
    pub = get_object_or_404(Publication.objects.select_related("agency__division", "author"), pk=pk)
    if not access.can_see_drafts(request.user, pub):
        raise Http404
    return pub


def _manage_context(request: HttpRequest, pub: Publication, **forms_: Any) -> dict[str, Any]:
    user = request.user
    context: dict[str, Any] = {
        "pub": pub,
        "agency": pub.agency,
        "attachments": list(pub.attachments.all()),
        "interpretations": [
            (
                i,
                forms.InterpretationForm(
                    prefix=f"interp{i.pk}", initial=forms.InterpretationForm.initial_from(i)
                ),
            )
            for i in pub.interpretations.all()
        ],
        "flags": list(pub.flags.select_related("acknowledged_by")),
        "events": list(pub.events.all()),
        "can_draft": access.can_draft(user, pub),
        "can_review": access.can_review(user, pub),
        "can_publish": access.can_publish(user, pub),
        "edit_form": forms.PublicationForm(initial=forms.PublicationForm.initial_from(pub)),
        "interpretation_form": forms.InterpretationForm(prefix="interp"),
        "return_form": forms.ReasonForm(prefix="return"),
        "withdraw_form": forms.ReasonForm(prefix="withdraw"),
        "correct_form": forms.CorrectionForm(
            prefix="correct", initial={"title": pub.title, "summary": pub.summary, "body": pub.body}
        ),
        "validity_form": forms.ValidityForm(prefix="validity", initial={"validity": pub.validity}),
    }
    context.update(forms_)
    return context


@login_required
def staff_manage(request: HttpRequest, pk: int) -> HttpResponse:
    pub = _staff_pub(request, pk)
    return render(request, "publications/staff_manage.html", _manage_context(request, pub))


def _act_edit(actor: Actor, pub: Publication, request: HttpRequest) -> tuple[str, Any]:
    form = forms.PublicationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.publication_update(actor=actor, publication=pub, data=form.to_input())
            if form.cleaned_data.get("attachments"):
                services.publication_attach(
                    actor=actor, publication=pub, files=form.cleaned_data["attachments"]
                )
            return "", None
        except InvalidInput as e:
            form.add_service_errors(e)
    return "edit_form", form


def _act_interpretation(actor: Actor, pub: Publication, request: HttpRequest) -> tuple[str, Any]:
    prefix = request.POST.get("form_prefix", "interp")
    if not re.fullmatch(r"interp\d*", prefix):
        prefix = "interp"
    form = forms.InterpretationForm(request.POST, request.FILES, prefix=prefix)
    if form.is_valid():
        d = form.cleaned_data
        image = (d["image"].name, d["image"].read()) if d.get("image") else None
        qa = (
            [{"q": d.get("question") or "", "a": d.get("answer") or ""}]
            if d.get("question") or d.get("answer")
            else []
        )
        existing = None
        if d.get("interpretation_id"):
            existing = get_object_or_404(Interpretation, pk=d["interpretation_id"], policy=pub)
        try:
            services.interpretation_save(
                actor=actor, policy=pub, title=d["title"], form=d["form"], body=d.get("body") or "",
                video_url=d.get("video_url") or "", qa=qa, image=image, interpretation=existing,
            )  # fmt: skip
            return "", None
        except InvalidInput as e:
            form.add_service_errors(e)
    return "interpretation_form", form


def _with_form(
    form_class: type[Any], prefix: str, call: Callable[[Actor, Publication, dict[str, Any]], Any]
) -> Callable[[Actor, Publication, HttpRequest], tuple[str, Any]]:
    def act(actor: Actor, pub: Publication, request: HttpRequest) -> tuple[str, Any]:
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                call(actor, pub, form.cleaned_data)
                return "", None
            except InvalidInput as e:
                form.add_service_errors(e)
        return f"{prefix}_form", form

    return act


def _simple(
    call: Callable[[Actor, Publication], Any],
) -> Callable[[Actor, Publication, HttpRequest], tuple[str, Any]]:
    def act(actor: Actor, pub: Publication, request: HttpRequest) -> tuple[str, Any]:
        call(actor, pub)
        return "", None

    return act


def _act_remove_attachment(actor: Actor, pub: Publication, request: HttpRequest) -> tuple[str, Any]:
    attachment_id = params.parse_int("attachment", request.POST.get("attachment", ""), minimum=1)
    att = get_object_or_404(PublicationAttachment, pk=attachment_id, publication=pub)
    services.publication_remove_attachment(actor=actor, attachment=att)
    return "", None


_ACTIONS: dict[str, Callable[[Actor, Publication, HttpRequest], tuple[str, Any]]] = {
    "remove_attachment": _act_remove_attachment,
    "edit": _act_edit,
    "interpretation": _act_interpretation,
    "submit": _simple(lambda a, p: services.publication_submit(actor=a, publication=p)),
    "clear": _simple(lambda a, p: services.publication_clear_review(actor=a, publication=p)),
    "publish": _simple(lambda a, p: services.publication_publish(actor=a, publication=p)),
    "return": _with_form(
        forms.ReasonForm,
        "return",
        lambda a, p, d: services.publication_return(actor=a, publication=p, reason=d["reason"]),
    ),
    "withdraw": _with_form(
        forms.ReasonForm,
        "withdraw",
        lambda a, p, d: services.publication_withdraw(actor=a, publication=p, reason=d["reason"]),
    ),
    "correct": _with_form(
        forms.CorrectionForm,
        "correct",
        lambda a, p, d: services.publication_correct(actor=a, publication=p, **d),
    ),
    "validity": _with_form(
        forms.ValidityForm,
        "validity",
        lambda a, p, d: services.publication_set_validity(
            actor=a, publication=p, validity=d["validity"], on=d["on"]
        ),
    ),
}


@login_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    pub = _staff_pub(request, pk)
    if action not in _ACTIONS:
        raise Http404
    try:
        key, form = _ACTIONS[action](Actor.from_request(request), pub, request)
    except InvalidInput as e:
        messages.error(request, "；".join([e.message, *e.fields.values()]) if e.fields else e.message)
        return redirect("publications:staff_manage", pk=pk)
    except GongkaiError as e:
        messages.error(request, e.message)
        return redirect("publications:staff_manage", pk=pk)
    if form is not None:
        pub.refresh_from_db()
        return render(
            request,
            "publications/staff_manage.html",
            _manage_context(request, pub, **{key: form}),
            status=400,
        )
    messages.success(request, "已办理")
    return redirect("publications:staff_manage", pk=pk)


@login_required
@require_POST
def staff_acknowledge(request: HttpRequest, pk: int, flag_id: int) -> HttpResponse:
    pub = _staff_pub(request, pk)
    flag = get_object_or_404(ScanFlag, pk=flag_id, publication=pub)
    try:
        services.flag_acknowledge(actor=Actor.from_request(request), flag=flag)
    except GongkaiError as e:
        messages.error(request, e.message)
    return redirect("publications:staff_manage", pk=pk)
