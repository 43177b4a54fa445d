"""An embed on another site: a news page on a second origin frames /embed/rank with embed.js."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page

from bench.servers import free_port


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def news_site(live_server: str, tmp_path: Path) -> Iterator[str]:
    """A plain HTML article served from another port: another origin, as a newsroom would be."""
    (tmp_path / "article.html").write_text(f"""<!doctype html><html><head><meta charset="utf-8">
<title>Who sells India's phones</title></head><body style="max-width:720px;margin:auto">
<h1>Xiaomi slips</h1><p>Our story, with the chart:</p>
<iframe src="{live_server}/embed/rank?source=canalys" title="Rank chart" width="100%" height="200"
  style="border:0" data-sharetrack-embed></iframe>
<script src="{live_server}/embed.js" async></script><p>The end.</p></body></html>""")
    port = free_port()
    handler = partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/article.html"
    server.shutdown()


def test_embed_on_a_news_page(
    page: Page, live_server: str, news_site: str, screenshot_dir: Path
) -> None:
    errors: list[str] = []  # ours only: the news site's own missing favicon is not our bug
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and m.location.get("url", "").startswith(live_server)
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": 760, "height": 900})
    page.goto(news_site)
    frame = page.frame_locator("iframe[data-sharetrack-embed]")
    frame.locator("[data-drawn]").wait_for(timeout=15_000)
    assert frame.locator(".scatterlayer .trace").count() == 5
    credit = frame.locator(".credit a")
    assert (
        credit.get_attribute("href")
        == f"{live_server}/charts/rank?market=india&category=smartphones&source=canalys"
    )
    page.wait_for_function(
        "document.querySelector('iframe[data-sharetrack-embed]').getBoundingClientRect().height > 300"
    )
    height = page.evaluate(
        "document.querySelector('iframe[data-sharetrack-embed]').getBoundingClientRect().height"
    )
    inner = frame.locator("main").evaluate(
        "el => document.documentElement.getBoundingClientRect().height"
    )
    assert abs(height - inner) <= 2  # resized to its content, no scrollbar, no gap
    assert errors == []
    page.locator("iframe[data-sharetrack-embed]").screenshot(path=str(screenshot_dir / "embed.png"))


def test_admin_pages_refuse_to_be_framed(page: Page, live_server: str, tmp_path: Path) -> None:
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    (tmp_path / "frame.html").write_text(
        f'<iframe src="{live_server}/admin/login" id="f"></iframe>'
    )
    page.goto((tmp_path / "frame.html").as_uri())
    page.wait_for_timeout(1000)
    assert blocked, "the browser should report the frame-ancestors refusal"


@pytest.mark.parametrize("width", [280, 480, 1200])
def test_embed_fits_any_column_width(page: Page, live_server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(f"{live_server}/embed/share?source=canalys")
    page.wait_for_selector("[data-drawn]", timeout=15_000)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    box = page.locator("#chart .main-svg").first.bounding_box()
    assert box is not None and box["width"] <= width
    assert page.locator(".credit a").is_visible()
