"""The portal to the 政府网站 rules (国办发〔2017〕47号, 国办秘函〔2019〕19号) and to WCAG 2.1 AA, in
Chromium: the footer with the site's filing numbers, branded error pages, 长者模式 that enlarges every
control, no horizontal scrolling on a phone, landmarks around everything, no serious axe violation."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from gongkai.applications import services as app_services
from gongkai.core.context import Actor
from gongkai.gazette.services import gazette_import
from gongkai.orgs.roles import Role
from gongkai.publications import services
from gongkai.reports import services as report_services
from gongkai.reports.models import AnnualReport
from gongkai.search.services import search_apply_outbox
from tests import factories
from tests.browser.conftest import serious_violations
from tests.publications.conftest import normative_input, publish, staff_of
from tests.reports.prose import FULL_PROSE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SITE_NAME = "广东省政府信息公开平台"

# Anything in <body> outside the landmarks (the skip link and scripts aside), and .table-wrap regions that
# a keyboard cannot reach or a screen reader cannot name.
OUTSIDE_LANDMARKS = """() => [...document.body.children]
  .filter(e => !['HEADER', 'NAV', 'MAIN', 'FOOTER', 'SCRIPT'].includes(e.tagName) && !e.matches('.skip-link'))
  .map(e => e.outerHTML.slice(0, 80))"""
UNNAMED_TABLE_REGIONS = """() => [...document.querySelectorAll('.table-wrap')]
  .filter(e => e.tabIndex !== 0 || e.getAttribute('role') !== 'region' || !e.getAttribute('aria-label'))
  .length"""


def _gazette_line(i: int, **kw: object) -> str:
    values: dict[str, object] = {
        "source_id": f"gd-{i}",
        "year": 2020,
        "issue": 3,
        "date": "2020-02-15",
        "title": f"广东省实施某某条例办法{i}",
        "doc_number": f"粤府〔2020〕{i}号",
        "issuer": "广东省人民政府",
        "text": "第一条 为了实施某某条例，结合本省实际，制定本办法。",
        "pages": "12-15",
    }
    values.update(kw)
    return json.dumps(values, ensure_ascii=False)


# The law corpus layout with no date anywhere: a document kept without an issue (期次未详).
UNDATED = json.dumps(
    {"id": 2, "title": "广东省某某管理规定", "body": "为了加强某某管理，制定本规定。", "path": "laws/x.md"},
    ensure_ascii=False,
)


def _published_report(w: Any) -> AnnualReport:
    clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    approver = factories.staff("approver", Role.APPROVER, agency=w.yuexiu_edu)
    supervisor = factories.staff("supx", Role.SUPERVISOR, division=w.yuexiu)
    app = factories.registered_application(w.yuexiu_edu, clerk, date(2020, 3, 2))
    app_services.application_decide(
        actor=Actor(user=clerk),
        application=app,
        outcome="三、本年度办理结果/（一）予以公开",
        on=date(2020, 3, 20),
    )
    report = report_services.report_open(
        actor=Actor(user=approver), scope="agency", agency=w.yuexiu_edu, year=2020
    )
    report_services.report_update_prose(actor=Actor(user=approver), report=report, prose=FULL_PROSE)
    report_services.report_submit(actor=Actor(user=approver), report=report)
    report_services.report_approve(actor=Actor(user=supervisor), report=report)
    return report_services.report_publish(actor=Actor(user=approver), report=report, confirm=True)


def _public_site() -> dict[str, str]:
    """A province with a published 规范性文件, an annual report and a gazette issue: the URL of every kind
    of public page, by name."""
    w = factories.small_province()
    people = staff_of(w.gz_gov, "gz")
    pub = services.publication_create(
        actor=people["clerk"],
        agency=w.gz_gov,
        data=normative_input(title="广州市义务教育阶段学校招生入学管理办法", doc_number="穗府〔2020〕3号"),
    )
    publish(people, pub)
    search_apply_outbox()
    report = _published_report(w)
    gazette_import(actor=Actor.system("tests"), lines=[_gazette_line(1), UNDATED])
    from gongkai.gazette.models import GazetteDocument

    gazette_doc = GazetteDocument.objects.get(source_id="gd-1")
    return {
        "home": "/",
        "document": f"/publications/{pub.pk}/",
        "agency": f"/agencies/{w.gz_gov.pk}/",
        "category": f"/agencies/{w.gz_gov.pk}/catalogue/20-1/",
        "guide": f"/agencies/{w.gz_gov.pk}/guide/",
        "library": "/library/",
        "search": "/search/?q=%E6%8B%9B%E7%94%9F",
        "apply": "/apply/",
        "apply form": f"/agencies/{w.gz_gov.pk}/apply/",
        "tracker": "/track/",
        "reports": "/reports/",
        "report": f"/reports/{report.pk}/",
        "gazette": "/gazette/",
        "gazette year": "/gazette/2020/",
        "gazette issue": "/gazette/2020/3/",
        "gazette document": f"/gazette/documents/{gazette_doc.pk}/",
        "site map": "/site-map/",
        "contact": "/contact/",
        "English home": "/en/",
        "not found": "/no-such-page/",
    }


def _set_display(page: Any, mode: str) -> None:
    page.goto(f"/display/?mode={mode}&next=/")


@pytest.mark.parametrize("width", [1280, 375])
def test_no_serious_accessibility_violations_and_everything_inside_landmarks(
    browser: Any, live_server: Any, width: int
) -> None:
    factories.restore_reference_data()
    urls = _public_site()
    checked = [
        "home", "document", "agency", "search", "apply form", "tracker", "report", "gazette",
        "English home", "not found",
    ]  # fmt: skip
    in_elder_mode = ["home", "document", "apply form", "report"]  # its own colours and sizes
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: dict[str, object] = {}
    try:
        for display, names in (("standard", checked), ("elder", in_elder_mode)):
            _set_display(page, display)
            for name in names:
                page.goto(urls[name])
                found = {
                    "axe": serious_violations(page),
                    "outside landmarks": page.evaluate(OUTSIDE_LANDMARKS),
                    "unnamed table regions": page.evaluate(UNNAMED_TABLE_REGIONS),
                }
                if any(found.values()):
                    problems[f"{display} {name}"] = found
    finally:
        context.close()
    assert problems == {}


@pytest.mark.parametrize("display", ["standard", "elder"])
def test_no_horizontal_scrolling_on_a_phone(phone: Any, display: str) -> None:
    urls = _public_site()
    _set_display(phone, display)
    too_wide = {}
    for name, url in urls.items():
        phone.goto(url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[name] = width
    assert too_wide == {}


def test_footer_carries_the_site_identity_and_sits_at_the_bottom(page: Any, settings: Any) -> None:
    settings.GONGKAI_SITE_SPONSOR = "广东省人民政府办公厅"
    settings.GONGKAI_SITE_OPERATOR = "广东省政务服务数据管理局"
    settings.GONGKAI_SITE_ID_CODE = "4400000001"
    settings.GONGKAI_SITE_ICP = "粤ICP备05070829号"
    settings.GONGKAI_SITE_PSB = "粤公网安备44010402000101号"
    settings.GONGKAI_SITE_CONTACT_EMAIL = "webmaster@gd.gov.cn"
    factories.small_province()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/contact/")  # a short page
    footer = page.locator("footer")
    text = footer.inner_text()
    for fact in (
        "主办单位：广东省人民政府办公厅",
        "承办单位：广东省政务服务数据管理局",
        "网站标识码：4400000001",
        "粤ICP备05070829号",
        "粤公网安备44010402000101号",
    ):
        assert fact in text
    assert page.locator('meta[name="SiteIDCode"]').get_attribute("content") == "4400000001"
    psb = footer.get_by_role("link", name="粤公网安备44010402000101号").get_attribute("href")
    assert psb.endswith("recordcode=44010402000101")
    # Sticky: on a short page the footer ends at the bottom of the window.
    box = footer.bounding_box()
    assert round(box["y"] + box["height"]) == 900
    # 联系我们 is a real page with the configured address; 网站地图 lists the sections and the agencies.
    assert page.locator("h1").inner_text() == "联系我们"
    assert (
        page.get_by_role("link", name="webmaster@gd.gov.cn").get_attribute("href")
        == "mailto:webmaster@gd.gov.cn"
    )
    footer.get_by_role("link", name="网站地图").click()
    page.wait_for_url("**/site-map/")
    assert page.locator("h1").inner_text() == "网站地图"
    page.get_by_role("link", name="广东省人民政府办公厅", exact=True).click()
    page.wait_for_url("**/agencies/*/")
    assert page.locator("h1").inner_text() == "广东省人民政府办公厅"


def test_unknown_pages_are_branded_in_chinese_and_in_english_under_en(page: Any) -> None:
    factories.small_province()
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.title() == f"页面不存在 - {SITE_NAME}"
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("main h1").inner_text() == "页面不存在"
    assert page.get_by_role("link", name="返回首页").is_visible()
    assert "网站标识码" in page.locator("footer").inner_text()
    assert page.get_by_role("navigation", name="主导航").is_visible()

    response = page.goto("/en/publications/99999999/")  # a view's Chinese message stays off the English page
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main h1").inner_text() == "Page not found"
    notice = page.get_by_role("alert").inner_text()
    assert notice.startswith("The page does not exist") and "信息" not in notice
    assert page.locator("footer").is_visible()


def test_elder_mode_enlarges_every_control(page: Any) -> None:
    urls = _public_site_small()
    measure = """(selectors) => Object.fromEntries(Object.entries(selectors).map(([name, s]) => {
        const e = document.querySelector(s);
        return [name, e ? parseFloat(getComputedStyle(e).fontSize) : null];
    }))"""
    on_document = {
        "nav link": "header nav a",
        "mode switch": ".display-switch a",
        "文号 line": ".doc-title.meta",
        "read-aloud button": "[data-read-aloud]",
        "breadcrumb": ".breadcrumbs a",
        "footer link": "footer a",
    }
    on_library = {"select": "main select", "input": "main input[type=search], main input[type=text]"}
    on_library["button"] = "main button[type=submit]"
    on_home = {"search box": "#home-q", "search button": ".searchbox button"}

    def sizes() -> dict[str, float]:
        out: dict[str, float] = {}
        for url, selectors in ((urls["document"], on_document), ("/library/", on_library), ("/", on_home)):
            page.goto(url)
            out |= page.evaluate(measure, selectors)
        return out

    standard = sizes()
    assert None not in standard.values(), standard
    _set_display(page, "elder")
    elder = sizes()
    smaller = {k: (standard[k], elder[k]) for k in standard if not elder[k] > standard[k] or elder[k] < 18}
    assert smaller == {}
    # …and the way back is as large as the rest.
    exit_link = page.get_by_role("link", name="退出长者模式")
    assert float(exit_link.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 20


def _public_site_small() -> dict[str, str]:
    w = factories.small_province()
    people = staff_of(w.gz_gov, "gz")
    body = '<p>第一条 依据<a href="/library/">政策文件库</a>所列规定，制定本办法。</p>'
    pub = services.publication_create(
        actor=people["clerk"], agency=w.gz_gov, data=normative_input(doc_number="穗府〔2020〕3号", body=body)
    )
    publish(people, pub)
    return {"document": f"/publications/{pub.pk}/"}


def test_gazette_archive_title_is_short_and_the_undated_list_in_main(page: Any) -> None:
    factories.small_province()
    gazette_import(actor=Actor.system("tests"), lines=[_gazette_line(1), UNDATED])
    page.goto("/gazette/")
    assert page.title() == f"政府公报 - {SITE_NAME}"
    assert page.locator('meta[name="ColumnName"]').get_attribute("content") == "政府公报"
    assert page.locator("main h2").inner_text() == "期次未详的文件"
    assert page.locator("main").get_by_role("link", name="广东省某某管理规定").is_visible()
    assert page.evaluate(OUTSIDE_LANDMARKS) == []
    assert (
        page.evaluate("document.body.firstChild.textContent.trim()") == ""
    )  # no stray text above the header


def test_printed_page_drops_the_chrome_and_shows_link_targets(page: Any) -> None:
    urls = _public_site_small()
    page.goto(urls["document"] + "print/")
    assert page.get_by_role("button", name="打印本页").is_visible()
    page.emulate_media(media="print")
    for chrome in ("header", "footer", ".breadcrumbs", ".display-switch", "[data-print]"):
        assert page.locator(chrome).first.is_hidden(), chrome
    colours = page.evaluate(
        "[...document.querySelectorAll('main *')].map(e => getComputedStyle(e).color)"
        ".filter(c => c !== 'rgb(0, 0, 0)').length"
    )
    assert colours == 0
    link = page.locator("#doc-text a")
    assert link.evaluate("e => getComputedStyle(e, '::after').content") == '"（/library/）"'
