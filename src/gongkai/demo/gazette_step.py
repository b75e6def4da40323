"""Demo step ``gazette``: a sample 政府公报 archive from the law corpus shipped with the package
(gongkai/gazette/data/laws.jsonl.gz, 3,470 documents, ~20 M characters — the volume of the seed's
digitised gazette), up to the demo's today; GONGKAI_GAZETTE_SAMPLE names another file. Skipped below
full scale."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from gongkai.core import clock
from gongkai.core.context import Actor
from gongkai.demo import bulk
from gongkai.demo.builder import BuildContext
from gongkai.gazette.importer import BadLine, parse_line
from gongkai.gazette.models import GazetteDocument, GazetteIssue
from gongkai.gazette.sample import SAMPLE_CORPUS, SAMPLE_SIZE
from gongkai.gazette.services import gazette_import


def sample_path() -> Path | None:
    configured = os.environ.get("GONGKAI_GAZETTE_SAMPLE")
    path = Path(configured) if configured else SAMPLE_CORPUS
    return path if path.is_file() else None


def wipe() -> None:
    bulk.delete_all(GazetteDocument, GazetteIssue)


def run(ctx: BuildContext) -> None:
    path = sample_path()
    if path is None or ctx.scale < 1.0:
        return
    opener = gzip.open if path.suffix == ".gz" else open
    ctx.progress.start("政府公报", SAMPLE_SIZE)
    with opener(path, "rt", encoding="utf-8") as f:
        lines = _until(f, clock.today())
        gazette_import(actor=Actor.system("demo"), lines=lines, progress=ctx.progress.advance)


def _until(lines: Iterable[str], today: date) -> Iterator[str]:
    """The sample's documents dated no later than the demo's today: an archive holds no future issue (the
    corpus runs to 2025; the demo province stands in early 2021). Undated lines pass."""
    for line in lines:
        try:
            when = parse_line(line).date if line.strip() else None
        except BadLine:
            when = None  # the import reports it
        if when is None or when <= today:
            yield line
