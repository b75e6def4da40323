"""Demo step ``search``: the search index over everything the earlier steps published (a full rebuild,
as `gongkai search reindex` does), so that the portal's search box works as soon as the demo is served."""

from __future__ import annotations

from gongkai.core.context import Actor
from gongkai.demo.builder import BuildContext
from gongkai.search.services import search_reindex


def wipe() -> None:
    """Nothing to delete: the next rebuild replaces the index as a whole."""


def run(ctx: BuildContext) -> None:
    ctx.progress.start("搜索索引", 0)
    search_reindex(actor=Actor.system("demo"), progress=ctx.progress.advance)
