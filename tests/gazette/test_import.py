"""`gongkai gazette import`: idempotent, bad lines named and skipped, browsable on the portal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from gongkai.cli import main
from gongkai.core.context import Actor
from gongkai.gazette.models import GazetteDocument, GazetteIssue
from gongkai.gazette.sample import SAMPLE_CORPUS
from gongkai.gazette.services import gazette_import
from tests.portal.html_checks import accessibility_problems

pytestmark = pytest.mark.django_db


def _doc(i: int, **kw: object) -> str:
    values = {
        "source_id": f"gd-{i}",
        "year": 2001,
        "issue": 3,
        "date": "2001-02-15",
        "title": f"广东省某规定{i}",
        "doc_number": f"粤府〔2001〕{i}号",
        "issuer": "广东省人民政府",
        "text": "第一条 为了……",
        "pages": "12-15",
    }
    values.update(kw)
    return json.dumps(values, ensure_ascii=False)


def test_bad_lines_are_named_and_the_rest_imported(tmp_path: Path) -> None:
    lines = [_doc(1), "{not json", _doc(2), _doc(3, title=""), _doc(4), _doc(5, pages="15-12"), _doc(6)]
    path = tmp_path / "gazette.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["gazette", "import", str(path)])
    assert result.exit_code == 1
    assert "新增4件" in result.output
    assert "第2行：不是有效的JSON" in result.output
    assert "第4行：缺少必填字段：title" in result.output
    assert "第6行：终止页小于起始页：15-12" in result.output
    assert GazetteDocument.objects.count() == 4
    issue = GazetteIssue.objects.get()
    assert (issue.year, issue.number, str(issue.date)) == (2001, 3, "2001-02-15")
    doc = GazetteDocument.objects.get(source_id="gd-1")
    assert (doc.doc_number, doc.page_start, doc.page_end) == ("粤府〔2001〕1号", 12, 15)


def test_reimport_updates_and_never_duplicates() -> None:
    actor = Actor.system("tests")
    first = gazette_import(actor=actor, lines=[_doc(1), _doc(2)])
    again = gazette_import(actor=actor, lines=[_doc(1, title="广东省某规定（修订）"), _doc(2)])
    assert (first.created, again.created, again.updated, again.unchanged) == (2, 0, 1, 1)
    assert GazetteDocument.objects.count() == 2
    assert GazetteDocument.objects.get(source_id="gd-1").title == "广东省某规定（修订）"


@pytest.mark.slow
def test_the_law_corpus_imports_twice_as_3470_documents() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["gazette", "import", str(SAMPLE_CORPUS)]).exit_code == 0
    result = runner.invoke(main, ["gazette", "import", str(SAMPLE_CORPUS)])
    assert result.exit_code == 0 and "未变3470件" in result.output
    assert GazetteDocument.objects.count() == 3470


def test_archive_is_browsable_by_year_and_issue(client: Client) -> None:
    gazette_import(actor=Actor.system("tests"), lines=[_doc(1), _doc(2)])
    for url in ("/gazette/", "/gazette/2001/", "/gazette/2001/3/"):
        html = client.get(url).content.decode()
        assert accessibility_problems(html) == [], url
    doc = GazetteDocument.objects.get(source_id="gd-2")
    html = client.get(f"/gazette/documents/{doc.pk}/").content.decode()
    assert "粤府〔2001〕2号" in html and "2001年第3期" in html and accessibility_problems(html) == []
