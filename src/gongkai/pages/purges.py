"""Which public pages show a changed object, and dropping them: at once after the commit that changed it,
and again by the worker from the transactional outbox (``OutboxEntry.purged_at``), so that a crash between
the commit and the first purge still refreshes every page within the worker's poll interval.

The addresses are the portal's URL scheme (gongkai.*.urls; tests/portal/test_page_cache.py checks that
each pattern here matches ``reverse()``); both languages are purged (gongkai.pages.store)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.core import clock
from gongkai.pages import store
from gongkai.pages.store import Purge
from gongkai.publications.models import Interpretation, Publication
from gongkai.reports.models import AnnualReport
from gongkai.search.models import OutboxEntry

#: How long after the index took in a change no results page is saved: each web process's reader picks
#: up the new index within moments of the commit, not at the commit.
INDEX_SETTLE_SECONDS = 2.0
#: Above this many pending entries the worker drops the whole day's pages instead (a bulk import).
WIPE_ABOVE = 2000

#: Search results pages: any change to what search finds may change any of them.
SEARCH = Purge("/search/", tree=True)

_EVERY_PUBLICATION_LIST = [
    Purge("/"),  # latest, most read, interpretations
    SEARCH,
    Purge("/library/"),
    Purge("/feeds/latest.atom"),
    Purge("/sitemap", prefix=True),
]


def _agency_pages(agency_ids: Iterable[int]) -> list[Purge]:
    out = []
    for a in set(agency_ids):
        out += [
            Purge(f"/agencies/{a}/"),
            Purge(f"/agencies/{a}/catalogue/", tree=True),
            Purge(f"/agencies/{a}/standard-catalogue/"),
            Purge(f"/agencies/{a}/feed.atom"),
        ]
    return out


def _publications(pks: list[int]) -> list[Purge]:
    rows = list(
        Publication.objects.filter(pk__in=pks).values_list("agency_id", "replaced_by_id", "supersedes_id")
    )
    agencies = {a for a, _r, _s in rows}
    agencies |= set(
        Publication.co_agencies.through.objects.filter(publication_id__in=pks).values_list(
            "agency_id", flat=True
        )
    )
    # Pages of the records that link to these (替代/废止 notes show the linked record's title and validity).
    linked = {x for _a, r, s in rows for x in (r, s) if x}
    linked |= set(
        Publication.objects.filter(Q(replaced_by_id__in=pks) | Q(supersedes_id__in=pks)).values_list(
            "pk", flat=True
        )
    )
    interpretations = Interpretation.objects.filter(policy_id__in=pks).values_list("pk", flat=True)
    return [
        *_EVERY_PUBLICATION_LIST,
        *[Purge(f"/publications/{p}/", tree=True) for p in {*pks, *linked}],
        *[Purge(f"/interpretations/{i}/", tree=True) for i in interpretations],
        *_agency_pages(agencies),
    ]


def _interpretations(pks: list[int]) -> list[Purge]:
    policies = list(Interpretation.objects.filter(pk__in=pks).values_list("policy_id", flat=True))
    return [
        Purge("/"),
        SEARCH,
        *[Purge(f"/interpretations/{i}/", tree=True) for i in pks],
        *[Purge(f"/publications/{p}/", tree=True) for p in policies],
    ]


def _reports(pks: list[int]) -> list[Purge]:
    agencies = AnnualReport.objects.filter(pk__in=pks, agency__isnull=False).values_list(
        "agency_id", flat=True
    )
    return [Purge("/reports/", tree=True), SEARCH, *[Purge(f"/agencies/{a}/") for a in agencies]]


def _agencies(pks: list[int]) -> list[Purge]:
    """An agency's name, site and 指南 show on its pages, its records' pages, the lists that name it."""
    pubs = list(Publication.objects.filter(agency_id__in=pks).values_list("pk", flat=True))
    return [
        *_EVERY_PUBLICATION_LIST,
        *[Purge(f"/agencies/{a}/", tree=True) for a in pks],
        *[Purge(f"/publications/{p}/", tree=True) for p in pubs],
        Purge("/divisions/", tree=True),
        Purge("/apply/", tree=True),
        Purge("/site-map/"),
        Purge("/contact/"),  # the 办公厅's contacts stand in for unset GONGKAI_SITE_CONTACT_* settings
        Purge("/reports/", tree=True),
    ]


def _guides(agency_ids: list[int]) -> list[Purge]:
    return [Purge(f"/agencies/{a}/guide/") for a in agency_ids]


def _standard_catalogues(agency_ids: list[int]) -> list[Purge]:
    """基层 标准目录 pages: an agency's own additions show on its page; 0 stands for the province-wide
    standard, which every county and town government's page shows."""
    if 0 in agency_ids:
        return [Purge("/agencies/", tree=True)]
    return [Purge(f"/agencies/{a}/standard-catalogue/") for a in agency_ids]


_MAPPERS: dict[str, Callable[[list[int]], list[Purge]]] = {
    "publication": _publications,
    "interpretation": _interpretations,
    "gazette": lambda _pks: [Purge("/gazette/", tree=True), SEARCH],
    "report": _reports,
    "agency": _agencies,
    "guide": _guides,
    "standard_catalogue": _standard_catalogues,
}


def purges_for(content_type: str, pks: list[int]) -> list[Purge] | None:
    """The pages showing these objects; None when every page may show it (a division, an unknown kind)."""
    mapper = _MAPPERS.get(content_type)
    return mapper(pks) if mapper is not None else None


def purge(changes: dict[str, list[int]]) -> int:
    """Drop the pages of these changes from today's cache; returns how many files went."""
    day = store.current_dir()
    items: list[Purge] = []
    if sum(len(pks) for pks in changes.values()) > WIPE_ABOVE:
        store.wipe()  # a bulk change (an import, names filled for every agency): cheaper than page by page
        return -1
    for content_type, pks in changes.items():
        found = purges_for(content_type, pks)
        if found is None:
            store.wipe()
            return -1
        items += found
    return store.purge(items, day)


def on_change(content_type: str, pks: list[int]) -> None:
    """The ``content_changed`` hook: purges once the change is committed (a rolled-back change purges
    nothing; the outbox entry written in the same transaction covers a crash before this runs)."""
    if store.enabled():
        transaction.on_commit(lambda: purge({content_type: list(pks)}))


def on_index_changed() -> None:
    """The ``index_changed`` hook: results pages rendered from the index before it took in a change (the
    first purge runs at the change's commit, before the worker has indexed it) are dropped again."""
    if store.enabled():
        day = store.current_dir()
        store.hold(day, "search", INDEX_SETTLE_SECONDS)
        store.purge([SEARCH], day)


def purge_outbox(*, batch: int = 500) -> int:
    """The worker's pass: switch to today's directory if the day changed, then purge the pages of every
    entry not yet purged; returns how many entries were handled."""
    today = clock.today()
    store.ensure_day(today)
    store.prune_days(today)
    pending = OutboxEntry.objects.filter(purged_at__isnull=True)
    if pending.count() > WIPE_ABOVE:
        store.wipe()
        return pending.update(purged_at=timezone.now())
    done = 0
    while rows := list(pending.order_by("pk").values_list("pk", "content_type", "object_id")[:batch]):
        changes: dict[str, list[int]] = {}
        for _pk, kind, obj in rows:
            changes.setdefault(kind, []).append(obj)
        purge(changes)
        OutboxEntry.objects.filter(pk__in=[r[0] for r in rows]).update(purged_at=timezone.now())
        done += len(rows)
    return done


def has_work() -> bool:
    """Entries to purge, or a new day whose directory is not current yet."""
    if OutboxEntry.objects.filter(purged_at__isnull=True).exists():
        return True
    return store.current_day_name() != clock.today().isoformat()
