"""``gongkai serve`` and ``gongkai worker``: the web server and the background jobs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from gongkai.cli.app import _setup, main


# ---------------------------------------------------------------------------------------------- serve
def _serve(host: str, port: int, workers: int | None, *, with_worker: bool = True) -> None:
    import signal
    import subprocess

    from django.core.management import call_command

    from gongkai.core.install import data_dir_create

    # Every gunicorn worker must sign sessions with the same key: without GONGKAI_SECRET_KEY it is read
    # from the data directory, so keep this process's key there before any worker starts (a database set
    # up with `manage migrate` instead of `gongkai init` has none yet, and each worker would invent its own).
    data_dir_create()
    call_command("collectstatic", interactive=False, verbosity=0)
    from gongkai.pages import store

    # Pages saved by the previous code (templates, translations, CSS names) must not outlive it.
    store.clear()
    n = workers or int(os.environ.get("GONGKAI_WEB_WORKERS", "0") or 0) or 2 * (os.cpu_count() or 1) + 1
    click.echo(f"门户网站：http://{host}:{port}/   管理后台：http://{host}:{port}/admin/")
    from gongkai.core import clock

    if (pinned := clock.pinned_today()) is not None:
        click.echo(f"时钟：今天固定为 {pinned.isoformat()}（GONGKAI_TODAY）")
    sys.stdout.flush()
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "gongkai.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(n),
        # Threads with keep-alive: a browser (or nginx) reuses its connection instead of a TCP handshake per
        # request, and a request waiting on the database does not hold a whole process (bench/portal_...).
        "--worker-class",
        "gthread",
        "--threads",
        os.environ.get("GONGKAI_WEB_THREADS", "4"),
        "--keep-alive",
        "5",
        "--access-logfile",
        "-",
        # The longest request line gunicorn accepts (its default, 4094, answered a long pasted search with
        # an English "URI Too Long"); the application refuses what is still too long with a Chinese 400.
        "--limit-request-line",
        "8190",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]
    if not with_worker:
        os.execv(sys.executable, args)  # noqa: S606  (replaces this process with gunicorn)
    server = subprocess.Popen(args)  # noqa: S603
    supervisor = WorkerSupervisor()
    supervisor.start()

    def stop(signum: int, _frame: object) -> None:
        supervisor.stop()
        server.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = server.wait()
    supervisor.stop()
    sys.exit(code)


class WorkerSupervisor:
    """Runs `gongkai worker` beside the web server and starts it again whenever it exits (after 1 s,
    doubling up to a minute while it keeps failing quickly), so that one unexpected error never stops
    indexing, reminders or erasure while the site stays up. Each restart is reported on stderr."""

    def __init__(self, command: list[str] | None = None) -> None:
        self.command = command or [str(Path(sys.executable).with_name("gongkai")), "worker"]
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.restarts = 0
        self.thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _watch(self) -> None:
        delay = 1.0
        while not self.stopping.is_set():
            started = time.monotonic()
            self.process = subprocess.Popen(self.command)  # noqa: S603
            code = self.process.wait()
            if self.stopping.is_set():
                return
            delay = 1.0 if time.monotonic() - started > 60 else min(delay * 2, 60.0)
            self.restarts += 1
            click.echo(f"后台任务进程意外退出（退出码{code}），{delay:.0f}秒后重新启动", err=True)
            self.stopping.wait(delay)

    def stop(self) -> None:
        self.stopping.set()
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=None, type=int, help="gunicorn worker processes (default 2×cores+1)")
@click.option("--no-worker", is_flag=True, help="Do not start the background worker beside the web server.")
def serve(host: str, port: int, workers: int | None, no_worker: bool) -> None:
    """Serve the portal and the admin with gunicorn (static files through WhiteNoise), with the background
    worker (search index updates, reminders) beside it unless --no-worker."""
    _setup()
    _serve(host, port, workers, with_worker=not no_worker)


@main.command("nginx-config")
@click.option("--listen", default="80", show_default=True, help="nginx's listen (port or addr:port)")
@click.option("--upstream", default="127.0.0.1:8000", show_default=True, help="where `gongkai serve` listens")
@click.option(
    "--access-log",
    default="/var/log/nginx/access.log",
    show_default=True,
    help="nginx's access log for the pages it serves itself (off: none)",
)
def nginx_config(listen: str, upstream: str, access_log: str) -> None:
    """Print the production recipe's nginx configuration for these settings: nginx serves the page cache
    and the static files, everything else goes to `gongkai serve` (docs/deploy.md)."""
    _setup(database=False)
    from gongkai.pages import store
    from gongkai.portal import nginx

    # nginx opens the views log in the page cache's directory when it starts: it must exist by then
    store.root().mkdir(parents=True, exist_ok=True)
    click.echo(nginx.config(listen=listen, upstream=upstream, access_log=access_log), nl=False)


# ---------------------------------------------------------------------------------------------- worker
_REPORTS: dict[str, Callable[[Any], str]] = {
    "apply_outbox": lambda v: f"搜索索引：已更新{v}项",
    "purge_pages": lambda v: f"页面缓存：已按{v}项变更刷新页面",
    "deadline_reminders": lambda v: f"期限提醒：{json.dumps(v, ensure_ascii=False)}",
    "erase_expired": lambda v: f"超过保存期限、已删除个人信息的申请人：{v}",
    "reminder_mail": lambda v: "提醒邮件：已发送" if v else "提醒邮件：无需发送",
    "prune": lambda v: f"清理：{json.dumps(v, ensure_ascii=False)}",
}


def _report(result: Any) -> None:
    """One Chinese line per finished task (failures on stderr, with the retry policy's decision)."""
    name = result.task.name
    if result.status == "SUCCESSFUL":
        click.echo(_REPORTS.get(name, lambda v: f"{name}：完成")(result.return_value))
        return
    errors = result.errors
    cause = errors[-1].exception_class_path.rsplit(".", 1)[-1] if errors else "?"
    click.echo(f"后台任务 {name} 失败（{cause}），按重试策略处理，详见管理后台“后台任务”", err=True)


@main.command()
@click.option("--once", is_flag=True, help="Run every job once and exit (for cron).")
@click.option(
    "--poll",
    "--search-interval",
    "poll",
    default=2.0,
    show_default=True,
    type=float,
    help="Seconds between looks at the queue and the search outbox.",
)
def worker(once: bool, poll: float) -> None:
    """Background jobs on the task queue (django-tasks): the search index follows the outbox (every few
    seconds); deadline reminders (5 and 2 working days before, and overdue) with one mail per reminder,
    and erasing applicants' personal data after the retention period (every GONGKAI_WORKER_SWEEP_SECONDS).
    Failed tasks are retried with back-off; the last failure is kept for the administrator. One worker per
    installation: it is the search index's only writer."""
    _setup()
    from gongkai.jobs import runner

    runner.run(once=once, poll=poll, report=_report)
