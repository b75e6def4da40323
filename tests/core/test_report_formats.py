from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.core import report_formats

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "annual_report_formats.json"
PACKAGED = Path(report_formats.__file__).with_name("data") / "annual_report_formats.json"


def test_packaged_formats_are_the_spec_byte_for_byte() -> None:
    if not SPEC.exists():  # a clone without the project's shared spec beside it
        pytest.skip(f"the spec is not beside the repository at {SPEC}")
    assert PACKAGED.read_bytes() == SPEC.read_bytes()


def test_format_by_year_and_leaf_rows() -> None:
    assert report_formats.format_for_year(2020) == "2019"
    assert report_formats.format_for_year(2021) == "2021"
    assert len(report_formats.table3_leaf_rows("2021")) == 21
    assert len(report_formats.table3_leaf_rows("2019")) == 19  # （六）其他处理 is one row in the 2019 format
    assert report_formats.table3_columns()[0] == "自然人"


@pytest.mark.django_db
def test_migrations_are_up_to_date() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
