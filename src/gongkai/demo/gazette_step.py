"""Demo step ``gazette``: a sample 政府公报 archive from the law corpus shipped with the package
(gongkai/gazette/data/laws.jsonl.gz, 3,470 documents, ~20 M characters — the volume of the seed's
digitised gazette); GONGKAI_GAZETTE_SAMPLE names another file. Skipped below full scale."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from gongkai.core.context import Actor
from gongkai.demo import bulk
from gongkai.demo.builder import BuildContext
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
        gazette_import(actor=Actor.system("demo"), lines=f, progress=ctx.progress.advance)
