"""/charts/{id}.svg: the PNG's picture as vectors, same state, theme and size."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.charts import images
from tests.conftest import REQUIRE_POSTGRES


@pytest.fixture
def image_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not Path("/usr/bin/chromium").exists() and not REQUIRE_POSTGRES:
        pytest.skip("kaleido needs Debian's chromium")
    monkeypatch.setattr(images, "IMAGE_DIR", tmp_path)
    return tmp_path


def test_svg_is_the_chart_with_its_title_credit_and_theme(
    client: TestClient, image_dir: Path
) -> None:
    light = client.get("/charts/rank.svg?source=canalys&width=800&height=500")
    assert light.status_code == 200
    assert light.headers["content-type"] == "image/svg+xml"
    svg = light.text
    assert svg.startswith("<svg") and 'width="800" height="500"' in svg[:400]
    assert "Xiaomi fell to third in Q4 2022 as Samsung took first place" in svg
    assert "Source: Canalys (Omdia from Q3 2025) · sharetrack · data as of r" in svg
    assert ">Xiaomi</tspan>" in svg or ">Xiaomi<" in svg  # the names at the line ends
    assert "<script" not in svg
    assert 'style="fill: rgb(255, 255, 255)' in svg[:600]
    dark = client.get("/charts/rank.svg?source=canalys&width=800&height=500&theme=dark").text
    assert 'style="fill: rgb(27, 31, 36)' in dark[:600]
    assert sorted(p.suffix for p in image_dir.iterdir()) == [".svg", ".svg"]
    again = client.get("/charts/rank.svg?source=canalys&width=800&height=500")
    assert again.content == light.content  # read from its file


def test_svg_sizes_and_states_are_checked_like_the_pngs(client: TestClient) -> None:
    small = client.get("/charts/rank.svg?width=50")
    assert small.status_code == 422
    assert "width and height must be between 200 and 2400" in small.text
    unknown = client.get("/charts/rank.svg?vendors=nokiax")
    assert unknown.status_code == 404


def test_the_chart_page_links_its_svg_and_oembed_reads_svg_urls(client: TestClient) -> None:
    page = client.get("/charts/rank?source=canalys").text
    assert (
        'href="http://127.0.0.1:8000/charts/rank.svg?market=india&amp;category=smartphones&amp;source=canalys" download>SVG</a>'
        in page
    )
    url = "http://127.0.0.1:8000/charts/rank.svg?source=canalys"
    answer = client.get("/oembed", params={"url": url})
    assert answer.status_code == 200 and answer.json()["type"] == "rich"
