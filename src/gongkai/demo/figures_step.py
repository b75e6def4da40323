"""Demo step ``figures``: the annual report's per-agency figures, built once in bulk.

The earlier steps load their rows in bulk, without the services (and so without the signals that keep the
figures current on every write): the figures are counted here, once, from everything they loaded — the
years of the reports the demo shows and the five-year trend before them."""

from __future__ import annotations

from gongkai.core.context import Actor
from gongkai.demo.builder import BuildContext
from gongkai.reports.aggregates import store

FIRST_YEAR = 2016  # the trend of the 2020 report starts here


def wipe() -> None:
    store.wipe()


def run(ctx: BuildContext) -> None:
    ctx.progress.start("年度报告统计数据", 0)
    store.figures_rebuild(actor=Actor.system("demo"), years=range(FIRST_YEAR, ctx.today.year + 1))
