"""``gongkai serve`` and ``gongkai worker``: the web server and the background jobs."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from gongkai.cli.app import _setup, main


# ---------------------------------------------------------------------------------------------- serve
def _serve(host: str, port: int, workers: int | None, *, with_worker: bool = True) -> None:
    import signal
    import subprocess

    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    n = workers or int(os.environ.get("GONGKAI_WEB_WORKERS", "0") or 0) or 2 * (os.cpu_count() or 1) + 1
    click.echo(f"门户网站：http://{host}:{port}/   管理后台：http://{host}:{port}/admin/")
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
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]
    if not with_worker:
        os.execv(sys.executable, args)  # noqa: S606  (replaces this process with gunicorn)
    # The background worker (search index, reminders) runs beside the web server and stops with it.
    worker = subprocess.Popen([str(Path(sys.executable).with_name("gongkai")), "worker"])  # noqa: S603
    server = subprocess.Popen(args)  # noqa: S603

    def stop(signum: int, _frame: object) -> None:
        server.send_signal(signum)
        worker.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = server.wait()
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
    sys.exit(code)


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


# ---------------------------------------------------------------------------------------------- worker
@main.command()
@click.option("--once", is_flag=True, help="Run every job once and exit (for cron).")
@click.option("--interval", default=600, show_default=True, type=int, help="Seconds between reminder sweeps.")
@click.option(
    "--search-interval",
    default=2.0,
    show_default=True,
    type=float,
    help="Seconds between search index updates.",
)
def worker(once: bool, interval: int, search_interval: float) -> None:
    """Background jobs: the search index follows the outbox (every few seconds); deadline reminders (5
    and 2 working days before, and overdue) and erasing applicants' personal data after the retention
    period (every --interval seconds). All idempotent; the search index is its only writer."""
    import time

    _setup()
    from gongkai.applications.services import personal_data_erase_expired
    from gongkai.applications.tasks import send_deadline_reminders
    from gongkai.core.context import Actor
    from gongkai.core.errors import CalendarNotCovered
    from gongkai.search.services import search_apply_outbox

    next_sweep = 0.0
    while True:
        applied = search_apply_outbox()
        if applied or once:
            click.echo(f"搜索索引：已更新{applied}项")
        if time.monotonic() >= next_sweep:
            try:
                counts = send_deadline_reminders()
                click.echo(f"期限提醒：{json.dumps(counts, ensure_ascii=False)}")
            except CalendarNotCovered as e:
                click.echo(e.message, err=True)
            erased = personal_data_erase_expired(actor=Actor.system("worker"))
            click.echo(f"超过保存期限、已删除个人信息的申请人：{erased}")
            next_sweep = time.monotonic() + interval
        if once:
            return
        time.sleep(search_interval)
