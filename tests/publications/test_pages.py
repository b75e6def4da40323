"""Public pages of 主动公开 (document, withdrawn page, library, catalogue, 指南, feeds, sitemap, elder
mode) and the staff pages, with real requests through Django's test client."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from gongkai.publications import services
from gongkai.publications.co_issues import co_issue_accept
from gongkai.publications.models import CoIssue, Validity
from tests.portal.html_checks import accessibility_problems
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def published(office: dict[str, Any]) -> Any:
    pub = services.publication_create(
        actor=office["clerk"], agency=office["agency"], data=normative_input(needs_interpretation=True)
    )
    services.interpretation_save(
        actor=office["clerk"], policy=pub, title="招生办法政策解读", body="<p>解读正文</p>"
    )
    return publish(office, pub)


def test_document_page_shows_the_metadata_block_and_the_interpretation(
    client: Client, published: Any
) -> None:
    html = client.get(f"/publications/{published.pk}/").content.decode()
    for label in ("索引号", "主题分类", "发文机关", "成文日期", "发文字号", "发布日期", "有效性"):
        assert label in html
    assert published.index_no in html and "穗府〔2020〕3号" in html and "科技、教育\\教育" in html
    assert "现行有效" in html and "招生办法政策解读" in html
    assert '<meta name="ArticleTitle"' in html and '<meta name="PubDate"' in html
    assert accessibility_problems(html) == []
    assert client.get(f"/publications/{published.pk}/print/").status_code == 200


def test_drafts_are_not_public(client: Client, office: dict[str, Any]) -> None:
    pub = services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input())
    assert client.get(f"/publications/{pub.pk}/").status_code == 404


def test_withdrawn_page_says_so_instead_of_404(
    client: Client, office: dict[str, Any], published: Any
) -> None:
    services.publication_withdraw(actor=office["approver"], publication=published, reason="依据上级要求撤回")
    r = client.get(f"/publications/{published.pk}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "该信息已撤回" in html and "依据上级要求撤回" in html and "第一条" not in html


def test_catalogue_library_feed_and_sitemap_list_the_record(
    client: Client, office: dict[str, Any], published: Any
) -> None:
    agency = office["agency"]
    html = client.get(f"/agencies/{agency.pk}/").content.decode()
    assert "（一）行政法规、规章和规范性文件" in html and published.title in html
    assert client.get(f"/agencies/{agency.pk}/catalogue/20-1/").content.decode().count(published.title) == 1
    lib = client.get("/library/?kind=normative&validity=in_force").content.decode()
    assert published.title in lib
    assert published.title not in client.get("/library/?validity=repealed").content.decode()
    assert client.get("/library/?year=abc&topic=zzz").status_code == 400  # bad filters are named
    assert published.title in client.get("/library/?agency_name=广州市人民").content.decode()
    assert published.title not in client.get("/library/?agency_name=教育局").content.decode()
    feed = ET.fromstring(client.get(f"/agencies/{agency.pk}/feed.atom?category=20-1").content)
    assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == [published.title]
    index = ET.fromstring(client.get("/sitemap.xml").content)
    section = index.find(f"{SITEMAP}sitemap/{SITEMAP}loc").text
    urls = ET.fromstring(client.get(section.replace("http://testserver", "")).content)
    assert f"http://testserver/publications/{published.pk}/" in [u.findtext(f"{SITEMAP}loc") for u in urls]


def test_replacement_shows_on_the_old_page_with_a_link(
    client: Client, office: dict[str, Any], published: Any
) -> None:
    new = services.publication_create(
        actor=office["clerk"],
        agency=office["agency"],
        data=normative_input(
            title="招生入学管理办法（2021年修订）",
            doc_number="穗府〔2021〕1号",
            supersedes_id=published.pk,
            supersedes_as=Validity.AMENDED,
        ),
    )
    publish(office, new)
    html = client.get(f"/publications/{published.pk}/").content.decode()
    assert "已修改" in html and f'href="/publications/{new.pk}/"' in html


def test_guide_is_generated_from_the_agency_data(client: Client, office: dict[str, Any]) -> None:
    agency = office["agency"]
    agency.office_address, agency.office_hours = "广州市府前路1号", "工作日 9:00-12:00"
    agency.save()
    html = client.get(f"/agencies/{agency.pk}/guide/").content.decode()
    for text in (
        "政府信息的分类",
        "编排体系",
        "获取方式",
        "广州市府前路1号",
        "工作日 9:00-12:00",
        "政府信息公开制度",
    ):
        assert text in html


def test_standard_catalogue_of_a_county_government_lists_26_domains(
    client: Client, office: dict[str, Any]
) -> None:
    w = office["world"]
    html = client.get(f"/agencies/{w.yuexiu_gov.pk}/standard-catalogue/").content.decode()
    assert html.count('<h2 id="d-D') == 26 and "公开渠道和载体" in html and "重大建设项目" in html
    assert client.get(f"/agencies/{w.gz_edu.pk}/standard-catalogue/").status_code == 404


def test_elder_mode_is_a_cookie_and_works_without_javascript(client: Client, published: Any) -> None:
    r = client.get(f"/display/?mode=elder&next=/publications/{published.pk}/")
    assert r.status_code == 302 and r["Location"] == f"/publications/{published.pk}/"
    assert 'class="elder' in client.get(f"/publications/{published.pk}/").content.decode()
    assert client.get("/display/?mode=elder&next=https://evil.example/")["Location"] == "/"


def test_staff_pages_drive_the_workflow(client: Client, office: dict[str, Any]) -> None:
    client.force_login(office["clerk"].user)
    url = f"/staff/publications/new/{office['agency'].pk}/"
    form = {
        "title": "关于做好防汛工作的通知",
        "kind": "other",
        "genre": "通知",
        "category": "20-12",
        "written_on": "2020-06-01",
    }
    r = client.post(url, {**form, "doc_number": "穗府办〔2020〕07号"})
    assert r.status_code == 200 and "序号不编虚位" in r.content.decode()  # nothing typed is lost
    assert "关于做好防汛工作的通知" in r.content.decode()
    r = client.post(url, {**form, "doc_number": "穗府办〔2020〕7号"})
    assert r.status_code == 302
    manage = r["Location"]
    assert client.post(manage + "submit/").status_code == 302
    assert "保密审查中" in client.get(manage).content.decode()
    client.force_login(office["reviewer"].user)  # not the drafting staff: refused
    client.post(manage + "clear/")
    client.force_login(office["approver"].user)
    client.post(manage + "publish/")
    html = client.get(manage).content.decode()
    assert "已发布" in html and accessibility_problems(html) == []


def test_a_joint_document_is_in_every_issuers_catalogue(client: Client, office: dict[str, Any]) -> None:
    edu = office["world"].gz_edu
    pub = publish(
        office,
        services.publication_create(
            actor=office["clerk"], agency=office["agency"], data=normative_input(co_agency_ids=[edu.pk])
        ),
    )
    assert not published_title_in(client, f"/agencies/{edu.pk}/catalogue/20-1/", pub.title)  # not yet
    edu_approver = staff_of(edu, "gzedu")["approver"]
    co_issue_accept(actor=edu_approver, co_issue=CoIssue.objects.get(publication=pub, agency=edu))
    assert published_title_in(client, f"/agencies/{edu.pk}/catalogue/20-1/", pub.title)
    html = client.get(f"/publications/{pub.pk}/").content.decode()
    assert "广州市人民政府、广州市教育局" in html


def published_title_in(client: Client, url: str, title: str) -> bool:
    return title in client.get(url).content.decode()


def test_staff_remove_an_attachment_from_a_draft(client: Client, office: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.publications.test_scan import DOCX, _docx

    pub = services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input())
    [att] = services.publication_attach(
        actor=office["clerk"],
        publication=pub,
        files=[SimpleUploadedFile("a.docx", _docx(), content_type=DOCX)],
    )
    client.force_login(office["reviewer"].user)  # not the drafting staff: refused
    assert (
        client.post(f"/staff/publications/{pub.pk}/remove_attachment/", {"attachment": att.pk}).status_code
        == 302
    )
    assert pub.attachments.count() == 1  # refused (a message says why)
    client.force_login(office["clerk"].user)
    assert "删除" in client.get(f"/staff/publications/{pub.pk}/").content.decode()
    client.post(f"/staff/publications/{pub.pk}/remove_attachment/", {"attachment": att.pk})
    assert pub.attachments.count() == 0


def test_staff_edit_a_draft_interpretation(client: Client, office: dict[str, Any]) -> None:
    from tests.portal.html_checks import accessibility_problems

    pub = services.publication_create(
        actor=office["clerk"], agency=office["agency"], data=normative_input(needs_interpretation=True)
    )
    item = services.interpretation_save(
        actor=office["clerk"], policy=pub, title="解读（初稿）", body="<p>一</p>"
    )
    client.force_login(office["clerk"].user)
    html = client.get(f"/staff/publications/{pub.pk}/").content.decode()
    assert f'name="interp{item.pk}-title" value="解读（初稿）"' in html and accessibility_problems(html) == []
    r = client.post(
        f"/staff/publications/{pub.pk}/interpretation/",
        {
            "form_prefix": f"interp{item.pk}",
            f"interp{item.pk}-form": "text",
            f"interp{item.pk}-title": "解读（定稿）",
            f"interp{item.pk}-body": "<p>二</p>",
            f"interp{item.pk}-interpretation_id": str(item.pk),
        },
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.title == "解读（定稿）" and pub.interpretations.count() == 1


def test_a_refused_attachment_leaves_no_draft_however_often_the_form_is_sent(
    client: Client, office: dict[str, Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publications.models import Publication

    client.force_login(office["clerk"].user)
    url = f"/staff/publications/new/{office['agency'].pk}/"
    form = {"title": "关于做好防汛工作的通知", "kind": "other", "genre": "通知", "category": "20-12"}
    form |= {"written_on": "2020-06-01", "summary": "防汛。", "body": "<p>做好防汛工作。</p>"}
    for _ in range(3):  # a clerk retrying the same form
        bad = SimpleUploadedFile("方案.docx", b"MZ\x90 not Word", content_type="application/msword")
        r = client.post(url, {**form, "attachments": bad})
        assert r.status_code == 200 and "附件" in r.content.decode()
    assert Publication.objects.count() == 0
    good = SimpleUploadedFile("方案.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(url, {**form, "attachments": good}).status_code == 302
    assert Publication.objects.count() == 1 and Publication.objects.get().attachments.count() == 1


def test_date_pickers_show_the_saved_date_so_a_draft_saves_again_unchanged(
    client: Client, office: dict[str, Any]
) -> None:
    pub = services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input())
    client.force_login(office["clerk"].user)
    html = client.get(f"/staff/publications/{pub.pk}/").content.decode()
    # ISO value: a type="date" input shows a zh-hans "2020/03/02" as empty and the date is lost on save
    assert 'type="date"' in html and 'value="2020-03-02"' in html and "2020/03/02" not in html


def test_every_workflow_action_has_a_chinese_label() -> None:
    """The staff page's history shows PublicationEvent labels, not codes such as review_cleared."""
    import re
    from pathlib import Path

    import gongkai.publications
    from gongkai.publications.models import PublicationEvent
    from gongkai.publications.states import CoIssueStatus

    source = "".join(
        p.read_text(encoding="utf-8") for p in Path(gongkai.publications.__file__).parent.glob("*.py")
    )
    actions = set(re.findall(r'_event\(\s*\w+,\s*\w+,\s*"(\w+)"', source))
    actions |= set(re.findall(r'_audit\(actor, pub, "(\w+)"', source))
    actions |= {f"co_issue_{s}" for s in (CoIssueStatus.ACCEPTED, CoIssueStatus.DECLINED)}
    assert {"created", "review_cleared", "co_issue_requested"} <= actions
    assert sorted(actions - set(PublicationEvent.LABELS)) == []
