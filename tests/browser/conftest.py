"""Real headless Chromium (Debian's package) driven by Playwright, against pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests import factories

# Assertions wait as long as actions do: under CI load (two test workers beside Chromium and LibreOffice) a
# form post and its redirect can take longer than Playwright's default 5 s.
expect.set_options(timeout=15_000)

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; Django's ORM would refuse to run "from an
    # async context" although every call here is synchronous (Django documents this setting for it).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _restore_reference_data() -> None:
    factories.restore_reference_data()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    _restore_reference_data()
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    """A small phone screen (iPhone SE class: 375×667 CSS pixels, touch)."""
    _restore_reference_data()
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 375, "height": 667},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def serious_violations(page: Any) -> list[str]:
    """axe-core violations of impact serious or critical on the current page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"resultTypes": ["violations"], "runOnly": ["wcag2a", "wcag2aa", "wcag21aa"]}
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
