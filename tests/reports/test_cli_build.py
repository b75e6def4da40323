"""`gongkai report build` refuses the years it cannot build (before the 2019 formats, not yet begun on the
clock of record) in Chinese naming --year, refuses a region scope for an agency, and says which scope it
built."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner

from gongkai.cli import main
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = "2021-03-15T10:00:00+08:00"


@pytest.fixture
def world() -> Any:
    return factories.small_province()


def build(*args: str) -> Any:
    with time_machine.travel(TODAY, tick=False):
        return CliRunner().invoke(main, ["report", "build", *args])


@pytest.mark.parametrize("year", ["2018", "2008", "-1"])
def test_years_before_the_2019_formats_are_refused(world: Any, year: str) -> None:
    result = build("--division", "440000", "--scope", "region", "--year", year)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"--year：报告年度 {year} 早于 2019 年" in result.stderr
    assert "国办公开办函〔2019〕60号" in result.stderr


@pytest.mark.parametrize("year", ["2022", "2100", "99999999999999999999"])
def test_years_not_yet_begun_on_the_clock_are_refused(world: Any, year: str) -> None:
    result = build("--division", "440000", "--year", year)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"--year：报告年度 {year} 尚未开始（今天是 2021-03-15），不能生成报告" in result.stderr


def test_the_current_year_builds_with_a_note_that_it_is_not_over(world: Any) -> None:
    result = build("--agency", str(world.gz_edu.pk), "--year", "2021")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["year"] == 2021
    assert "注意：2021年度尚未结束，数据截至2021-03-15" in result.stderr


def test_region_scope_is_refused_for_an_agency(world: Any) -> None:
    result = build("--agency", str(world.gz_edu.pk), "--scope", "region", "--year", "2020")
    assert result.exit_code == 2
    assert "--scope region 只用于 --division" in result.stderr


def test_it_says_which_scope_it_built(world: Any, tmp_path: Any) -> None:
    out = tmp_path / "gd.xlsx"
    region = build(
        "--division", "440000", "--scope", "region", "--year", "2020", "--format", "xlsx", "-o", str(out)
    )
    assert region.exit_code == 0, region.output
    assert out.stat().st_size > 1000
    assert (
        "已生成广东省2020年度报告，范围：本地区汇总（广东省及其下级行政区划的全部机关，--scope region）"
        in region.stderr
    )
    own = build("--division", "440000", "--year", "2020")
    assert own.exit_code == 0, own.output
    assert json.loads(own.stdout)["organization"] == "广东省人民政府"  # stdout holds the report alone
    assert "范围：本级（广东省人民政府自身，--scope own；本地区汇总请用 --scope region）" in own.stderr
    agency = build("--agency", str(world.gz_edu.pk), "--year", "2020")
    assert "已生成广州市教育局2020年度报告，范围：本机关（广州市教育局）" in agency.stderr
