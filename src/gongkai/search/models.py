"""The search outbox (what changed, one row per change, consumed by the worker), the index's state, and
the terms administrators add to the segmenter's dictionary and to the synonym list."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """Written in the transaction of the change itself; pending until a worker batch applies it.

    Entries are consumed one by one (``applied_batch`` set), never by an id watermark: PostgreSQL assigns
    ids at insert, not at commit, so a slow transaction's entry can become visible after a higher id was
    already applied (docs/search.md, "The outbox")."""

    content_type = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    #: The worker batch (IndexState.batch) that applied this entry; NULL while pending.
    applied_batch = models.BigIntegerField(null=True, blank=True)
    #: When the portal's page cache dropped the pages that show this object (gongkai.portal.pagecache);
    #: NULL while pending. A second consumer of the same entries, independent of the index.
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["content_type", "object_id"], name="search_outbox_obj_idx"),
            models.Index(
                fields=["id"],
                name="search_outbox_pending_idx",
                condition=models.Q(applied_batch__isnull=True),
            ),
            models.Index(fields=["applied_batch"], name="search_outbox_batch_idx"),
            models.Index(
                fields=["id"],
                name="search_outbox_unpurged_idx",
                condition=models.Q(purged_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.content_type}:{self.object_id}"


class IndexState(models.Model):
    """One row, locked by whoever writes the index: the number of the last applied batch, when it was
    applied (index freshness), the size of the last rebuild."""

    batch = models.BigIntegerField(default=0)
    applied_at = models.DateTimeField(null=True, blank=True)
    documents = models.PositiveIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"batch {self.batch}"


class Term(models.Model):
    """A word the segmenter must keep whole (e.g. 粤康码), optionally with synonyms searched with it."""

    word = models.CharField(_("词语"), max_length=40, unique=True)
    synonyms = models.CharField(
        _("同义词或简称"),
        max_length=200,
        blank=True,
        help_text=_("用空格分隔，如“公积金”的同义词“住房公积金”"),
    )

    class Meta:
        verbose_name = _("搜索词典")
        verbose_name_plural = _("搜索词典")
        ordering: ClassVar = ["word"]

    def __str__(self) -> str:
        return self.word
