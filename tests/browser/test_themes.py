"""Themes in the browser: dark pages draw dark charts; auto follows the reader's setting,
also when it changes while the page is open."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page

DARK_GROUND = "rgb(27, 31, 36)"
WHITE = "rgb(255, 255, 255)"


def ground(page: Page, plot: str = "#chart") -> tuple[str, str]:
    """The plot's ground and the page's, as drawn."""
    page.wait_for_selector(f"{plot}[data-drawn]")
    plotted = page.locator(f"{plot} .main-svg").first.evaluate("e => e.style.background")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return plotted, body


def test_a_dark_embed_draws_on_the_dark_ground(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/embed/rank?source=canalys&theme=dark")
    plotted, body = ground(page)
    assert plotted == DARK_GROUND and body == DARK_GROUND
    samsung = page.locator("#chart .annotation-text", has_text=re.compile("^Samsung$"))
    assert samsung.evaluate("e => getComputedStyle(e).fill") == "rgb(107, 125, 236)"


def test_auto_follows_the_readers_setting_and_its_changes(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{live_server}/charts/share?source=canalys")
    plotted, body = ground(page)
    assert plotted == DARK_GROUND and body == "rgb(17, 20, 24)"
    page.emulate_media(color_scheme="light")
    for _ in range(50):  # the redraw follows the change event (no eval under the CSP)
        if page.locator("#chart .main-svg").first.evaluate("e => e.style.background") == WHITE:
            break
        page.wait_for_timeout(100)
    assert page.locator("#chart .main-svg").first.evaluate("e => e.style.background") == WHITE
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(251, 251, 250)"
    context.close()


def test_light_stays_light_on_a_dark_system(browser: Browser, live_server: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{live_server}/embed/rank")
    assert ground(page) == (WHITE, WHITE)
    context.close()


def test_the_embed_theme_choice_shows_its_code(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/charts/rank?source=canalys")
    dark = page.locator("[data-embed-theme=dark]")
    assert dark.is_hidden()
    page.check("input[name=embed-theme][value=dark]")
    assert dark.is_visible() and page.locator("[data-embed-theme=light]").is_hidden()
    assert "theme=dark" in dark.locator("textarea").first.input_value()
