"""The English portal (/en/): English names of divisions and agencies, Chinese-only content marked as such,
headings never half-translated; and the generator of the English names."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from gongkai.applications import outcomes
from gongkai.core.context import Actor
from gongkai.orgs import english, services
from gongkai.orgs.english import Place, agency_name_en, division_name_en
from gongkai.orgs.models import Agency, Division
from gongkai.portal import context
from gongkai.publications import labels, reference
from gongkai.publications import services as publication_services
from tests import factories
from tests.portal.html_checks import accessibility_problems
from tests.publications.conftest import normative_input, publish, staff_of

K = Division.Kind

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


class _HeadingTexts(HTMLParser):
    """Collects the text nodes inside headings that are not inside an element marked lang="zh-Hans"."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, inside Chinese)
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        chinese = (self.stack[-1][1] if self.stack else False) or dict(attrs).get("lang") == "zh-Hans"
        self.stack.append((tag, chinese))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        in_heading = any(t in HEADINGS for t, _ in self.stack)
        if in_heading and data.strip() and not (self.stack and self.stack[-1][1]):
            self.texts.append(data.strip())


def half_translated_headings(html: str) -> list[str]:
    """Heading text nodes mixing Chinese characters and English words outside lang="zh-Hans"."""
    parser = _HeadingTexts()
    parser.feed(html)
    return [t for t in parser.texts if CJK.search(t) and LATIN_WORD.search(t)]


@pytest.fixture(autouse=True)
def _fresh_site_name(monkeypatch: Any) -> None:
    monkeypatch.setattr(context, "_cached_en", (0.0, ""))


# ------------------------------------------------------------------------------------- the generator
@pytest.mark.parametrize(
    ("name", "kind", "parent", "expected"),
    [
        ("广东省", K.PROVINCE, "", "Guangdong Province"),
        ("广州市", K.PREFECTURE_CITY, "广东省", "Guangzhou"),
        ("越秀区", K.DISTRICT, "广州市", "Yuexiu District"),
        ("从化区", K.DISTRICT, "广州市", "Conghua District"),
        ("花都区", K.DISTRICT, "广州市", "Huadu District"),
        ("宝安区", K.DISTRICT, "深圳市", "Bao'an District"),
        ("清新区", K.DISTRICT, "清远市", "Qingxin District"),
        ("城区", K.DISTRICT, "汕尾市", "Chengqu District"),
        ("南澳县", K.COUNTY, "汕头市", "Nan'ao County"),
        ("佛冈县", K.COUNTY, "清远市", "Fogang County"),
        ("乳源瑶族自治县", K.AUTONOMOUS_COUNTY, "韶关市", "Ruyuan Yao Autonomous County"),
        ("连山壮族瑶族自治县", K.AUTONOMOUS_COUNTY, "清远市", "Lianshan Zhuang and Yao Autonomous County"),
        ("乐昌市", K.COUNTY_CITY, "韶关市", "Lechang City"),
        ("珠海横琴新区", K.FUNCTIONAL_ZONE, "珠海市", "Zhuhai Hengqin New Area"),
        ("深汕特别合作区", K.FUNCTIONAL_ZONE, "深圳市", "Shenzhen-Shanwei Special Cooperation Zone"),
        (
            "湛江经济技术开发区",
            K.FUNCTIONAL_ZONE,
            "湛江市",
            "Zhanjiang Economic and Technological Development Zone",
        ),
        (
            "惠州大亚湾经济技术开发区",
            K.FUNCTIONAL_ZONE,
            "惠州市",
            "Huizhou Daya Bay Economic and Technological Development Zone",
        ),
        ("石碣镇", K.TOWN, "东莞市", "Shijie Town"),
        ("古镇镇", K.TOWN, "中山市", "Guzhen Town"),
        ("莞城街道", K.SUBDISTRICT, "东莞市", "Guancheng Subdistrict"),
        ("北京街道", K.SUBDISTRICT, "越秀区", "Beijing Subdistrict"),
        ("大坪瑶族乡", K.ETHNIC_TOWNSHIP, "乳源瑶族自治县", "Daping Yao Ethnic Township"),
    ],
)
def test_division_names_follow_the_official_pinyin_forms(
    name: str, kind: str, parent: str, expected: str
) -> None:
    assert division_name_en(name, kind, parent) == expected


PROVINCE = [Place("广东省", "Guangdong Province", "Guangdong Province", provincial=True)]
GUANGZHOU = [Place("广州市", "Guangzhou", "Guangzhou")]
YUEXIU = [
    Place("广州市越秀区", "Guangzhou Yuexiu District", "Yuexiu District, Guangzhou"),
    Place("越秀区", "Yuexiu District", "Yuexiu District"),
]


@pytest.mark.parametrize(
    ("name", "places", "expected"),
    [
        ("广东省人民政府", PROVINCE, "People's Government of Guangdong Province"),
        ("广东省人民政府办公厅", PROVINCE, "General Office of the People's Government of Guangdong Province"),
        ("广东省教育厅", PROVINCE, "Education Department of Guangdong Province"),
        ("广东省公安厅", PROVINCE, "Public Security Department of Guangdong Province"),
        ("广东省卫生健康委员会", PROVINCE, "Health Commission of Guangdong Province"),
        (
            "广东省人民政府港澳事务办公室",
            PROVINCE,
            "Hong Kong and Macao Affairs Office of the People's Government of Guangdong Province",
        ),
        ("广州市人民政府", GUANGZHOU, "People's Government of Guangzhou"),
        ("广州市人民政府办公室", GUANGZHOU, "General Office of the People's Government of Guangzhou"),
        ("广州市教育局", GUANGZHOU, "Guangzhou Education Bureau"),
        ("广州市公安局", GUANGZHOU, "Guangzhou Public Security Bureau"),
        ("广州市越秀区人民政府", YUEXIU, "People's Government of Yuexiu District, Guangzhou"),
        ("广州市越秀区教育局", YUEXIU, "Guangzhou Yuexiu District Education Bureau"),
        (
            "始兴县教育局",
            [Place("始兴县", "Shixing County", "Shixing County")],
            "Shixing County Education Bureau",
        ),
        (
            "北京街道办事处",
            [Place("北京街道", "Beijing Subdistrict", "Beijing Subdistrict")],
            "Beijing Subdistrict Office",
        ),
        (
            "石碣镇人民政府",
            [Place("石碣镇", "Shijie Town", "Shijie Town")],
            "People's Government of Shijie Town",
        ),
        (
            "珠海横琴新区管理委员会",
            [Place("珠海横琴新区", "Zhuhai Hengqin New Area", "Zhuhai Hengqin New Area")],
            "Administrative Committee of Zhuhai Hengqin New Area",
        ),
        ("广州市越秀区某某中心", YUEXIU, ""),  # no pattern: no English name (the Chinese one is shown)
    ],
)
def test_agency_names_follow_the_department_table(name: str, places: list[Place], expected: str) -> None:
    assert agency_name_en(name, places) == expected


def test_a_dispatched_office_is_a_branch_of_its_department() -> None:
    liwan = [
        Place("广州市荔湾区", "Guangzhou Liwan District", "Liwan District, Guangzhou"),
        Place("荔湾区", "Liwan District", "Liwan District"),
    ]
    parent = ("广州市公安局", "Guangzhou Public Security Bureau")
    assert (
        agency_name_en("广州市公安局荔湾区分局", liwan, parent)
        == "Liwan District Branch of Guangzhou Public Security Bureau"
    )


@pytest.mark.django_db
def test_fill_names_the_tree_and_keeps_names_entered_by_hand() -> None:
    w = factories.small_province()
    Division.objects.filter(pk=w.futian.pk).update(name_en="Futian (entered by hand)")
    assert services.english_names_fill(actor=Actor.system("tests")) == (5, 8)
    names = dict(Agency.objects.values_list("name", "name_en"))
    assert names["广州市越秀区教育局"] == "Guangzhou Yuexiu District Education Bureau"
    assert names["北京街道办事处"] == "Beijing Subdistrict Office"
    assert names["深圳市福田区人民政府"] == "People's Government of Futian (entered by hand), Shenzhen"
    assert Division.objects.get(pk=w.futian.pk).name_en == "Futian (entered by hand)"
    assert services.english_names_fill(actor=Actor.system("tests")) == (0, 0)


@pytest.mark.django_db
def test_name_divisions_works_on_unsaved_rows_as_the_demo_builds_them() -> None:
    province = Division(path="0001", depth=1, code="440000", name="广东省", level=1, kind=K.PROVINCE)
    city = Division(path="00010001", depth=2, code="440100", name="广州市", level=2, kind=K.PREFECTURE_CITY)
    zone = Division(
        path="000100010001", depth=3, code="440171", name="广州开发区", level=3, kind=K.FUNCTIONAL_ZONE
    )
    assert english.name_divisions([zone, city, province]) == 3
    assert [province.name_en, city.name_en, zone.name_en] == [
        "Guangdong Province",
        "Guangzhou",
        "Guangzhou Development Zone",
    ]


def test_every_outcome_and_packaged_label_is_in_the_catalogue_lists() -> None:
    assert {o.public_label for o in outcomes.outcomes().values()} == set(outcomes.PUBLIC_LABELS)
    topics = {n for t in reference.topics_seed() for n in [t["name"], *t["children"]]}
    assert topics == set(labels.TOPIC_NAMES)
    assert {d["name"] for d in reference.domains_seed()} == set(labels.DOMAIN_NAMES)


# ------------------------------------------------------------------------------------------ the pages
def _named_world() -> factories.World:
    w = factories.small_province()
    services.english_names_fill(actor=Actor.system("tests"))
    Agency.objects.filter(pk=w.gz_gov.pk).update(name_en="")  # one left without: shown in Chinese, marked
    return w


def _published(w: factories.World) -> Any:
    people = staff_of(w.gz_edu, "edu")
    pub = publication_services.publication_create(
        actor=people["clerk"], agency=w.gz_edu, data=normative_input()
    )
    return publish(people, pub)


@pytest.mark.django_db
def test_english_pages_show_english_names_and_mark_the_chinese_ones(client: Client) -> None:
    w = _named_world()
    html = client.get("/en/").content.decode()
    assert "<h1>Guangdong Province Government Information Disclosure</h1>" in html
    assert ">Guangzhou</a>" in html and ">Shenzhen</a>" in html
    assert "Guangdong Province Government Information Disclosure Platform" in html  # the site name
    html = client.get("/en/divisions/440100/").content.decode()
    assert "<h1>Guangzhou</h1>" in html
    assert ">Guangzhou Education Bureau</a>" in html
    assert '<span lang="zh-Hans">广州市人民政府</span></a>' in html  # no English name: Chinese, marked
    assert accessibility_problems(html) == []
    html = client.get(f"/en/agencies/{w.yuexiu_edu.pk}/guide/").content.decode()
    assert (
        "<h1>Guangzhou Yuexiu District Education Bureau: Government information disclosure guide</h1>" in html
    )
    assert 'aria-current="page">Guangzhou Yuexiu District Education Bureau</li>' in html
    html = client.get("/en/site-map/").content.decode()
    assert ">Guangzhou</a>" in html and ">广州市</a>" not in html
    html = client.get("/en/library/").content.decode()
    assert '<optgroup label="Guangzhou">' in html and ">Yuexiu District</option>" in html


@pytest.mark.django_db
def test_chinese_pages_are_unchanged(client: Client) -> None:
    w = _named_world()
    html = client.get(f"/agencies/{w.yuexiu_edu.pk}/guide/").content.decode()
    assert "<h1>广州市越秀区教育局政府信息公开指南</h1>" in html
    assert "Education" not in html
    html = client.get("/").content.decode()
    assert "<h1>广东省政府信息公开</h1>" in html and ">广州市</a>" in html
    assert "<title>广东省政府信息公开平台</title>" in html


@pytest.mark.django_db
def test_a_document_on_the_english_portal_says_it_is_in_chinese_only(client: Client) -> None:
    w = _named_world()
    pub = _published(w)
    html = client.get(f"/en/publications/{pub.pk}/").content.decode()
    assert '<h1 class="doc-title" lang="zh-Hans">广州市义务教育阶段学校招生入学管理办法</h1>' in html
    assert "available in Chinese only" in html
    assert 'id="doc-text" lang="zh-Hans"' in html
    assert "<dd>Guangzhou Education Bureau</dd>" in html
    assert "(1) Administrative regulations, rules and normative documents" in html  # 第二十条（一）
    assert accessibility_problems(html) == []
    assert "available in Chinese only" not in client.get(f"/publications/{pub.pk}/").content.decode()


@pytest.mark.django_db
def test_no_heading_of_the_public_pages_is_half_translated(client: Client) -> None:
    w = _named_world()
    pub = _published(w)
    urls = [
        "/en/",
        "/en/divisions/440100/",
        "/en/divisions/440104/",
        f"/en/agencies/{w.gz_edu.pk}/",
        f"/en/agencies/{w.gz_gov.pk}/",
        f"/en/agencies/{w.gz_edu.pk}/guide/",
        f"/en/agencies/{w.gz_gov.pk}/guide/",
        f"/en/agencies/{w.gz_edu.pk}/catalogue/20-1/",
        f"/en/agencies/{w.yuexiu_gov.pk}/standard-catalogue/",
        f"/en/publications/{pub.pk}/",
        "/en/library/",
        "/en/search/",
        "/en/reports/",
        "/en/gazette/",
        "/en/apply/?q=教育",
        f"/en/agencies/{w.gz_edu.pk}/apply/",
        "/en/track/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert half_translated_headings(response.content.decode()) == [], url


def test_the_heading_check_finds_a_half_translated_heading() -> None:
    assert half_translated_headings("<h1>广州市教育局Government information disclosure guide</h1>") == [
        "广州市教育局Government information disclosure guide"
    ]
    assert half_translated_headings('<h1><span lang="zh-Hans">广州市教育局</span> Guide</h1>') == []


@pytest.mark.django_db
def test_the_english_application_form_answers_in_english(client: Client) -> None:
    w = _named_world()
    url = f"/en/agencies/{w.gz_edu.pk}/apply/"
    form = client.get(url).content.decode()
    assert ">Natural person<" in form and ">Commercial enterprise<" in form
    data = {"category": "natural", "name": "Zhang", "id_type": "resident_id", "id_number": "123",
            "phone": "12", "description": "ab"}  # fmt: skip
    html = client.post(url, data).content.decode()
    errors = re.findall(r'class="[^"]*error"[^>]*>([^<]+)<', html)
    assert any("must have 18 characters" in e for e in errors), errors
    assert any("mobile number" in e for e in errors), errors
    assert [e for e in errors if CJK.search(e)] == []
    summary = html[html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))]
    assert "Please correct the following" in summary and not CJK.search(re.sub(r"<[^>]+>", "", summary))


@pytest.mark.django_db
def test_the_english_agency_picker_finds_agencies_by_their_english_names(client: Client) -> None:
    w = _named_world()
    html = client.get("/en/apply/", {"q": "guangzhou education"}).content.decode()
    assert f'href="/en/agencies/{w.gz_edu.pk}/apply/"' in html
    assert ">Guangzhou Education Bureau</a>" in html
