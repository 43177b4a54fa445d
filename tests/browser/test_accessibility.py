"""Accessibility in Chromium: axe-core (WCAG 2.x A/AA) finds nothing serious or critical on
any public page, embed or the login; the chart's data is reached and sorted from the keyboard.

axe-core comes from npm (tests/browser/package.json, installed by `make test`), injected
into the page by the test; the page's own CSP is bypassed for the test's context only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.charts.query import CHART_IDS
from tests.conftest import REQUIRE_POSTGRES

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = [
    "/",
    *[f"/charts/{chart_id}" for chart_id in CHART_IDS],
    "/charts/share?mode=area100",
    "/charts/share?from=2024Q1&to=2022Q1",  # a choice that cannot be drawn: named, flagged
    *[f"/embed/{chart_id}" for chart_id in ("rank", "share", "snapshot", "sources")],
    "/quarters/2022Q4",
    "/vendors/xiaomi",
    "/sources",
    "/history?source=canalys&vendor=oppo&quarter=2022Q3",
    "/admin/login",
]


# The same public pages in Hindi (lang=hi): Devanagari text, longer labels, <html lang="hi">.
HINDI_PAGES = [
    "/",
    "/charts/share",
    "/charts/rank",
    "/charts/snapshot",
    "/charts/growth",
    "/charts/share?from=2024Q1&to=2022Q1",
    "/embed/rank",
    "/embed/snapshot",
    "/quarters/2022Q4",
    "/vendors/xiaomi",
    "/sources",
]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci --prefix tests/browser` (make test does)"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


@pytest.fixture
def audited(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(bypass_csp=True)
    yield context
    context.close()


def serious_violations(page: Page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def themed(path: str, theme: str) -> str:
    return path + ("&" if "?" in path else "?") + f"theme={theme}"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(
    audited: BrowserContext, live_server: str, axe_source: str, path: str, theme: str
) -> None:
    page = audited.new_page()
    page.goto(live_server + themed(path, theme))
    if "/admin/" not in path and path != "/sources" and not path.startswith("/history"):
        page.wait_for_selector("[data-drawn]", timeout=15_000)
    assert serious_violations(page, axe_source) == []


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", HINDI_PAGES)
def test_no_serious_or_critical_violations_in_hindi(
    audited: BrowserContext, live_server: str, axe_source: str, path: str, theme: str
) -> None:
    page = audited.new_page()
    page.goto(live_server + themed(path, theme) + "&lang=hi")
    assert page.locator("html").get_attribute("lang") == "hi"
    if path != "/sources":
        page.wait_for_selector("[data-drawn]", timeout=15_000)
    assert serious_violations(page, axe_source) == []


@pytest.mark.parametrize("path", ["/", "/charts/share", "/embed/rank?theme=auto"])
def test_the_readers_dark_setting_passes_too(
    browser: Browser, live_server: str, axe_source: str, path: str
) -> None:
    context = browser.new_context(bypass_csp=True, color_scheme="dark")
    page = context.new_page()
    page.goto(live_server + path)
    page.wait_for_selector("[data-drawn]", timeout=15_000)
    assert serious_violations(page, axe_source) == []
    context.close()


def test_axe_finds_a_planted_violation(
    audited: BrowserContext, live_server: str, axe_source: str
) -> None:
    """The check is live: the same run flags an image without a text alternative."""
    page = audited.new_page()
    page.goto(live_server + "/sources")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(v.startswith("image-alt") for v in serious_violations(page, axe_source))


def test_the_drawing_is_one_image_described_in_words(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/charts/rank?source=canalys&to=2022Q4")
    page.wait_for_selector("[data-drawn]")
    plot = page.locator("#chart")
    expect(plot).to_have_attribute("role", "img")
    expect(plot).to_have_accessible_name(
        "Xiaomi fell to third in Q4 2022 as Samsung took first place"
    )
    expect(plot).to_have_accessible_description(
        page.locator("#chart-desc").text_content() or "missing"
    )
    assert "Latest, Q4 2022: Samsung #1, vivo #2, Xiaomi #3" in (
        page.locator("#chart-desc").text_content() or ""
    )
    assert plot.locator("a, button, [tabindex]").count() == 0  # nothing focusable inside


def tab_to(page: Page, selector: str, presses: int = 80) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_reaches_the_data_table_and_sorts_it(page: Page, live_server: str) -> None:
    query = "source=canalys&quarter=2022Q4"
    page.goto(f"{live_server}/charts/snapshot?{query}")
    page.wait_for_selector("[data-drawn]")
    tab_to(page, "a[data-to-table]")
    page.keyboard.press("Enter")
    region = page.locator("#chart-table .scroll")
    expect(region).to_be_focused()
    expect(page.locator("#chart-table")).to_have_attribute("open", "")
    outline = region.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"  # the focus is visible

    api = httpx.get(f"{live_server}/api/v1/charts/snapshot.json?{query}").json()
    by_share = sorted(api["table"]["rows"], key=lambda row: float(row[2].rstrip("%")))
    tab_to(page, "#chart-table th:nth-child(3) button")  # "Share"
    page.keyboard.press("Enter")
    header = page.locator("#chart-table thead th").nth(2)
    expect(header).to_have_attribute("aria-sort", "ascending")
    firsts = page.locator("#chart-table tbody th").all_text_contents()
    assert firsts[0] == by_share[0][0] and firsts[-1] == by_share[-1][0]
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    assert page.locator("#chart-table tbody th").first.text_content() == by_share[-1][0]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the first column: back to the table's own order
    order = [row[0] for row in api["table"]["rows"]]
    assert page.locator("#chart-table tbody th").all_text_contents() == order
