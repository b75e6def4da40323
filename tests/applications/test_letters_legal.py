"""The legal content of every letter (DOCUMENTS.md §2.4, §2.5; REGULATIONS.md §1.6, §3).

For each 表三 leaf a case is decided with the inputs the leaf needs and its 答复书 is read back from
the .docx: the article and item it rests on (条例第十四～十六条、第三十条、第三十五～三十九条),
the clerk's reason where the law asks for one (第三十六条第（三）项、第三十七条), and the remedies
paragraph in the form of the 行政复议法 in force (2023 第二十三条: 先复议 for 不予公开/部分公开 from
2024-01-01). Every notice (补正, 延期, 收费, 征求意见, 说明理由) is checked to carry no remedies
and not to call itself 答复.
The 复议机关 is named in full for departments, district departments and governments, a 派出机构, a
vertical agency and the province itself, before and after 2024-01-01 (2017 第十二、十三、十五条;
2023 第二十四、二十七条).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from gongkai.applications import letter_services, outcomes, remedies, services
from gongkai.applications.models import Application, ClockPause, Letter
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Agency
from gongkai.orgs.roles import Role
from gongkai.orgs.selectors import division_ancestors
from tests import factories

pytestmark = pytest.mark.django_db

RECEIVED = date(2024, 3, 4)
REPLY = date(2024, 3, 20)  # 行政复议法 (2023) in force
OLD_RECEIVED, OLD_REPLY = date(2023, 3, 6), date(2023, 3, 20)  # 行政复议法 (2017)
REVIEW_FIRST = (
    "应当自收到本答复之日起60日内先向{body}申请行政复议；对行政复议决定不服的，可以依法向人民法院提起行政诉讼"
)
GENERAL = (
    "可以自收到本答复之日起60日内向{body}申请行政复议，"
    "或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼"
)
YUEXIU_GOV = "广州市越秀区人民政府"


def _leaf(prefix: str) -> str:
    return next(k for k in outcomes.outcomes() if k.startswith(prefix))


G = "三、本年度办理结果/"
LEAVES = {
    code: _leaf(G + path)
    for code, path in {
        "一": "（一）",
        "二": "（二）",
        "三1": "（三）不予公开/1.",
        "三2": "（三）不予公开/2.",
        "三3": "（三）不予公开/3.",
        "三4": "（三）不予公开/4.",
        "三5": "（三）不予公开/5.",
        "三6": "（三）不予公开/6.",
        "三7": "（三）不予公开/7.",
        "三8": "（三）不予公开/8.",
        "四1": "（四）无法提供/1.",
        "四2": "（四）无法提供/2.",
        "四3": "（四）无法提供/3.",
        "五1": "（五）不予处理/1.",
        "五2": "（五）不予处理/2.",
        "五3": "（五）不予处理/3.",
        "五4": "（五）不予处理/4.",
        "五5": "（五）不予处理/5.",
        "六1": "（六）其他处理/1.",
        "六2": "（六）其他处理/2.",
        "六3": "（六）其他处理/3.",
    }.items()
}

#: The clerk's reasons end with punctuation on purpose: the letter must not double it.
REASON = "该文件载有第三方的银行账户和联系电话，公开会对其合法权益造成损害。"

#: (leaf, decide() inputs, texts the reply must contain, texts it must not contain, withholds)
CASES: list[tuple[str, dict[str, str], list[str], list[str]]] = [
    (
        "三1",
        {"reason": "该文件已由定密责任人确定为秘密级国家秘密。"},
        ["第十四条、第三十六条第（三）项", "国家秘密", "秘密级国家秘密"],
        [],
    ),
    (
        "三2",
        {"reason": "《中华人民共和国统计法》第三十九条禁止公开该调查对象的资料；"},
        ["第十四条、第三十六条第（三）项", "法律、行政法规禁止公开", "统计法"],
        [],
    ),
    (
        "三3",
        {"reason": "该信息涉及城市供水设施布防，公开后可能危及公共安全"},
        ["第十四条、第三十六条第（三）项", "公共安全", "供水设施布防"],
        [],
    ),
    ("三4", {"reason": REASON}, ["第十五条、第三十六条第（三）项", "第三方合法权益", "银行账户"], []),
    (
        "三5",
        {"reason": "该信息为本机关干部年度考核的内部流程"},
        ["第十六条第一款、第三十六条第（三）项", "内部事务信息", "年度考核"],
        [],
    ),
    (
        "三6",
        {"reason": "该方案尚处于征求意见稿阶段，属于过程稿"},
        ["第十六条第二款、第三十六条第（三）项", "过程性信息", "征求意见稿"],
        [],
    ),
    (
        "三7",
        {"reason": "该材料为某行政处罚案件的调查笔录"},
        ["第十六条第二款、第三十六条第（三）项", "行政执法案卷", "调查笔录"],
        [],
    ),
    (
        "三8",
        {"reason": "该登记资料的查询由不动产登记机构办理", "special_procedure": "《不动产登记暂行条例》。"},
        ["第三十六条第（七）项", "请您依照《不动产登记暂行条例》的规定办理", "不动产登记机构"],
        ["决定不予公开", "《不动产登记暂行条例》。的"],
    ),
    (
        "二",
        {"reason": REASON, "provision": "email"},
        [
            "第三十七条",
            "区分处理",
            "电子邮件",
            "对不予公开的内容，理由如下",
            "银行账户和联系电话，公开会对其合法权益造成损害。",
        ],
        [],
    ),
    (
        "一",
        {"provision": "post"},
        ["第三十六条第（二）项", "予以公开", "以邮寄方式向您提供"],
        ["第三十六条第（一）项"],
    ),
    (
        "四1",
        {"reason": "本机关档案室及政务服务系统"},
        ["第三十六条第（四）项", "经检索，本机关未制作或获取", "档案室", "该政府信息不存在"],
        ["第三十六条第（五）项", "第（四）项、第（五）项"],
    ),
    ("四2", {}, ["第三十八条", "加工、分析", "不予提供"], ["经检索"]),
    (
        "五1",
        {"reason": "12345政务服务便民热线"},
        ["第三十九条第一款", "不作为政府信息公开申请处理", "12345"],
        [],
    ),
    ("五2", {}, ["第三十六条第（六）项", "不予重复处理"], []),
    ("五3", {"reason": "本市各公共图书馆"}, ["第三十九条第二款", "公开出版物", "公共图书馆"], []),
    ("五4", {}, ["第三十五条", "明显超过合理范围", "不予处理"], []),
    (
        "五5",
        {"basis": "申请人要求确认已取得文件的真实性，不属于政府信息公开申请。"},
        ["确认或者重新出具", "依据：申请人要求确认"],
        [],
    ),
    (
        "六3",
        {"reason": "申请人已通过其他途径获取该信息", "basis": "申请人书面撤回申请"},
        ["其他途径获取", "依据：申请人书面撤回申请"],
        [],
    ),
]


@pytest.fixture
def office() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.approver = factories.staff("head", Role.APPROVER, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    return w


def _paragraphs(letter: Letter) -> list[str]:
    with letter.docx.open("rb") as f:
        return [p.text for p in Document(io.BytesIO(f.read())).paragraphs]


def _text(letter: Letter) -> str:
    return "\n".join(_paragraphs(letter))


def _clean_wording(text: str) -> None:
    """No placeholders left, no doubled punctuation however the clerk's text ended."""
    for bad in ("{{", "}}", "×××", "（文字描述）", "。。", "；。", "，。", "。；", "。”的", "None"):
        assert bad not in text, f"{bad!r} in letter: {text}"


def _no_remedies(text: str) -> None:
    """REGULATIONS.md §3: notices are not 答复 and carry no 复议/诉讼 paragraph."""
    for bad in ("如对本答复不服", "本答复", "行政复议", "行政诉讼", "如对本告知不服"):
        assert bad not in text, f"{bad!r} in notice: {text}"


def _case(office: Any, received: date = RECEIVED, **kw: Any) -> Application:
    with time_machine.travel(received, tick=False):
        return factories.registered_application(office.yuexiu_edu, office.clerk, received, **kw)


def _started(office: Any, received: date = RECEIVED, **kw: Any) -> Application:
    app = _case(office, received, **kw)
    with time_machine.travel(received, tick=False):
        return services.application_start(actor=Actor(user=office.clerk), application=app)


def _decide(office: Any, app: Application, leaf: str, on: date = REPLY, **inputs: Any) -> str:
    with time_machine.travel(on, tick=False):
        services.application_decide(
            actor=Actor(user=office.clerk), application=app, outcome=LEAVES[leaf], on=on, **inputs
        )
    return _text(Letter.objects.get(application=app, kind="decision"))


# ------------------------------------------------------------------------------------------ every leaf
@pytest.mark.parametrize(("leaf", "inputs", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_each_leaf_cites_its_article_item_reason_and_remedies(
    office: Any, leaf: str, inputs: dict[str, str], present: list[str], absent: list[str]
) -> None:
    app = _case(office)
    text = _decide(office, app, leaf, **inputs)
    _clean_wording(text)
    for expected in present:
        assert expected in text, f"{expected!r} missing from {leaf}: {text}"
    for unexpected in absent:
        assert unexpected not in text, f"{unexpected!r} in {leaf}: {text}"
    assert "《中华人民共和国政府信息公开条例》" in text or leaf in ("五5", "六3")
    # 行政复议法 (2023) 第二十三条: 不予公开 and 部分公开 → 先复议; everything else the general form (a).
    if outcomes.get(LEAVES[leaf]).withholds:
        assert REVIEW_FIRST.format(body=YUEXIU_GOV) in text
    else:
        assert GENERAL.format(body=YUEXIU_GOV) in text
        assert "先向" not in text


def test_refusal_before_2024_has_no_review_first_and_names_both_review_bodies(office: Any) -> None:
    """2017 行政复议法: no 复议前置 for 政府信息公开; a department → 本级人民政府 or 上一级主管部门
    (第十二条)."""
    app = _case(office, OLD_RECEIVED)
    text = _decide(office, app, "三4", on=OLD_REPLY, reason=REASON)
    assert GENERAL.format(body="广州市越秀区人民政府或者广州市教育局") in text
    assert "先向" not in text


def test_already_public_tells_the_route_under_36_1(office: Any) -> None:
    app = _case(office)
    text = _decide(
        office,
        app,
        "一",
        provision="already_public",
        reason="本机关门户网站“政府信息公开”专栏 https://www.yuexiu.gov.cn/zwgk/ 。",
    )
    _clean_wording(text)
    assert "第三十六条第（一）项" in text and "第三十六条第（二）项" not in text
    assert "已经主动公开" in text and "获取该政府信息的方式、途径：" in text
    assert "https://www.yuexiu.gov.cn/zwgk/" in text
    with pytest.raises(InvalidInput) as e:  # the route is what the applicant is told: required
        _decide(office, _case(office), "一", provision="already_public")
    assert "reason" in e.value.fields


def test_not_this_agency_names_the_competent_organ_under_36_5(office: Any) -> None:
    """（四）1 also counts 非本机关: with a competent organ the reply rests on 第三十六条第（五）项."""
    app = _case(office)
    text = _decide(
        office,
        app,
        "四1",
        reason="该批复由市级主管部门作出",
        competent_name="广州市规划和自然资源局",
        competent_contact="020-12345678",
    )
    _clean_wording(text)
    assert "第三十六条第（五）项" in text and "第三十六条第（四）项" not in text
    assert "不属于本机关负责公开" in text and "该批复由市级主管部门作出" in text
    assert "广州市规划和自然资源局（联系方式：020-12345678）" in text
    assert "经检索" not in text
    app.refresh_from_db()
    assert app.outcome_basis.endswith("第三十六条第（五）项")


def test_unclear_after_correction_cites_article_30_without_search(office: Any) -> None:
    clerk = Actor(user=office.clerk)
    app = _case(office)
    with time_machine.travel(date(2024, 3, 5), tick=False):
        services.application_request_correction(
            actor=clerk,
            application=app,
            items="请写明文件名称或文号。",
            deadline=date(2024, 3, 19),
            on=date(2024, 3, 5),
        )
    with time_machine.travel(date(2024, 3, 8), tick=False):
        services.application_receive_correction(actor=clerk, application=app, on=date(2024, 3, 8))
    text = _decide(office, app, "四3", reason="补正后仍未说明所需信息的名称、文号或特征")
    _clean_wording(text)
    assert "第三十条" in text and "补正后的申请内容仍不明确" in text and "2024年3月5日" in text
    assert "经检索" not in text
    assert GENERAL.format(body=YUEXIU_GOV) in text


def test_released_files_are_the_replys_attachments_and_reach_only_staff_and_the_applicant(
    office: Any,
) -> None:
    app = _case(office)
    clerk = Actor(user=office.clerk)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for name in ("2024年招生计划.pdf", "学位分配方案。.pdf"):
        letter_services.released_file_add(
            actor=clerk, application=app, upload=SimpleUploadedFile(name, pdf, "application/pdf")
        )
    with pytest.raises(InvalidInput):  # the same content checks as applicants' attachments
        letter_services.released_file_add(
            actor=clerk, application=app, upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")
        )
    text = _decide(office, app, "一", provision="with_letter")
    _clean_wording(text)
    assert "随本答复书一并向您提供" in text
    paragraphs = _paragraphs(Letter.objects.get(application=app))
    first = next(i for i, p in enumerate(paragraphs) if p.startswith("附件："))
    notes = paragraphs[first : first + 2]
    assert notes[0].startswith("附件：1.") and notes[0].endswith(
        "2024年招生计划"
    )  # GB/T 9704: no punctuation
    assert notes[1].startswith("2.") and notes[1].endswith("学位分配方案")
    # Downloads follow the letters' rules: staff of the handling agency and the verified applicant only.
    released = app.released_files.first()
    assert released is not None and released.letter is not None
    got = letter_services.released_file_download(actor=clerk, released=released)
    assert got.content == pdf
    applicant = Actor.public(tracker_case_id=app.pk)
    assert letter_services.released_file_download(actor=applicant, released=released).content == pdf
    for outsider in (Actor(user=factories.staff("other", Role.CLERK, agency=office.gz_edu)), Actor.public()):
        with pytest.raises(PermissionDenied) as refused:
            letter_services.released_file_download(actor=outsider, released=released)
        assert "仅受理机关工作人员和申请人本人" in refused.value.message
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("application.released_file_downloaded") == 2
    assert actions.count("application.released_file_download_refused") == 2


# ------------------------------------------------------------------------------------------ reasons
WITHHOLDING = [code for code, key in LEAVES.items() if outcomes.get(key).withholds]


@pytest.mark.parametrize("leaf", WITHHOLDING)
def test_refusal_and_partial_disclosure_need_a_written_reason(office: Any, leaf: str) -> None:
    """第三十六条第（三）项: 告知申请人不予公开并说明理由; 第三十七条: 对不予公开的内容说明理由."""
    extra = {"special_procedure": "《不动产登记暂行条例》"} if leaf == "三8" else {}
    label = outcomes.get(LEAVES[leaf]).label.split(".", 1)[-1]
    for reason in ("", "  ", label, f"{label}。", "不予公开"):
        with pytest.raises(InvalidInput) as e:
            _decide(office, _case(office), leaf, reason=reason, **extra)
        assert "reason" in e.value.fields and "理由" in e.value.fields["reason"]
    assert not Letter.objects.filter(kind="decision").exists()


def test_special_procedure_is_required_for_36_7(office: Any) -> None:
    with pytest.raises(InvalidInput) as e:
        _decide(office, _case(office), "三8", reason="属于不动产登记资料的查询")
    assert "special_procedure" in e.value.fields


# ------------------------------------------------------------------------------------------ notices
def test_notices_carry_no_remedies_and_do_not_call_themselves_a_reply(office: Any) -> None:
    clerk = Actor(user=office.clerk)
    app = _case(office)
    with time_machine.travel(date(2024, 3, 5), tick=False):
        services.application_request_correction(
            actor=clerk,
            application=app,
            items="请写明所需文件的文号；",
            deadline=date(2024, 3, 19),
            on=date(2024, 3, 5),
        )
    with time_machine.travel(date(2024, 3, 7), tick=False):
        services.application_receive_correction(actor=clerk, application=app, on=date(2024, 3, 7))
        services.application_start(actor=clerk, application=app)
    with time_machine.travel(date(2024, 3, 8), tick=False):
        services.application_extend(
            actor=Actor(user=office.approver),
            application=app,
            days=10,
            reason="需调取档案。",
            on=date(2024, 3, 8),
        )
    with time_machine.travel(date(2024, 3, 11), tick=False):
        services.application_start_consultation(
            actor=clerk,
            application=app,
            kind=ClockPause.Kind.THIRD_PARTY,
            party="广州某某科技有限公司",
            reason="涉及该公司的经营信息",
            on=date(2024, 3, 11),
        )
        for kind in ("consultation", "consult_third"):
            letter_services.letter_issue(actor=clerk, application=app, kind=kind, on=date(2024, 3, 11))
    texts = {letter.kind: _text(letter) for letter in Letter.objects.filter(application=app)}
    assert set(texts) >= {"correction", "extension", "consultation", "consult_third"}
    for text in texts.values():
        _no_remedies(text)
        _clean_wording(text)
    assert "第三十条" in texts["correction"] and "视为放弃申请" in texts["correction"]
    assert "第三十三条第二款" in texts["extension"] and "延长10个工作日" in texts["extension"]
    assert "第三十三条第三款" in texts["consultation"] and "第三方" in texts["consultation"]
    assert "（或需征求其他机关意见）" not in texts["consultation"]
    third = texts["consult_third"]
    assert "广州某某科技有限公司：" in third and "第三十二条" in third and "15个工作日" in third
    assert "陈明" not in third  # the third party is not told who applied
    consult_third = Letter.objects.get(application=app, kind="consult_third")
    assert consult_third.recipient == "广州某某科技有限公司"
    with pytest.raises(PermissionDenied):  # the applicant is not given the letter naming the third party
        letter_services.letter_download(
            actor=Actor.public(tracker_case_id=app.pk), letter=consult_third, fmt="docx"
        )
    # 第三十二条: a decision to disclose is notified to the third party in writing, with the reason.
    with time_machine.travel(date(2024, 3, 25), tick=False):
        services.application_end_consultation(
            actor=clerk,
            application=app,
            on=date(2024, 3, 25),
            third_party_objected=True,
            disclose=True,
            disclose_reason="该信息涉及公共利益，不公开可能对公共利益造成重大影响。",
        )
    _decide(
        office,
        app,
        "一",
        on=date(2024, 3, 26),
        reason="该信息涉及公共利益，不公开可能对公共利益造成重大影响。",
    )
    with time_machine.travel(date(2024, 3, 26), tick=False):
        notify = letter_services.letter_issue(
            actor=clerk, application=app, kind="notify_third", on=date(2024, 3, 26)
        )
    text = _text(notify)
    _no_remedies(text)
    _clean_wording(text)
    assert "第三十二条" in text and "决定予以公开" in text and "不公开可能对公共利益造成重大影响" in text


def test_fee_notice_states_basis_standard_calculation_payment_and_window(office: Any, settings: Any) -> None:
    """国办函〔2020〕109号 第三条、第四条: 本月累计第11至12件 → 2件×100元=200元; no 复议/诉讼 paragraph."""
    clerk = Actor(user=office.clerk)
    for _ in range(10):
        _case(office)
    app = _started(office, items=2)
    with time_machine.travel(date(2024, 3, 6), tick=False):
        services.application_fee_notice(
            actor=clerk, application=app, method="per_item", items=2, on=date(2024, 3, 6)
        )
    text = _text(Letter.objects.get(application=app, kind="fee"))
    _no_remedies(text)
    _clean_wording(text)
    for expected in (
        "第四十二条",
        "国办函〔2020〕109号）第三条、第四条",
        "11—30件（含30件）的部分，100元/件",
        "本月累计第11至12件",
        "第11至12件，2件×100元=200元",
        "合计200元",
        "应缴纳信息处理费200元",
        "缴纳方式：",
        "请自收到本通知次日起20个工作日内缴纳",
        "逾期未缴纳的，视为放弃申请",
    ):
        assert expected in text, f"{expected!r} missing: {text}"


def test_per_page_fee_notice_shows_the_page_bands(office: Any) -> None:
    clerk = Actor(user=office.clerk)
    app = _started(office)
    with time_machine.travel(date(2024, 3, 6), tick=False):
        services.application_fee_notice(
            actor=clerk, application=app, method="per_page", pages=120, on=date(2024, 3, 6)
        )
    text = _text(Letter.objects.get(application=app, kind="fee"))
    _no_remedies(text)
    assert "第三条、第五条" in text and "31—100页（含100页）的部分，10元/页" in text
    assert "第31至100页，70页×10元=700元" in text and "第101至120页，20页×20元=400元" in text
    assert "合计1100元" in text


def test_closure_for_no_correction_is_final_and_carries_the_general_remedies(office: Any) -> None:
    """（六）1 第三十条: 视为放弃申请 ends the handling — a 告知书 with remedies in form (a)."""
    clerk = Actor(user=office.clerk)
    app = _case(office)
    with time_machine.travel(date(2024, 3, 5), tick=False):
        services.application_request_correction(
            actor=clerk, application=app, items="请写明文号", deadline=date(2024, 3, 19), on=date(2024, 3, 5)
        )
    with time_machine.travel(date(2024, 3, 20), tick=False):
        services.application_close_uncorrected(actor=clerk, application=app, on=date(2024, 3, 20))
        letter = letter_services.letter_issue(
            actor=clerk, application=app, kind="closure", on=date(2024, 3, 20)
        )
    text = _text(letter)
    _clean_wording(text)
    assert "终止办理告知书" in letter.title
    assert "第三十条" in text and "视为放弃申请" in text and "补正期限至2024年3月19日" in text
    assert "如对本告知不服，可以自收到本告知书之日起60日内向广州市越秀区人民政府申请行政复议" in text
    assert "先向" not in text and "本答复" not in text


# ------------------------------------------------------------------------------------------ 复议机关
@pytest.fixture
def bodies(office: Any) -> Any:
    w = office
    w.conghua = factories.division(w.guangzhou, "440117", "从化区")
    w.liwan = factories.division(w.guangzhou, "440103", "荔湾区")
    w.conghua_health = factories.agency(w.conghua, "广州市从化区卫生健康局")
    w.gz_police = factories.agency(w.guangzhou, "广州市公安局")
    w.liwan_police = factories.agency(
        w.liwan, "广州市公安局荔湾区分局", Agency.Kind.DISPATCHED, parent=w.gz_police
    )
    w.tax = factories.agency(w.guangzhou, "国家税务总局广州市税务局", vertical=True)
    Agency.objects.filter(pk=w.tax.pk).update(review_body="国家税务总局广东省税务局")
    w.tax.refresh_from_db()
    w.gd_gov = factories.agency(w.province, "广东省人民政府", Agency.Kind.GOVERNMENT)
    return w


def _body(agency: Agency, on: date) -> str:
    from gongkai.applications import selectors

    # Fresh from the database: adding 荔湾区 and 从化区 re-sorts the division tree's paths (treebeard).
    agency = Agency.objects.select_related("division", "parent__division").get(pk=agency.pk)
    ancestors = division_ancestors(agency.division)
    parent = division_ancestors(agency.parent.division) if agency.parent else None
    return remedies.review_body(
        agency,
        ancestors,
        on,
        parent_ancestors=parent,
        superior=selectors.agency_superior_department(agency, ancestors),
    )


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        # 2023 第二十四条第一款（一） / 2017 第十二条 (no 上一级主管部门 of a city bureau in the database)
        ("gz_edu", "广州市人民政府", "广州市人民政府"),
        # a district department: the district government named with its city
        ("conghua_health", "广州市从化区人民政府", "广州市从化区人民政府"),
        # 2017 第十二条: 本级人民政府 or the 上一级主管部门, named where known
        ("yuexiu_edu", "广州市越秀区人民政府或者广州市教育局", "广州市越秀区人民政府"),
        # 2023 第二十四条第一款（二） / 2017 第十三条: a district government → the city government
        ("yuexiu_gov", "广州市人民政府", "广州市人民政府"),
        # 2023 第二十四条第四款 / 2017 第十五条第一款（二）: 派出机构 of a 设区的市 department in a district
        ("liwan_police", "广州市公安局或者广州市人民政府", "广州市人民政府或者广州市荔湾区人民政府"),
        # 2023 第二十七条 / 2017 第十二条第二款: vertical agencies → the named 上一级主管部门
        ("tax", "国家税务总局广东省税务局", "国家税务总局广东省税务局"),
        # 派出机关: a 街道办事处 → the district government that set it up (2023 第二十四条第一款（三）,
        # 2017 第十五条第一款（一）)
        ("beijing_office", "广州市越秀区人民政府", "广州市越秀区人民政府"),
        # 2023 第二十四条第二款 / 2017 第十四条: the province reviews its own acts
        ("gd_gov", "广东省人民政府", "广东省人民政府"),
    ],
)
def test_review_body_is_named_in_full_under_the_law_in_force(
    bodies: Any, name: str, before: str, after: str
) -> None:
    agency = getattr(bodies, name)
    assert _body(agency, date(2023, 12, 31)) == before
    assert _body(agency, date(2024, 1, 1)) == after


def test_dispatched_agency_letter_names_both_governments(bodies: Any) -> None:
    clerk = factories.staff("police", Role.CLERK, agency=bodies.liwan_police)
    with time_machine.travel(RECEIVED, tick=False):
        app = factories.registered_application(bodies.liwan_police, clerk, RECEIVED)
    with time_machine.travel(REPLY, tick=False):
        services.application_decide(
            actor=Actor(user=clerk),
            application=app,
            outcome=LEAVES["三7"],
            reason="该材料为案件调查笔录",
            on=REPLY,
        )
    text = _text(Letter.objects.get(application=app))
    assert REVIEW_FIRST.format(body="广州市人民政府或者广州市荔湾区人民政府") in text


def test_vertical_agency_without_review_body_cannot_issue_a_final_reply(bodies: Any) -> None:
    Agency.objects.filter(pk=bodies.tax.pk).update(review_body="")
    clerk = factories.staff("tax", Role.CLERK, agency=bodies.tax)
    with time_machine.travel(RECEIVED, tick=False):
        app = factories.registered_application(bodies.tax, clerk, RECEIVED)
    with time_machine.travel(REPLY, tick=False), pytest.raises(InvalidInput) as e:
        services.application_decide(actor=Actor(user=clerk), application=app, outcome=LEAVES["一"], on=REPLY)
    assert "行政复议机关" in e.value.message and "上一级主管部门" in e.value.message
    assert not Letter.objects.filter(application=app).exists()  # the decision rolled back with it


def test_released_files_on_the_case_page_and_the_tracker(office: Any, client: Any) -> None:
    """Staff upload on the case page; the verified applicant sees and downloads them on the tracker once
    the reply is issued; an unverified visitor gets nothing (第三十六条第（二）项)."""
    from django.test import Client

    with time_machine.travel(RECEIVED, tick=False):
        sub = services.application_submit(
            actor=Actor(user=office.clerk),
            agency=office.yuexiu_edu,
            applicant=factories.applicant_data(),
            request=factories.request_data(),
            channel="in_person",
            received_on=RECEIVED,
        )
    app = sub.application
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    client.force_login(office.clerk)
    upload = SimpleUploadedFile("招生计划.pdf", pdf, "application/pdf")
    assert client.post(f"/staff/applications/{app.pk}/released/", {"file": upload}).status_code == 302
    released = app.released_files.get()
    assert "招生计划.pdf" in client.get(f"/staff/applications/{app.pk}/").content.decode()
    staff_copy = client.get(f"/staff/applications/{app.pk}/released/{released.pk}/")
    assert staff_copy.status_code == 200 and staff_copy.content == pdf
    _decide(office, app, "一", provision="with_letter")
    applicant = Client()
    page = applicant.post("/track/", {"receipt_number": app.receipt_number, "query_code": sub.query_code})
    assert f"/track/released/{released.pk}/" in page.content.decode()
    got = applicant.get(f"/track/released/{released.pk}/")
    assert got.status_code == 200 and got.content == pdf and "no-store" in got["Cache-Control"]
    assert Client().get(f"/track/released/{released.pk}/").status_code == 404


def test_reasons_notice_under_article_35_is_not_a_reply(office: Any) -> None:
    """第三十五条 说明理由告知书: a notice — no remedies, and it says what follows an unreasonable answer."""
    clerk = Actor(user=office.clerk)
    app = _started(office)
    with time_machine.travel(date(2024, 3, 6), tick=False):
        services.application_ask_reasons(
            actor=clerk, application=app, note="本月已提出同类申请40件。", on=date(2024, 3, 6)
        )
        letter = letter_services.letter_issue(
            actor=clerk, application=app, kind="reasons", on=date(2024, 3, 6)
        )
    text = _text(letter)
    _no_remedies(text)
    _clean_wording(text)
    assert "说明理由告知书" in letter.title
    assert "第三十五条" in text and "请您说明申请理由" in text and "不予处理" in text


def test_closure_for_unpaid_fee_cites_article_42_and_the_fee_rules(office: Any) -> None:
    """（六）2 国办函〔2020〕109号: 逾期未缴纳的视为放弃申请 — a final 告知书, remedies in form (a)."""
    clerk = Actor(user=office.clerk)
    app = _started(office)
    with time_machine.travel(date(2024, 3, 6), tick=False):
        services.application_fee_notice(
            actor=clerk, application=app, method="per_page", pages=40, on=date(2024, 3, 6)
        )
    with time_machine.travel(date(2024, 3, 8), tick=False):  # signed for: the 20 working days start
        services.application_letter_delivered(
            actor=clerk,
            application=app,
            letter=Letter.objects.get(application=app, kind="fee"),
            on=date(2024, 3, 8),
            method="post",
        )
    with time_machine.travel(date(2024, 4, 22), tick=False):
        services.application_close_unpaid(actor=clerk, application=app, on=date(2024, 4, 22))
        letter = letter_services.letter_issue(
            actor=clerk, application=app, kind="closure", on=date(2024, 4, 22)
        )
    text = _text(letter)
    _clean_wording(text)
    assert "第四十二条" in text and "国办函〔2020〕109号" in text and "视为放弃申请" in text
    assert "如对本告知不服，可以自收到本告知书之日起60日内向广州市越秀区人民政府申请行政复议" in text
    assert "先向" not in text


def test_a_referred_agency_from_the_database_is_named_under_36_5(office: Any) -> None:
    """The earlier form picks the competent agency from the database: the reply still rests on （五）."""
    Agency.objects.filter(pk=office.gz_edu.pk).update(phone="020-83862525")
    text = _decide(office, _case(office), "四1", referred_agency="广州市教育局")
    assert "第三十六条第（五）项" in text and "第三十六条第（四）项" not in text
    assert "广州市教育局（联系方式：020-83862525）" in text and "经检索" not in text


def test_decision_form_shows_the_missing_reason_next_to_its_field(office: Any, client: Any) -> None:
    app = _case(office)
    client.force_login(office.clerk)
    url = f"/staff/applications/{app.pk}/decide/"
    data = {"decide-outcome": LEAVES["三6"], "decide-on": "2024-03-20"}
    with time_machine.travel(REPLY, tick=False):
        refused = client.post(url, data)
        assert refused.status_code == 400
        assert "请写明不予公开的具体理由" in refused.content.decode()
        done = client.post(url, data | {"decide-reason": "该方案尚在讨论中，未经集体审议"})
    assert done.status_code == 302
    app.refresh_from_db()
    assert app.reason == "该方案尚在讨论中，未经集体审议" and app.outcome == LEAVES["三6"]
    assert "未经集体审议" in _text(Letter.objects.get(application=app))


def test_an_unedited_old_default_follows_the_new_wording_an_edited_one_is_kept(office: Any) -> None:
    """No data migration: a stored body equal to an earlier default renders with the current one."""
    from gongkai.applications import letters
    from gongkai.applications.models import LetterTemplate

    old_body = next(iter(letters.SUPERSEDED["fee"]))
    LetterTemplate.objects.update_or_create(
        kind="fee", defaults={"title": "信息处理费收费通知书", "body": old_body}
    )
    ctx = dict.fromkeys(letters.VARIABLES, "") | {"fee_steps": "第11件，1件×100元=100元"}
    _title, paragraphs = letters.render_paragraphs("fee", ctx)
    assert any("计算过程：第11件" in p for p in paragraphs)
    LetterTemplate.objects.filter(kind="fee").update(body=old_body + "（本机关自定）")
    _title, paragraphs = letters.render_paragraphs("fee", ctx)
    assert not any("计算过程" in p for p in paragraphs) and "（本机关自定）" in paragraphs[-1]


# ------------------------------------------------------------------------------ letters for the live step
def _issue(office: Any, app: Application, kind: str, on: date) -> Letter:
    with time_machine.travel(on, tick=False):
        return letter_services.letter_issue(actor=Actor(user=office.clerk), application=app, kind=kind, on=on)


def _kinds(app: Application, on: date) -> list[str]:
    app.refresh_from_db()
    with time_machine.travel(on, tick=False):
        return [k for k, _label in letter_services.issuable_kinds(app)]


def test_a_notice_is_issued_only_while_its_step_is_live(office: Any) -> None:
    """No notice dated after its own deadline: 延期答复告知书 (第三十三条第二款) only while the reply
    period runs, 补正 (第三十条) only while 待补正 and before the 补正期限; the case page offers what may be
    issued."""
    clerk = Actor(user=office.clerk)
    app = _started(office)
    with time_machine.travel(date(2024, 3, 5), tick=False):
        services.application_extend(
            actor=Actor(user=office.approver),
            application=app,
            days=5,
            reason="需调取档案",
            on=date(2024, 3, 5),
        )
    assert "extension" in _kinds(app, date(2024, 3, 6))
    _decide(office, app, "一", provision="post")
    assert _kinds(app, REPLY) == ["decision"]
    with pytest.raises(InvalidInput) as e:
        _issue(office, app, "extension", REPLY)
    assert "延期答复告知书只能在答复期限内" in e.value.fields["kind"] and "已答复" in e.value.fields["kind"]
    # 第三十条: a 补正 notice only while 待补正, never after its 补正期限, never on the closed case.
    uncorrected = _case(office)
    with time_machine.travel(date(2024, 3, 5), tick=False):
        services.application_request_correction(
            actor=clerk,
            application=uncorrected,
            items="请写明文号",
            deadline=date(2024, 3, 19),
            on=date(2024, 3, 5),
        )
    assert _kinds(uncorrected, date(2024, 3, 19)) == ["correction"]
    with pytest.raises(InvalidInput, match="补正期限（2024年3月19日）已过"):
        _issue(office, uncorrected, "correction", date(2024, 3, 20))
    with time_machine.travel(date(2024, 3, 20), tick=False):
        services.application_close_uncorrected(actor=clerk, application=uncorrected, on=date(2024, 3, 20))
    assert _kinds(uncorrected, date(2024, 3, 20)) == ["closure"]  # never the 答复书 as well
    with pytest.raises(InvalidInput, match="补正申请告知书只能在待补正期间出具"):
        _issue(office, uncorrected, "correction", date(2024, 3, 20))
    with pytest.raises(InvalidInput, match="答复书只能在作出答复后出具"):
        _issue(office, uncorrected, "decision", date(2024, 3, 20))
    # 第三十五条: the 说明理由告知书 only while reasons are awaited.
    asked = _started(office)
    with time_machine.travel(date(2024, 3, 6), tick=False):
        services.application_ask_reasons(
            actor=clerk, application=asked, note="本月同类申请40件", on=date(2024, 3, 6)
        )
    assert _kinds(asked, date(2024, 3, 6)) == ["reasons"]
    with time_machine.travel(date(2024, 3, 8), tick=False):
        services.application_reasons_answered(
            actor=clerk, application=asked, reasons_text="研究需要", accepted=True, on=date(2024, 3, 8)
        )
    with pytest.raises(InvalidInput, match="说明理由告知书只能在待说明理由期间出具"):
        _issue(office, asked, "reasons", date(2024, 3, 8))
    # A withdrawn case gets no letter.
    withdrawn = _started(office)
    with time_machine.travel(date(2024, 3, 6), tick=False):
        services.application_withdraw(actor=clerk, application=withdrawn, on=date(2024, 3, 6))
    assert _kinds(withdrawn, date(2024, 3, 6)) == []
    with pytest.raises(InvalidInput, match="已撤回"):
        _issue(office, withdrawn, "decision", date(2024, 3, 6))


def test_one_final_letter_kind_per_case(office: Any) -> None:
    """A case ends in one 答复书 or one 终止办理告知书, never both (each with its own 文号); issuing the same
    letter again the same day gives the same letter."""
    app = _case(office)
    _decide(office, app, "一", provision="post")
    reply = Letter.objects.get(application=app, kind="decision")
    assert _issue(office, app, "decision", REPLY) == reply  # idempotent
    # A closure letter recorded for this case (earlier data) bars a different final kind.
    Letter.objects.filter(pk=reply.pk).update(kind="closure")
    with pytest.raises(InvalidInput, match="一件申请只能有一种答复或终止办理的文书") as e:
        _issue(office, app, "decision", REPLY)
    assert reply.number in e.value.fields["kind"]


def test_reasons_notice_states_the_clerks_note_and_a_reply_date(office: Any, settings: Any) -> None:
    """第三十五条: the 说明理由告知书 says what the clerk found, by when to answer
    (GONGKAI_REASONS_REPLY_WORKING_DAYS working days from the letter's date, [UNCONFIRMED] local practice)
    and that unreasonable reasons mean 不予处理."""
    assert settings.GONGKAI_REASONS_REPLY_WORKING_DAYS == 15
    app = _started(office)
    with time_machine.travel(date(2024, 3, 6), tick=False):
        services.application_ask_reasons(
            actor=Actor(user=office.clerk),
            application=app,
            note="本月已提出同类申请40件。",
            on=date(2024, 3, 6),
        )
    text = _text(_issue(office, app, "reasons", date(2024, 3, 6)))
    _clean_wording(text)
    assert "明显超过合理范围（本月已提出同类申请40件），根据" in text
    assert "请于2024年3月27日前向本机关书面说明申请理由" in text  # 15 working days after 2024-03-06
    assert "认为申请理由不合理的，将告知您不予处理" in text
    settings.GONGKAI_REASONS_REPLY_WORKING_DAYS = 5
    # the letter of 3月6日 is frozen as issued; one dated 3月7日 counts 5 working days from its own date
    assert "请于2024年3月14日前" in _text(_issue(office, app, "reasons", date(2024, 3, 7)))


def test_consultation_letter_to_the_third_party_states_the_clerks_matter_art32(office: Any) -> None:
    clerk = Actor(user=office.clerk)
    app = _started(office)
    with time_machine.travel(date(2024, 3, 6), tick=False):
        services.application_start_consultation(
            actor=clerk,
            application=app,
            kind=ClockPause.Kind.THIRD_PARTY,
            party="广州某某科技有限公司",
            reason="涉及该公司的投标报价和经营信息。",
            on=date(2024, 3, 6),
        )
    text = _text(_issue(office, app, "consult_third", date(2024, 3, 6)))
    _clean_wording(text)
    assert "政府信息公开申请。该申请所涉信息，涉及该公司的投标报价和经营信息。本机关认为" in text


def test_not_processed_under_art35_cites_the_article_once_and_states_the_reason(office: Any) -> None:
    """第三十五条 不予处理: the clerk's reason is the reason, not a second "依据：" citing 第三十五条."""
    clerk = Actor(user=office.clerk)
    app = _started(office)
    with time_machine.travel(date(2024, 3, 6), tick=False):
        services.application_ask_reasons(
            actor=clerk, application=app, note="本月同类申请40件", on=date(2024, 3, 6)
        )
    with time_machine.travel(date(2024, 3, 8), tick=False):
        services.application_reasons_answered(
            actor=clerk,
            application=app,
            reasons_text="研究需要",
            accepted=False,
            basis="申请人所述用途与所申请的大量信息无关。",
            on=date(2024, 3, 8),
        )
    text = _text(Letter.objects.get(application=app, kind="decision"))
    _clean_wording(text)
    assert text.count("第三十五条") == 1 and "依据：" not in text
    assert "本机关不予处理。申请人所述用途与所申请的大量信息无关。" in text


@pytest.mark.parametrize(("leaf", "inputs", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_every_reply_cites_its_articles_once(
    office: Any, leaf: str, inputs: dict[str, str], present: list[str], absent: list[str]
) -> None:
    text = _decide(office, _case(office), leaf, **inputs)
    assert text.count("《中华人民共和国政府信息公开条例》") <= 1, text
    assert not ("依据：" in text and "的规定，" in text.split("依据：")[0] and leaf not in ("五5", "六3")), (
        text
    )


def test_a_basis_the_clerk_writes_replaces_the_leafs_citation_not_repeats_it(office: Any) -> None:
    text = _decide(
        office, _case(office), "三4", reason=REASON, basis="《中华人民共和国政府信息公开条例》第十五条"
    )
    _clean_wording(text)
    assert "根据《中华人民共和国政府信息公开条例》第十五条的规定，本机关决定不予公开" in text
    assert text.count("第十五条") == 1 and "依据：" not in text


def test_correction_items_are_a_paragraph_ended_by_a_full_stop_art30(office: Any) -> None:
    app = _case(office)
    for items, expected in (
        (
            "请说明所需警情数据的统计口径及是否需要按警情类别分类",
            "请说明所需警情数据的统计口径及是否需要按警情类别分类。",
        ),
        ("请写明文号；", "请写明文号。"),
    ):
        app = _case(office)
        with time_machine.travel(date(2024, 3, 5), tick=False):
            services.application_request_correction(
                actor=Actor(user=office.clerk),
                application=app,
                items=items,
                deadline=date(2024, 3, 19),
                on=date(2024, 3, 5),
            )
        assert expected in _paragraphs(Letter.objects.get(application=app, kind="correction"))
