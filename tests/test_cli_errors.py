"""The `gongkai` command never shows a traceback: each error is one Chinese line on stderr and a documented
exit code (1 the check failed, 2 bad input or environment, 3 internal error), run as an operator runs it —
real processes, real files, a fresh data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.gazette.sample import SAMPLE_CORPUS

pytestmark = pytest.mark.slow

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
HINT = "；请先运行 gongkai init 或设置 GONGKAI_DATA_DIR"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    return {**env, **extra}


def run(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [GONGKAI, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    assert "Traceback" not in result.stdout + result.stderr or env.get("GONGKAI_DEBUG") == "1"
    return result


def fails(result: subprocess.CompletedProcess[str], code: int, line: str) -> None:
    """Exit ``code`` with exactly the one line ``line`` on stderr."""
    assert (result.returncode, result.stderr) == (code, line + "\n"), result.stdout


@pytest.fixture(scope="module")
def ready(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """An initialised data directory (SQLite) with one division, 440000 广东省."""
    env = clean_env(GONGKAI_DATA_DIR=str(tmp_path_factory.mktemp("ready") / "var"))
    assert run(env, "init", "--no-input").returncode == 0
    code = (
        "from gongkai.core.context import Actor; from gongkai.orgs.services import division_create; "
        "division_create(actor=Actor.system('tests'), parent=None, code='440000', name='广东省', level=1, "
        "kind='province')"
    )
    assert run(env, "manage", "shell", "-c", code).returncode == 0
    yield env


@pytest.mark.parametrize(
    "args", [("stats",), ("calendar", "years"), ("search", "条例"), ("api-token", "issue", "x", "1")]
)
def test_before_init_commands_say_so_and_create_no_var_directory(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run(clean_env(), *args, cwd=tmp_path)
    database = tmp_path.resolve() / "var" / "gongkai.sqlite3"
    fails(result, 2, f"数据库尚未初始化：找不到数据库文件 {database}{HINT}")
    assert list(tmp_path.iterdir()) == []  # no stray ./var


def test_an_existing_var_directory_that_is_not_ours_is_left_untouched(tmp_path: Path) -> None:
    """Run where ./var exists but holds no installation (as with the current directory /): no empty
    database, no secret key written into it."""
    (tmp_path / "var").mkdir()
    result = run(clean_env(), "calendar", "add", "2020-09-28", "20", cwd=tmp_path)
    database = tmp_path.resolve() / "var" / "gongkai.sqlite3"
    fails(result, 2, f"数据库尚未初始化：找不到数据库文件 {database}{HINT}")
    assert list((tmp_path / "var").iterdir()) == []


def test_an_unreachable_database_server_is_one_line() -> None:
    result = run(clean_env(GONGKAI_DATABASE_URL="postgres://gongkai@127.0.0.1:1/gk"), "stats")
    assert result.returncode == 2
    assert result.stderr.startswith("无法连接数据库：") and result.stderr.count("\n") == 1


def test_a_bad_setting_is_a_configuration_error(tmp_path: Path) -> None:
    result = run(clean_env(GONGKAI_DATABASE_URL="nosuchdb://x"), "stats", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("配置错误：") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("calendar", "add", "2020-02-30", "3"), "日期不存在：2020-02-30"),
        (("calendar", "between", "2021-01-04", "2021-02-29"), "日期不存在：2021-02-29"),
        (("calendar", "add", "2020/02/28", "3"), "日期格式应为 YYYY-MM-DD：2020/02/28"),
        (("calendar", "add", "2020-02-28", "0"), "N 应为正整数（工作日数）"),
    ],
)
def test_dates_are_checked_before_anything_else(tmp_path: Path, args: tuple[str, ...], line: str) -> None:
    fails(run(clean_env(), *args, cwd=tmp_path), 2, line)
    assert list(tmp_path.iterdir()) == []


def test_an_output_path_that_cannot_be_written(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.json"
    result = run(clean_env(), "report", "build", "--division", "440000", "--year", "2020", "-o", str(target))
    fails(result, 2, f"无法写入 {target}：目录 {target.parent} 不存在")


def test_a_pdf_without_libreoffice_says_so_and_writes_nothing(ready: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    args = ("report", "build", "--division", "440000", "--year", "2020", "--format", "pdf", "-o", str(target))
    no_programs = tmp_path / "bin"
    no_programs.mkdir()
    result = run({**ready, "PATH": str(no_programs)}, *args)
    fails(result, 2, "服务器未安装LibreOffice，暂不能生成PDF（请下载Word版本）")
    assert not target.exists()
    built = run(ready, "report", "build", "--division", "440000", "--year", "2020")  # the rest works
    assert (built.returncode, json.loads(built.stdout)["year"]) == (0, 2020)


def test_a_corrupt_gazette_file_is_refused_before_anything_is_imported(
    ready: dict[str, str], tmp_path: Path
) -> None:
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(SAMPLE_CORPUS.read_bytes()[:200_000])
    result = run(ready, "gazette", "import", str(truncated))
    assert result.returncode == 2
    assert result.stderr.startswith(f"无法读取 {truncated}：gzip 文件已损坏或被截断（")
    assert result.stderr.count("\n") == 1
    not_gzip = tmp_path / "plain.jsonl.gz"
    not_gzip.write_text('{"source_id": "1"}\n', encoding="utf-8")
    assert "gzip 文件已损坏或被截断" in run(ready, "gazette", "import", str(not_gzip)).stderr
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes('{"title": "café"}\n'.encode("latin-1"))
    fails(run(ready, "gazette", "import", str(latin1)), 2, f"无法读取 {latin1}：文件编码不是 UTF-8")
    stats = json.loads(run(ready, "stats", "--json").stdout)
    assert stats["gazette"] == {"issues": 0, "documents": 0}


def test_init_refuses_a_weak_administrator_password(ready: dict[str, str]) -> None:
    env = {**ready, "GONGKAI_ADMIN_USERNAME": "chief", "GONGKAI_ADMIN_PASSWORD": "12345678"}
    result = run(env, "init", "--no-input")
    assert result.returncode == 2
    assert result.stderr.startswith("管理员密码不符合要求：") and result.stderr.count("\n") == 1
    assert json.loads(run(ready, "stats", "--json").stdout)["orgs"]["users"] == 0


def test_usage_errors_are_in_chinese(tmp_path: Path) -> None:
    unknown = run(clean_env(), "nosuch", cwd=tmp_path)
    assert unknown.returncode == 2 and "错误：没有命令 'nosuch'。" in unknown.stderr
    missing = run(clean_env(), "calendar", "add", cwd=tmp_path)
    assert missing.returncode == 2 and "错误：缺少参数 'START'" in missing.stderr
    assert "用法: gongkai calendar add [OPTIONS] START N" in missing.stderr
    wrong = run(clean_env(), "report", "build", "--year", "二〇二〇", cwd=tmp_path)
    assert wrong.returncode == 2 and "'--year' 的值无效" in wrong.stderr
    early = run(clean_env(), "report", "build", "--division", "440000", "--year", "1999", cwd=tmp_path)
    assert early.returncode == 2 and "--year：报告年度 1999 早于 2019 年" in early.stderr
    assert list(tmp_path.iterdir()) == []  # refused before a database is looked for


def test_an_unexpected_error_is_one_line_and_its_traceback_only_on_request(tmp_path: Path) -> None:
    args = ("manage", "shell", "-c", "raise RuntimeError('boom')")
    result = run(clean_env(), *args, cwd=tmp_path)
    assert result.returncode == 3
    assert (
        result.stderr.splitlines()[-1]
        == "内部错误（RuntimeError：boom）；设置 GONGKAI_DEBUG=1 可查看详细信息"
    )
    debug = run(clean_env(GONGKAI_DEBUG="1"), *args, cwd=tmp_path)
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "RuntimeError: boom" in debug.stderr
