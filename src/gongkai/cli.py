"""The ``gongkai`` command: a thin layer over the services and Django's management commands."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongkai")
def main() -> None:
    """gongkai（公开）：政府信息公开平台 — government information disclosure platform."""


# ---------------------------------------------------------------------------------------------- init
@main.command()
@click.option(
    "--no-input", is_flag=True, help="Never prompt; take the first admin from the environment only."
)
def init(no_input: bool) -> None:
    """Create or upgrade the database, load the working-day calendar, create the first administrator.

    The administrator comes from GONGKAI_ADMIN_USERNAME / GONGKAI_ADMIN_PASSWORD, or is asked for.
    """
    _setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from gongkai.core import services
    from gongkai.core.context import Actor
    from gongkai.orgs import services as org_services
    from gongkai.orgs.roles import Role

    settings_module = __import__("django.conf", fromlist=["settings"]).settings
    settings_module.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    added = services.calendar_seed_from_package(actor=Actor.system("init"))
    from gongkai.publications.services import reference_data_seed

    reference_data_seed(actor=Actor.system("init"))
    if added:
        click.echo(f"工作日历：已载入 {added[0]}–{added[-1]} 年的节假日安排")
    user_model = get_user_model()
    if user_model.objects.filter(is_superuser=True).exists():
        click.echo("数据库已就绪（database ready）")
        return
    username = os.environ.get("GONGKAI_ADMIN_USERNAME", "")
    password = os.environ.get("GONGKAI_ADMIN_PASSWORD", "")
    if not (username and password):
        if no_input or not sys.stdin.isatty():
            click.echo("数据库已就绪；未创建管理员（set GONGKAI_ADMIN_USERNAME and GONGKAI_ADMIN_PASSWORD）")
            return
        username = username or click.prompt("管理员用户名 (admin username)", default="admin")
        password = password or click.prompt(
            "管理员密码 (admin password)", hide_input=True, confirmation_prompt=True
        )
    user = user_model.objects.create_superuser(username=username, password=password)
    org_services.staff_role_grant(actor=Actor.system("init"), user=user, role=Role.ADMIN)
    click.echo(f"已创建管理员 {username}")


# ---------------------------------------------------------------------------------------------- demo
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


@main.command()
@click.option("--profile", default="guangdong-2020", show_default=True)
@click.option("--seed", default=2020, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Only load the data, do not start the web server.")
@click.option("--reset", is_flag=True, help="Rebuild even if this profile and seed are already loaded.")
@click.option(
    "--scale",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.001, 1.0),
    help="Fraction of the full volume of cases (only 1.0 reproduces the seed report's figures).",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def demo(profile: str, seed: int, no_serve: bool, reset: bool, scale: float, host: str, port: int) -> None:
    """Build the demo province (deterministic for a given seed), then serve the portal."""
    import time

    _setup()
    from django.core.management import call_command

    from gongkai.core import services
    from gongkai.core.context import Actor
    from gongkai.core.errors import GongkaiError
    from gongkai.demo import builder
    from gongkai.demo.orgs_step import demo_logins

    call_command("migrate", interactive=False, verbosity=0)
    services.calendar_seed_from_package(actor=Actor.system("demo"))
    from gongkai.publications.services import reference_data_seed

    reference_data_seed(actor=Actor.system("demo"))
    started = time.monotonic()
    try:
        with _RichProgress() as progress:
            built, counts = builder.build(
                profile=profile, seed=seed, progress=progress, reset=reset, scale=scale
            )
    except GongkaiError as e:
        _fail(e.message)
    if built:
        click.echo(f"演示数据已生成：{profile}，种子 {seed}，用时 {time.monotonic() - started:.1f} 秒")
    else:
        click.echo(f"演示数据已存在：{profile}，种子 {seed}（--reset 重新生成）")
    click.echo(json.dumps(counts.get("orgs", {}).get("divisions", {}), ensure_ascii=False))
    click.echo("演示账号 (demo logins):")
    for username, password, what in demo_logins():
        click.echo(f"  {username:<22} {password:<16} {what}")
    if not no_serve:
        _serve(host, port, workers=None)


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


# ---------------------------------------------------------------------------------------------- stats
@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(as_json: bool) -> None:
    """Counts of what is in the database (divisions by level, agencies, users, …)."""
    _setup()
    from gongkai.core import stats as core_stats

    data = core_stats.collect()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return
    for section, values in data.items():
        click.echo(f"[{section}]")
        for key, value in values.items():
            click.echo(f"  {key}: {value}")


# ---------------------------------------------------------------------------------------------- calendar
@main.group()
def calendar() -> None:
    """Working-day calendar (法定工作日)."""


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"日期格式应为 YYYY-MM-DD：{value}", 2)
        raise


@calendar.command("add")
@click.argument("start")
@click.argument("n", type=int)
def calendar_add(start: str, n: int) -> None:
    """Print the N-th working day after START (the day of START itself is not counted)."""
    _setup()
    from gongkai.core import calendar as cal
    from gongkai.core.errors import CalendarNotCovered

    if n < 1:
        _fail("N 应为正整数（a positive number of working days）", 2)
    try:
        click.echo(cal.add_working_days(_parse_date(start), n).isoformat())
    except CalendarNotCovered as e:
        _fail(e.message)


@calendar.command("between")
@click.argument("start")
@click.argument("end")
def calendar_between(start: str, end: str) -> None:
    """Print the number of working days after START up to and including END."""
    _setup()
    from gongkai.core import calendar as cal
    from gongkai.core.errors import CalendarNotCovered

    try:
        click.echo(str(cal.working_days_between(_parse_date(start), _parse_date(end))))
    except CalendarNotCovered as e:
        _fail(e.message)


@calendar.command("years")
def calendar_years() -> None:
    """List the years whose official schedule is loaded."""
    _setup()
    from gongkai.core import calendar as cal

    years = cal.covered_years()
    click.echo(f"{years[0]}–{years[-1]}" if years else "（无）")


# ---------------------------------------------------------------------------------------------- report
@main.group()
def report() -> None:
    """政府信息公开工作年度报告: build from the records, check anyone's report."""


@report.command("build")
@click.option(
    "--division", "division_code", help="行政区划代码 (a government's report or its region's aggregate)"
)
@click.option("--agency", "agency_id", type=int, help="机关 id (a department's own report)")
@click.option("--year", type=int, required=True)
@click.option("--scope", type=click.Choice(["own", "region"]), default="own", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "html", "xlsx", "docx", "pdf"]),
    default="json",
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout)"
)
def report_build(
    division_code: str | None, agency_id: int | None, year: int, scope: str, fmt: str, output: str | None
) -> None:
    """Compute a report for a division or an agency and a year, checked against every identity."""
    _setup()
    from gongkai.core.errors import GongkaiError
    from gongkai.orgs import selectors
    from gongkai.reports import checks, compute

    if (division_code is None) == (agency_id is None):
        _fail("请指定 --division 或 --agency 之一", 2)
    try:
        if division_code is not None:
            target = compute.scope_of_division(
                selectors.division_get_by_code(division_code), region=scope == "region"
            )
        else:
            target = compute.scope_of_agency(selectors.agency_get(int(agency_id or 0)))
    except GongkaiError as e:
        _fail(e.message, 2)
        raise
    from gongkai.reports import render

    data = compute.compute(target, year).as_json()
    findings = checks.check_report(data)
    if fmt in ("json", "html"):
        text = (
            json.dumps(data, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else render.to_html(data)
        )
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
    else:
        if not output:
            _fail(f"{fmt} 格式需要用 -o 指定输出文件", 2)
        content = {"xlsx": render.to_xlsx, "docx": render.to_docx, "pdf": render.to_pdf}[fmt](data)
        Path(str(output)).write_bytes(content)
    if findings:  # a report that fails an identity is never silently produced
        for f in findings:
            click.echo(f"校验未通过：{f.message}", err=True)
        sys.exit(1)


@report.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--previous", type=click.Path(exists=True, dir_okay=False), help="Last year's report (carry-over check)"
)
def report_check(paths: tuple[str, ...], previous: str | None) -> None:
    """Check reports (our JSON or .xlsx, or a report page published anywhere as HTML) against the format's
    identities and the narrative. Several files give a summary table. Exit 0 consistent, 1 inconsistencies
    found, 2 unreadable input (the worst over all files)."""
    from gongkai.reports import checks, reading

    before = None
    if previous:
        try:
            before = reading.read(Path(previous))
        except reading.Unreadable as e:
            _fail(f"无法读取上年报告：{e}", 2)
    worst, summary = 0, []
    for path in paths:
        try:
            data = reading.read(Path(path))
        except reading.Unreadable as e:
            click.echo(f"{path}: 无法读取报告：{e}", err=True)
            worst = 2
            summary.append((path, "—", "—", "—", "无法读取"))
            continue
        findings = checks.check_report(data, before) + checks.check_narrative(data)
        prefix = f"{path}: " if len(paths) > 1 else ""
        for f in findings:
            click.echo(f"{prefix}[{f.rule}] {f.message}")
        worst = max(worst, 1 if findings else 0)
        verdict = f"发现{len(findings)}处问题" if findings else "通过"
        summary.append(
            (path, str(data.get("format", "")), str(data.get("year", "")), str(len(findings)), verdict)
        )
        if len(paths) == 1:
            click.echo(verdict if findings else "校验通过：报告数据符合全部勾稽关系")
    if len(paths) > 1:
        click.echo("\n文件\t格式\t年度\t问题数\t结论")
        for row in summary:
            click.echo("\t".join(row))
    sys.exit(worst)


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


# ---------------------------------------------------------------------------------------------- api tokens
@main.group("api-token")
def api_token() -> None:
    """Per-agency API tokens (the key is printed once; only its hash is stored)."""


@api_token.command("issue")
@click.argument("username")
@click.argument("agency_id", type=int)
@click.option("--name", default="API", show_default=True, help="What the token is for.")
def api_token_issue(username: str, agency_id: int, name: str) -> None:
    """Issue a token for USERNAME acting for agency AGENCY_ID (the user must be its clerk or approver)."""
    _setup()
    from django.contrib.auth import get_user_model

    from gongkai.api.services import api_token_issue as issue
    from gongkai.core.context import Actor
    from gongkai.core.errors import GongkaiError
    from gongkai.orgs.models import Agency

    user = get_user_model().objects.filter(username=username).first()
    agency = Agency.objects.filter(pk=agency_id).first()
    if user is None or agency is None:
        _fail(f"用户{username}或机关{agency_id}不存在")
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    try:
        issued = issue(actor=Actor(admin or user, label_override="cli"), user=user, agency=agency, name=name)
    except GongkaiError as e:
        _fail(e.message)
    click.echo(issued.key)


# ---------------------------------------------------------------------------------------------- search
@main.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable results.")
@click.option("--limit", default=10, show_default=True, type=int)
def search(words: tuple[str, ...], as_json: bool, limit: int) -> None:
    """一网通搜: gongkai search "QUERY" [--json] — or gongkai search reindex to rebuild the index."""
    _setup()
    if words == ("reindex",):
        from gongkai.core.context import Actor
        from gongkai.search.services import search_reindex

        with _RichProgress() as progress:
            progress.start("重建索引", 0)
            n = search_reindex(actor=Actor.system("reindex"), progress=progress.advance)
        click.echo(f"已索引{n}件")
        return
    from gongkai.search import selectors

    result = selectors.search(" ".join(words))
    hits = result.hits[:limit]
    if as_json:
        data = {
            "total": result.total,
            "exact": result.exact,
            "did_you_mean": result.did_you_mean,
            "hits": [{"key": h.key, "kind": h.kind, "title": h.title, "url": h.url, "snippet": h.snippet,
                      "score": h.score} for h in hits],
            "facets": {f.name: [[v, label, n] for v, label, n in f.values] for f in result.facets},
        }  # fmt: skip
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"共{result.total}条")
    for h in hits:
        click.echo(f"{h.title}  {h.url}\n    {h.snippet}")
    if not hits:
        click.echo("没有找到结果" + (f"。您是不是要找：{result.did_you_mean}" if result.did_you_mean else ""))


# ---------------------------------------------------------------------------------------------- manage
@main.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command: gongkai manage <command> [options]."""
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args])


if __name__ == "__main__":
    main()
