"""A chart page printed by Chromium (as PDF): the chart drawn light at the paper's width,
the data table and the citation; the page's controls left out. Read back with poppler."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import REQUIRE_POSTGRES

XIAOMI_ORANGE = (0xFF, 0x69, 0x00)


@pytest.fixture(scope="module")
def poppler() -> None:
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        if REQUIRE_POSTGRES:  # CI: .ci/run installs poppler-utils
            pytest.fail("pdftoppm/pdftotext missing; apt-get install poppler-utils")
        pytest.skip("apt-get install poppler-utils to read back printed pages")


def pixels(ppm: bytes) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of a binary PPM (P6) as pdftoppm writes it."""
    magic, width, height, depth, data = ppm.split(maxsplit=4)
    assert magic == b"P6" and depth == b"255"
    return int(width), int(height), data


def near(data: bytes, colour: tuple[int, int, int], within: int = 40) -> int:
    return sum(
        1
        for i in range(0, len(data), 3)
        if all(abs(data[i + c] - colour[c]) <= within for c in range(3))
    )


def test_screenshots_a_dark_chart_page_prints_light_with_chart_table_and_citation(
    page: Page, live_server: str, poppler: None, tmp_path: Path, screenshot_dir: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/charts/rank?source=canalys&theme=dark")
    page.wait_for_selector("[data-drawn]")
    pdf = tmp_path / "rank.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Xiaomi fell to third in Q4 2022 as Samsung took first place" in text
    assert "The data as a table" in text and "Q4 2022" in text
    assert "Cite this chart" in text
    assert "Canalys (Omdia from Q3 2025) via sharetrack." in text
    assert "Use this chart" not in text and "Show its history" not in text  # no controls

    first = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(first)],
        check=True,
    )
    width, height, data = pixels((tmp_path / "page.ppm").read_bytes())
    assert data[:3] == b"\xff\xff\xff"  # light paper, though the page was dark
    assert near(data, (0x1B, 0x1F, 0x24), within=6) < width * height // 100  # no dark ground
    assert near(data, XIAOMI_ORANGE) > 200  # Xiaomi's line is drawn: the chart is not blank
    # The chart fits the paper: Xiaomi's orange reaches the right half of the page.
    right = [
        i
        for i in range(0, len(data), 3)
        if (i // 3) % width > width // 2 and near(data[i : i + 3], XIAOMI_ORANGE) == 1
    ]
    assert right
    picture = screenshot_dir / "printed-rank-page"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(picture),
        ],
        check=True,
    )
