"""The sample 政府公报 archive shipped with the package (data/laws.jsonl.gz; data/PROVENANCE.md says what
it is and where it came from). The demo loads it; the tests read it."""

from __future__ import annotations

import gzip
from itertools import islice
from pathlib import Path
from typing import Final

SAMPLE_CORPUS: Final = Path(__file__).resolve().with_name("data") / "laws.jsonl.gz"
SAMPLE_SIZE: Final = 3470  # documents (lines) in SAMPLE_CORPUS


def sample_lines(n: int | None = None) -> list[str]:
    """The first ``n`` lines of the sample archive (all of them when ``n`` is None)."""
    with gzip.open(SAMPLE_CORPUS, "rt", encoding="utf-8") as f:
        return list(islice(f, n))
