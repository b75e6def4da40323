"""The search outbox (what changed, in commit order), the index's applied position, and the terms
administrators add to the segmenter's dictionary and to the synonym list."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """Written in the transaction of the change itself; the worker applies entries in id order."""

    content_type = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["content_type", "object_id"], name="search_outbox_obj_idx")]

    def __str__(self) -> str:
        return f"{self.pk}: {self.content_type}:{self.object_id}"


class IndexState(models.Model):
    """One row: the last outbox entry the live index contains (everything at or below it is applied)."""

    position = models.BigIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"position {self.position}"


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
