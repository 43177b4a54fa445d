"""An admin adds a tracker in a real browser: a refused quarter comes back beside its field
with everything typed kept, the fixed form saves, a dated note lands on /sources."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import ADMIN_PASSWORD


def log_in(page: Page, live_server: str, path: str) -> None:
    page.goto(f"{live_server}{path}")
    page.fill("input[name=username]", "asha")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")


def test_add_a_tracker_with_a_predecessor_and_a_note(
    page: Page, live_server: str, screenshot_dir: Path
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, live_server, "/admin/sources")
    expect(page.locator("h1")).to_have_text("Trackers")
    expect(page.locator("tr", has_text="Omdia")).to_contain_text("continues Canalys from Q3 2025")

    form = page.locator("form[action='/admin/sources#new']")
    form.locator("input[name=slug]").fill("bharat-insights")
    form.locator("input[name=name]").fill("Bharat Insights")
    form.locator("textarea[name=methodology]").fill("Sell-out, from a retail panel.")
    form.locator("textarea[name=aliases]").fill("BI\nBharat Insights Pvt Ltd")
    form.locator("select[name=predecessor]").select_option("techarc")
    form.locator("input[name=successor_from]").fill("2026")
    form.locator("button[type=submit]").click()

    problem = page.locator("#successor_from-error")
    expect(problem).to_have_text(
        "Not saved: successor_from '2026' is a year; give a quarter, e.g. 2026Q3"
    )
    expect(page.locator("input[name=successor_from]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=name]")).to_have_value("Bharat Insights")
    expect(page.locator("textarea[name=aliases]")).to_have_value("BI\nBharat Insights Pvt Ltd")
    expect(page.locator("select[name=predecessor]")).to_have_value("techarc")
    page.screenshot(path=str(screenshot_dir / "admin-sources-refused.png"), full_page=True)

    page.fill("input[name=successor_from]", "2026Q1")
    page.click("form[action='/admin/sources#new'] button[type=submit]")
    expect(page.locator("h1")).to_have_text("Edit Bharat Insights")
    expect(page.locator("p.muted").first).to_contain_text("continues techARC from Q1 2026")

    page.fill("textarea[name=text]", "Counts online sales only until 2026Q2")
    page.fill("input[name=from_period]", "2026Q1")
    page.fill("input[name=to_period]", "2026Q2")
    page.click("form[action$='/notes#new-note'] button[type=submit]")
    expect(page.locator("table")).to_contain_text("Q1 2026–Q2 2026")
    page.screenshot(path=str(screenshot_dir / "admin-source-edit.png"), full_page=True)

    page.goto(f"{live_server}/sources")
    tracker = page.locator("#tracker-bharat-insights + dd")
    expect(tracker).to_contain_text("Continues techARC from Q1 2026")
    expect(tracker).to_contain_text("Q1 2026–Q2 2026: Counts online sales only until 2026Q2")
    expect(tracker).to_contain_text("Also written: Bharat Insights Pvt Ltd, BI")
    assert errors == []
