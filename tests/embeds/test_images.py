"""Chart images with kaleido: rendered once per chart state and revision."""

import subprocess
from collections.abc import Iterator
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


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB file system of its own (tmpfs), to fill up or make read-only."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if mounted.returncode != 0:
        if REQUIRE_POSTGRES:
            pytest.fail(
                f"mounting a tmpfs failed (the tests run as root in CI): {mounted.stderr!r}"
            )
        pytest.skip("needs root to mount a small file system")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_full_or_read_only_cache_still_serves_the_picture(
    client: TestClient,
    small_disk: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    if not CHROMIUM.exists() and not REQUIRE_POSTGRES:
        pytest.skip("kaleido needs Debian's chromium")
    if fault == "full":
        (small_disk / "filler").write_bytes(b"\0" * 60 * 1024)
        with pytest.raises(OSError, match="No space left"):  # a picture would not fit
            (small_disk / "probe").write_bytes(b"\0" * 8 * 1024)
    else:
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    monkeypatch.setattr(service, "IMAGE_DIR", small_disk / "images")
    for _ in range(2):  # rendered each time: nothing could be kept
        picture = client.get("/charts/rank.png?source=canalys&width=600&height=400")
        assert picture.status_code == 200 and picture.content[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(picture.content[16:20], "big") == 600
    assert "chart image not cached" in caplog.text
    assert not list(small_disk.glob("images/*.tmp"))  # no half-written leftovers
    page = client.get("/charts/rank?source=canalys")
    assert page.status_code == 200 and "Xiaomi" in page.text
