"""Chart images with kaleido: rendered once per chart state and revision."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.charts import images as service
from tests.conftest import REQUIRE_POSTGRES

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def image_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(service, "IMAGE_DIR", tmp_path)
    return tmp_path


def test_png_social_card_rendered_once(client: TestClient, image_dir: Path) -> None:
    if not CHROMIUM.exists() and not REQUIRE_POSTGRES:  # CI installs chromium; laptops may not
        pytest.skip("kaleido needs Debian's chromium")
    first = client.get("/charts/rank.png?source=canalys")
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    assert first.content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = (
        int.from_bytes(first.content[16:20], "big"),
        int.from_bytes(first.content[20:24], "big"),
    )
    assert (width, height) == (1200, 630)
    (cached,) = image_dir.iterdir()
    assert cached.read_bytes() == first.content
    small = client.get("/charts/rank.png?source=canalys&width=600&height=400")
    assert int.from_bytes(small.content[16:20], "big") == 600
    assert len(list(image_dir.iterdir())) == 2
