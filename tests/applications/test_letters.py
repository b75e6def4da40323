"""Reply letters: numbered, laid out as official documents (GB/T 9704 信函格式), with the remedies
paragraph of the revised 行政复议法, and opening in LibreOffice (converted to PDF and read back)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from typing import Any

import pytest
from docx import Document
from docx.shared import Mm, Pt

from gongkai.applications import outcomes, services
from gongkai.applications.models import Letter
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db
REFUSED_SECRET = "三、本年度办理结果/（三）不予公开/1.属于国家秘密"


@pytest.fixture
def office() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.gov_clerk = factories.staff("gclerk", Role.CLERK, agency=w.yuexiu_gov)  # type: ignore[attr-defined]
    return w


def _text(letter: Letter) -> str:
    with letter.docx.open("rb") as f:
        return "\n".join(p.text for p in Document(io.BytesIO(f.read())).paragraphs)


def test_decision_issues_a_numbered_letter_with_basis_and_remedies(office: Any) -> None:
    app = factories.registered_application(office.yuexiu_edu, office.clerk, date(2020, 9, 28))
    services.application_decide(
        actor=Actor(user=office.clerk),
        application=app,
        outcome="三、本年度办理结果/（一）予以公开",
        on=date(2020, 10, 30),
    )
    letter = Letter.objects.get(application=app, kind="decision")
    assert letter.number == "广州市越秀区教育局依申请〔2020〕1号"
    text = _text(letter)
    assert "广州市越秀区教育局政府信息公开申请答复书" in letter.title
    assert "陈明：" in text
    assert "本机关于2020年9月28日收到您提出的" in text  # 收到申请之日, 月日不编虚位
    assert "第三十六条" in text
    # 2020: 行政复议法 (2017) 第十二条 — a department's 本级人民政府 (named with its city) or its
    # 上一级主管部门.
    assert "60日内向广州市越秀区人民政府或者广州市教育局申请行政复议" in text
    assert "6个月内依法向人民法院提起行政诉讼" in text
    lines = text.split("\n")
    assert lines[lines.index("2020年10月30日") - 1] == "广州市越秀区教育局"  # 署名 above 成文日期
    # Numbers run per agency and year.
    second = factories.registered_application(office.yuexiu_edu, office.clerk, date(2020, 9, 28))
    services.application_decide(
        actor=Actor(user=office.clerk),
        application=second,
        outcome="三、本年度办理结果/（一）予以公开",
        on=date(2020, 10, 30),
    )
    assert Letter.objects.get(application=second).number.endswith("〔2020〕2号")


def test_refusal_after_2024_requires_review_first_and_government_goes_up_a_level(office: Any) -> None:
    app = factories.registered_application(office.yuexiu_gov, office.gov_clerk, date(2024, 3, 4))
    services.application_decide(
        actor=Actor(user=office.gov_clerk),
        application=app,
        outcome=REFUSED_SECRET,
        reason="该文件已由定密责任人依法确定为秘密级国家秘密",  # 第三十六条第（三）项: 说明理由
        on=date(2024, 3, 20),
    )
    text = _text(Letter.objects.get(application=app))
    # 行政复议法第二十三条（四）: 不予公开 → 行政复议 first.
    # 第二十四条: a district government → the city government.
    assert "应当自收到本答复之日起60日内先向广州市人民政府申请行政复议" in text
    assert "对行政复议决定不服的，可以依法向人民法院提起行政诉讼" in text
    assert "第十四条、第三十六条第（三）项" in text
    assert "该文件已由定密责任人依法确定为秘密级国家秘密" in text


def test_layout_follows_gb_t_9704(office: Any) -> None:
    app = factories.registered_application(office.yuexiu_edu, office.clerk, date(2020, 9, 28))
    services.application_decide(
        actor=Actor(user=office.clerk),
        application=app,
        outcome="三、本年度办理结果/（一）予以公开",
        on=date(2020, 10, 30),
    )
    with Letter.objects.get().docx.open("rb") as f:
        doc = Document(io.BytesIO(f.read()))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [37, 26, 28, 26]  # 信函: the first page's text runs down to the lower rule (20 mm up)
    # Later pages: the footer (页码) reaches up to the 版心's bottom, 35 mm up, where their text ends.
    page_number = section.footer.paragraphs[0].paragraph_format
    heights = (section.footer_distance, page_number.space_before, Pt(14), page_number.space_after)
    assert round(sum(h.mm for h in heights)) == 35
    mark = section.first_page_header.paragraphs[0]  # 信函格式: the letterhead of the first page
    number, _, title = doc.paragraphs[:3]
    assert mark.runs[0].font.size.pt == 22 and str(mark.runs[0].font.color.rgb) == "C00000"
    assert number.text.endswith("〔2020〕1号") and number.alignment == 2  # right
    assert (
        title.text == "政府信息公开申请答复书" and title.alignment == 1 and title.runs[0].font.size.pt == 22
    )
    body = next(p for p in doc.paragraphs if p.text.startswith("本机关于"))
    assert body.runs[0].font.size.pt == 16 and body.paragraph_format.first_line_indent.pt == 32
    assert round(body.paragraph_format.line_spacing.pt, 2) == 28.95
    assert Mm(156) - (section.page_width - section.left_margin - section.right_margin) < Mm(1)


def test_correction_extension_and_fee_notices_are_issued(office: Any) -> None:
    approver = factories.staff("approver", Role.APPROVER, agency=office.yuexiu_edu)
    clerk = Actor(user=office.clerk)
    app = factories.registered_application(office.yuexiu_edu, office.clerk, date(2020, 9, 28))
    services.application_request_correction(
        actor=clerk, application=app, items="请写明文号", deadline=date(2020, 10, 20), on=date(2020, 9, 29)
    )
    services.application_receive_correction(actor=clerk, application=app, on=date(2020, 10, 9))
    services.application_extend(
        actor=Actor(user=approver), application=app, days=10, reason="需调取档案", on=date(2020, 10, 12)
    )
    kinds = list(Letter.objects.filter(application=app).values_list("kind", flat=True))
    assert kinds == ["correction", "extension"]
    corr = _text(Letter.objects.get(kind="correction"))
    assert "请写明文号" in corr and "2020年10月20日前补正" in corr and "视为放弃申请" in corr
    ext = _text(Letter.objects.get(kind="extension"))
    assert "延长10个工作日" in ext and "负责人同意" in ext


def test_letter_needs_the_matching_step_and_reissue_is_idempotent(office: Any) -> None:
    app = factories.registered_application(office.yuexiu_edu, office.clerk, date(2020, 9, 28))
    with pytest.raises(InvalidInput):
        services.letter_issue(
            actor=Actor(user=office.clerk), application=app, kind="decision", on=date(2020, 10, 1)
        )
    services.application_decide(
        actor=Actor(user=office.clerk),
        application=app,
        outcome=outcomes.other(),
        basis="申请人已通过其他途径获取",
        on=date(2020, 10, 9),
    )
    again = services.letter_issue(
        actor=Actor(user=office.clerk), application=app, kind="decision", on=date(2020, 10, 9)
    )
    assert Letter.objects.filter(application=app).count() == 1 and again.number.endswith("1号")


@pytest.mark.slow
def test_letter_opens_in_libreoffice_as_pdf(office: Any) -> None:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.fail("LibreOffice and poppler-utils are needed: `make test` installs them (Debian packages)")
    app = factories.registered_application(office.yuexiu_edu, office.clerk, date(2020, 9, 28))
    services.application_decide(
        actor=Actor(user=office.clerk),
        application=app,
        outcome="三、本年度办理结果/（一）予以公开",
        on=date(2020, 10, 30),
    )
    letter = Letter.objects.get()
    pdf = services.letter_pdf(letter)
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "政府信息公开申请答复书" in text.replace(" ", "")
    assert "〔2020〕1号" in text.replace(" ", "")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "pts (A4)" in info
    assert re.search(r"^Pages:\s+1$", info, re.M)  # a short reply fits on one page
    letter.refresh_from_db()
    assert letter.pdf  # converted once, kept
