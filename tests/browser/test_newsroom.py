"""The embed code as newsrooms paste it, on stand-in pages of another origin: a dark news
page with the dark embed, and an AMP page whose amp-iframe is stood in for by a few lines
doing what AMP's runtime does (no CDN here): frame the src, show the placeholder picture,
resize on the embed's `embed-size` message."""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page

from bench.servers import free_port

# What <amp-iframe resizable> does with the markup, reduced to the part under test.
AMP_STAND_IN = """<script>
window.ampMessages = [];
document.querySelectorAll("amp-iframe").forEach(function (amp) {
  var frame = document.createElement("iframe");
  frame.src = amp.getAttribute("src");
  frame.title = amp.getAttribute("title");
  frame.setAttribute("sandbox", amp.getAttribute("sandbox"));
  frame.style.cssText = "border:0;width:100%;height:" + amp.getAttribute("height") + "px";
  var placeholder = amp.querySelector("amp-img[placeholder]");
  var img = document.createElement("img");
  img.src = placeholder.getAttribute("src");
  img.alt = placeholder.getAttribute("alt");
  img.id = "placeholder";
  img.style.width = "100%";
  amp.querySelector("[overflow]").hidden = true;  // AMP shows it only if a resize is refused
  amp.append(img, frame);
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== frame.contentWindow || !data || data.sentinel !== "amp") return;
    if (data.type !== "embed-size") return;
    window.ampMessages.push(data);
    frame.style.height = data.height + "px";
  });
  frame.addEventListener("load", function () { img.hidden = true; });
});
</script>"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Callable[[str, str], str]]:
    """Serves pages from another port (another origin); returns a page's address."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", free_port()), partial(QuietHandler, directory=str(tmp_path))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def publish(name: str, body: str) -> str:
        (tmp_path / name).write_text(body)
        return f"http://127.0.0.1:{server.server_port}/{name}"

    yield publish
    server.shutdown()


def snippet(live_server: str, theme: str, kind: str) -> str:
    """The embed code of a theme, as 'Use this chart' offers it (kind: 0 live, 2 AMP)."""
    page = httpx.get(f"{live_server}/charts/rank?source=canalys").text
    group = page.split(f'data-embed-theme="{theme}"')[1].split("</div>")[0]
    areas = [part.split("</textarea>")[0] for part in group.split("data-copy>")[1:]]
    return html.unescape(areas[{"live": 0, "amp": 2}[kind]])


def test_screenshots_dark_embed_on_a_dark_news_page(
    page: Page, live_server: str, host: Callable[[str, str], str], screenshot_dir: Path
) -> None:
    code = snippet(live_server, "dark", "live")
    assert "theme=dark" in code and "embed.js" in code
    url = host(
        "dark.html",
        '<!doctype html><html><head><meta charset="utf-8"><title>Night desk</title></head>'
        '<body style="background:#121417;color:#e8e8e8;font:17px Georgia,serif;'
        'max-width:760px;margin:auto;padding:1rem">'
        "<h1>Xiaomi's long slide</h1><p>Five years of India's phone market, ranked.</p>"
        f"{code}<p>Samsung took the lead in the last quarter of 2022.</p></body></html>",
    )
    page.set_viewport_size({"width": 800, "height": 800})
    page.goto(url)
    frame = page.frame_locator("iframe[data-sharetrack-embed]")
    frame.locator("[data-drawn]").wait_for(timeout=15_000)
    ground = frame.locator("#chart .main-svg").first.evaluate("e => e.style.background")
    assert ground == "rgb(27, 31, 36)"
    assert frame.locator("body").evaluate("e => getComputedStyle(e).color") == "rgb(230, 232, 235)"
    page.wait_for_timeout(300)  # embed.js has resized the frame
    page.screenshot(path=str(screenshot_dir / "embed-dark-news-page.png"), full_page=True)


def test_screenshots_amp_iframe_resizes_on_embed_size(
    page: Page, live_server: str, host: Callable[[str, str], str], screenshot_dir: Path
) -> None:
    code = snippet(live_server, "light", "amp")
    assert "<amp-iframe " in code and " resizable " in code and 'layout="responsive"' in code
    assert 'custom-element="amp-iframe"' in code  # says which component script the page needs
    assert '<div overflow tabindex="0" role="button"' in code
    picture = (
        f"{live_server}/charts/rank.png?market=india&amp;category=smartphones&amp;source=canalys"
    )
    assert f'<amp-img placeholder layout="fill" src="{picture}"' in code
    url = host(
        "amp.html",
        '<!doctype html><html amp lang="en"><head><meta charset="utf-8"><title>AMP story</title>'
        '</head><body style="max-width:640px;margin:auto;font:16px sans-serif">'
        f"<h1>Xiaomi slips (AMP)</h1>{code}<p>The end.</p>{AMP_STAND_IN}</body></html>",
    )
    page.set_viewport_size({"width": 680, "height": 900})
    page.goto(url)
    assert page.locator("#placeholder").get_attribute("src") == html.unescape(picture)
    frame = page.frame_locator("amp-iframe iframe")
    frame.locator("[data-drawn]").wait_for(timeout=15_000)
    for _ in range(50):
        if page.evaluate("window.ampMessages.length"):
            break
        page.wait_for_timeout(100)
    message = page.evaluate("window.ampMessages[window.ampMessages.length - 1]")
    assert message["sentinel"] == "amp" and message["type"] == "embed-size"
    inner = frame.locator("main").evaluate(
        "el => Math.ceil(document.documentElement.getBoundingClientRect().height)"
    )
    assert message["height"] == inner
    box = page.locator("amp-iframe iframe").bounding_box()
    assert box is not None and abs(box["height"] - inner) <= 1  # resized: from 460 to the chart
    assert inner != 460
    assert page.locator("#placeholder").is_hidden()  # the picture gave way to the chart
    page.screenshot(path=str(screenshot_dir / "amp-stand-in.png"), full_page=True)
