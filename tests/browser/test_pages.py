"""Pages in a real browser: they load clean, draw every chart, and controls drive the URL."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from app.charts.query import CHART_IDS


def open_page(page: Page, url: str) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector("[data-drawn]", timeout=15_000)
    return errors


@pytest.mark.parametrize(
    "path",
    ["/", "/quarters/2022Q4", "/vendors/xiaomi", *[f"/charts/{c}" for c in CHART_IDS]],
)
def test_page_loads_clean_and_draws(page: Page, live_server: str, path: str) -> None:
    errors = open_page(page, live_server + path)
    assert errors == []
    traces = page.locator(".plot .main-svg .trace")
    assert traces.count() >= 1


def test_sources_page_and_keyboard_navigation(page: Page, live_server: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server}/sources")
    expect(page.locator("h1")).to_have_text("Trackers and methodology")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(":focus")).to_have_text("Skip to content")
    assert errors == []


def test_rank_chart_draws_one_line_per_vendor(page: Page, live_server: str) -> None:
    open_page(page, f"{live_server}/charts/rank?source=canalys")
    expect(page.locator("h1")).to_have_text(
        "Xiaomi fell to third in Q4 2022 as Samsung took first place"
    )
    api = httpx.get(f"{live_server}/api/v1/charts/rank.json?source=canalys").json()
    names = sorted(t["name"] for t in api["figure"]["data"])
    assert page.locator("#chart .scatterlayer .trace").count() == len(names)
    drawn = page.locator("#chart .annotation-text").all_text_contents()
    assert set(names) <= set(drawn)  # each line named at its end


def test_changing_a_control_changes_the_url_and_the_chart(page: Page, live_server: str) -> None:
    open_page(page, f"{live_server}/charts/share")
    before = page.locator("h1").inner_text()
    page.select_option("select[name=source]", "counterpoint")
    page.wait_for_url("**/charts/share?*source=counterpoint*")
    page.wait_for_selector("[data-drawn]")
    assert "from=" not in page.url  # empty fields stay out of shared links
    assert (
        page.locator(".plot figcaption, figcaption")
        .first.inner_text()
        .startswith("Source: Counterpoint")
    )
    assert before  # the page had a title before the change
    page.select_option("select[data-chart-switch]", "rank")
    page.wait_for_url("**/charts/rank?*")
    assert "source=counterpoint" in page.url


def test_table_matches_the_api(page: Page, live_server: str) -> None:
    open_page(page, f"{live_server}/charts/snapshot?source=canalys&quarter=2022Q4")
    page.locator("details.data-table summary").click()
    rows = page.locator("details.data-table tbody tr")
    api = httpx.get(
        f"{live_server}/api/v1/charts/snapshot.json?source=canalys&quarter=2022Q4"
    ).json()
    assert rows.count() == len(api["table"]["rows"])
    for i, expected in enumerate(api["table"]["rows"]):
        cells = rows.nth(i).locator("th, td").all_inner_texts()
        assert [c.strip() for c in cells] == expected
    assert api["table"]["rows"][2][:3] == ["Xiaomi", "#3", "17.0%"]


@pytest.mark.parametrize("width", [320, 768, 1440])
def test_readable_without_horizontal_scroll(page: Page, live_server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, f"{live_server}/charts/rank")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    box = page.locator("#chart .main-svg").first.bounding_box()
    assert box is not None and box["width"] <= width


def test_screenshots(page: Page, live_server: str, screenshot_dir: Path) -> None:
    for name, path, width in [
        ("overview-1440", "/", 1440),
        ("overview-375", "/", 375),
        ("rank-1440", "/charts/rank", 1440),
        ("rank-375", "/charts/rank", 375),
        ("segments-1440", "/charts/segments?source=idc", 1440),
        ("segments-375", "/charts/segments?source=idc", 375),
        ("overview-hi-1440", "/?lang=hi", 1440),
        ("overview-hi-375", "/?lang=hi", 375),
    ]:
        page.set_viewport_size({"width": width, "height": 900})
        open_page(page, live_server + path)
        page.wait_for_timeout(200)
        target = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(target), full_page=name.startswith("overview"))
        assert target.stat().st_size > 10_000
