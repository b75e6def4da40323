"""The ``gongkai`` command group and what every command module shares."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import click

from gongkai.cli import zh
from gongkai.cli.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, describe


def _setup(*, database: bool = True) -> None:
    """Configure Django; unless ``database=False``, stop with one line when the database is not initialised
    (``gongkai init`` has not run here): nothing is created on the way (gongkai.core.install)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django
    from django.conf import settings

    from gongkai.core.errors import ConfigurationInvalid
    from gongkai.core.install import first_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings: any error there is the configuration's)
    except Exception as e:
        raise ConfigurationInvalid(f"配置错误：{first_line(e)}（请检查 GONGKAI_* 环境变量）") from e
    django.setup()
    if database:
        from gongkai.core.install import database_require_initialized

        database_require_initialized()


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


class _Gongkai(click.Group):
    """The top-level group: the one handler that turns any error a command lets through into one Chinese
    line and an exit code (gongkai.cli.errors); the traceback only with GONGKAI_DEBUG=1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit):
            raise
        except (KeyboardInterrupt, click.Abort):  # Ctrl-C, also at a prompt
            click.echo("已中断", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except Exception as e:
            if os.environ.get("GONGKAI_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
                raise
            if isinstance(e, BrokenPipeError):  # `gongkai … | head`: click exits quietly
                raise
            code, line = describe(e)
            click.echo(line, err=True)
            raise click.exceptions.Exit(code) from None


zh.install()


@click.group(cls=_Gongkai, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongkai")
def main() -> None:
    """gongkai（公开）：政府信息公开平台。

    \b
    退出码：0 成功；1 检查未通过（报告不符合勾稽关系、公报有被拒绝的行）；
    2 输入或环境有误（参数、文件、数据库未初始化、缺少LibreOffice）；3 内部错误；130 已中断。
    设置 GONGKAI_DEBUG=1 可在出错时查看详细信息。
    """


class _RichProgress:
    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            disable=not sys.stderr.isatty(),
            console=None,
        )
        self._task: Any = None

    def __enter__(self) -> _RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def start(self, label: str, total: int) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=self._progress.tasks[-1].total)
        self._task = self._progress.add_task(label, total=total or None)
        if not sys.stderr.isatty():
            click.echo(f"… {label}", err=True)

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)
