"""``gongkai gazette``: the 政府公报 archive."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import TextIO

import click

from gongkai.cli.app import _RichProgress, _setup, main
from gongkai.cli.errors import EXIT_CHECK_FAILED, os_error_line
from gongkai.core.errors import InvalidInput
from gongkai.core.install import first_line


@main.group()
def gazette() -> None:
    """政府公报档案。"""


@gazette.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def gazette_import(path: str) -> None:
    """从 JSON lines 文件（.jsonl 或 .jsonl.gz，见 docs/gazette.md）导入公报文件。

    重复导入只更新、不重复；有问题的行给出行号并跳过，其余照常导入（有被拒绝的行时退出码为 1）。
    """
    _verify_readable(path)
    _setup()
    from gongkai.core.context import Actor
    from gongkai.gazette.services import gazette_import as run_import

    with _open(path) as f, _RichProgress() as progress:
        progress.start("导入公报", 0)  # the number of lines is not known in advance
        result = run_import(actor=Actor.system("gazette-import"), lines=f, progress=progress.advance)
    click.echo(
        f"新增{result.created}件，更新{result.updated}件，未变{result.unchanged}件，错误{len(result.errors)}行"
    )
    for line_no, message in result.errors[:200]:
        click.echo(f"第{line_no}行：{message}", err=True)
    if result.errors:
        raise click.exceptions.Exit(EXIT_CHECK_FAILED)


def _open(path: str) -> TextIO:
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return Path(path).open(encoding="utf-8")


def _verify_readable(path: str) -> None:
    """Read the whole file once before importing, so that a corrupt or truncated .gz or a file that is not
    UTF-8 is refused with one line before anything is written (the import commits in batches)."""
    try:
        with _open(path) as f:
            while f.read(1 << 20):
                pass
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        detail = first_line(e)
        raise InvalidInput(f"无法读取 {path}：gzip 文件已损坏或被截断（{detail}）") from e
    except UnicodeDecodeError as e:
        raise InvalidInput(f"无法读取 {path}：文件编码不是 UTF-8") from e
    except OSError as e:
        raise InvalidInput(os_error_line(e, "无法读取")) from e
