"""theme=light|dark|auto on chart pages, embeds and pictures, and in their cache keys."""

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.charts import images
from app.charts.query import parse_chart_query
from app.themes import DARK_GROUND
from tests.conftest import REQUIRE_POSTGRES


def html_theme(page: str) -> str:
    found = re.search(r'<html lang="en" data-theme="(\w+)">', page)
    assert found, page[:200]
    return found.group(1)


def inlined_figure(page: str) -> dict:  # type: ignore[type-arg]
    found = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_pages_follow_the_reader_unless_told_and_embeds_default_to_light(
    client: TestClient,
) -> None:
    assert html_theme(client.get("/charts/rank").text) == "auto"
    assert html_theme(client.get("/charts/rank?theme=dark").text) == "dark"
    assert html_theme(client.get("/").text) == "auto"
    assert html_theme(client.get("/sources?theme=light").text) == "light"
    assert html_theme(client.get("/sources?theme=neon").text) == "auto"
    assert html_theme(client.get("/embed/rank").text) == "light"
    assert html_theme(client.get("/embed/rank?theme=dark").text) == "dark"
    assert html_theme(client.get("/embed/rank?theme=auto").text) == "auto"


def test_the_inlined_figure_carries_its_dark_colours(client: TestClient) -> None:
    figure = inlined_figure(client.get("/embed/rank?source=canalys&theme=dark").text)
    assert figure["layout"]["paper_bgcolor"] == "#fff"  # drawn light, mapped by draw.js
    assert figure["dark"]["#fff"] == DARK_GROUND
    assert figure["dark"]["#1428a0"] == "#6b7dec"  # Samsung, lightened for the dark ground


def test_an_unknown_theme_is_refused_with_the_choices(client: TestClient) -> None:
    response = client.get("/api/v1/charts/rank.json?theme=neon")
    assert response.status_code == 422
    assert response.json()["error"] == "'theme' must be one of light, dark, auto"


def test_the_theme_is_part_of_the_chart_state_and_its_addresses() -> None:
    q = parse_chart_query("rank", {"theme": "dark", "source": "canalys"})
    assert q.canonical() == "market=india&category=smartphones&source=canalys&theme=dark"
    assert "theme" not in parse_chart_query("rank", {}).canonical()  # default: no bytes change


def test_the_embed_code_offers_each_theme(client: TestClient) -> None:
    page = client.get("/charts/rank?source=canalys").text
    groups = dict(re.findall(r'data-embed-theme="(\w+)"( hidden)?', page))
    assert groups == {"light": "", "dark": " hidden", "auto": " hidden"}
    dark = page.split('data-embed-theme="dark"')[1].split("</div>")[0]
    assert (
        "/embed/rank?market=india&amp;amp;category=smartphones&amp;amp;source=canalys&amp;amp;theme=dark"
        in dark
    )
    assert "theme=dark&amp;amp;as_of=r" in dark  # the pinned one too
    light = page.split('data-embed-theme="light"')[1].split("</div>")[0]
    assert "theme=" not in light
    chosen = client.get("/charts/rank?source=canalys&theme=dark").text
    assert 'value="dark" checked' in chosen


@pytest.fixture
def image_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(images, "IMAGE_DIR", tmp_path)
    return tmp_path


def first_pixel(png: bytes) -> tuple[int, int, int]:
    """The top-left pixel of a PNG (the first pixel of a row is stored unfiltered)."""
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, data = 8, b""
    while at < len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        data += body if kind == b"IDAT" else b""
        at += 12 + length
    raw = zlib.decompress(data)
    return raw[1], raw[2], raw[3]


def test_a_dark_picture_is_drawn_dark_and_stored_apart(client: TestClient, image_dir: Path) -> None:
    if not Path("/usr/bin/chromium").exists() and not REQUIRE_POSTGRES:
        pytest.skip("kaleido needs Debian's chromium")
    light = client.get("/charts/rank.png?source=canalys&width=400&height=300")
    dark = client.get("/charts/rank.png?source=canalys&width=400&height=300&theme=dark")
    assert light.status_code == dark.status_code == 200
    assert first_pixel(light.content) == (255, 255, 255)
    assert first_pixel(dark.content) == (0x1B, 0x1F, 0x24)
    auto = client.get("/charts/rank.png?source=canalys&width=400&height=300&theme=auto")
    assert first_pixel(auto.content) == (255, 255, 255)  # a picture cannot ask the reader
    assert len(list(image_dir.iterdir())) == 3
