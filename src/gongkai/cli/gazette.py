"""``gongkai gazette``: the 政府公报 archive."""

from __future__ import annotations

import sys

import click

from gongkai.cli.app import _RichProgress, _setup, main


# ---------------------------------------------------------------------------------------------- gazette
@main.group()
def gazette() -> None:
    """政府公报 archive."""


@gazette.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def gazette_import(path: str) -> None:
    """Import gazette documents from JSON lines (.jsonl or .jsonl.gz; docs/gazette.md). Re-importing
    updates, never duplicates; bad lines are reported with their numbers and the rest is imported
    (exit status 1 if any line was rejected)."""
    import gzip

    _setup()
    from gongkai.core.context import Actor
    from gongkai.gazette.services import gazette_import as run_import

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f, _RichProgress() as progress:
        progress.start("导入公报", 0)  # the number of lines is not known in advance
        result = run_import(actor=Actor.system("gazette-import"), lines=f, progress=progress.advance)
    click.echo(
        f"新增{result.created}件，更新{result.updated}件，未变{result.unchanged}件，错误{len(result.errors)}行"
    )
    for line_no, message in result.errors[:200]:
        click.echo(f"第{line_no}行：{message}", err=True)
    if result.errors:
        sys.exit(1)
