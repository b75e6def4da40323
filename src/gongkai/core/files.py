"""Files written and deleted only after the database transaction that refers to them commits.

A service names the file inside its transaction (a unique name, so that nothing else can take it) and
the bytes reach storage in ``transaction.on_commit``: a rollback leaves no file behind and no row points
at a file that was never meant to exist. Deleting works the other way round: rows first, files after the
commit. If storage fails after the commit, the error is logged (the row names a missing file; downloads
say so and letters can be issued again)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger("gongkai.files")


def save_after_commit(field_file: FieldFile, filename: str, content: bytes) -> str:
    """Give ``field_file`` a unique name under its field's ``upload_to`` now; write ``content`` there
    when the current transaction commits (at once outside a transaction). Returns the name."""
    path = PurePosixPath(filename)
    unique = f"{path.stem[:80]}-{secrets.token_hex(4)}{path.suffix.lower()[:10]}"
    name = field_file.field.generate_filename(field_file.instance, unique)
    field_file.name = name
    storage = field_file.storage

    def write() -> None:
        try:
            written = storage.save(name, ContentFile(content))
        except OSError:
            logger.exception("文件写入失败：%s", name)
            return
        if written != name:  # pragma: no cover  (the random part makes a clash practically impossible)
            logger.error("文件名冲突：%s 写成了 %s", name, written)

    transaction.on_commit(write)
    return name


def delete_after_commit(names: Iterable[str], storage: Storage | None = None) -> None:
    """Delete stored files once the transaction that stopped referring to them has committed."""
    doomed = [n for n in names if n]
    store = storage or default_storage

    def delete() -> None:
        for name in doomed:
            try:
                store.delete(name)
            except OSError:
                logger.exception("文件删除失败：%s", name)

    if doomed:
        transaction.on_commit(delete)
