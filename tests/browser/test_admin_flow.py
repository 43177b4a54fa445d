"""An admin's whole upload in a real browser: log in, upload a press-release XLSX, read the
preview, publish, see the chart change, roll back."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.conftest import ADMIN_PASSWORD
from tests.helpers import xlsx_bytes

RELEASE = [
    ["Canalys India smartphone market pulse: Q3 2025 (preliminary)"],
    [],
    [
        "Vendor",
        "Q3 2025 shipments (million)",
        "Q3 2025 market share",
        "Q3 2024 shipments (million)",
        "Q3 2024 market share",
        "Annual growth",
    ],
    ["vivo", 9.7, "20%", 9.1, "19%", "6%"],
    ["Samsung", 6.8, "14%", 7.5, "16%", "-9%"],
    ["Xiaomi", 6.5, "13%", 8.7, "18%", "-25%"],
    ["Others", 25.4, "53%", 22.6, "47%", "12%"],
    ["Total", 48.4, "100%", 47.9, "100%", "1%"],
    ["Source: example release for the test"],
]


def test_upload_preview_publish_and_roll_back(page: Page, live_server: str, tmp_path: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    seeded = httpx.get(f"{live_server}/api/v1/revisions").json()["items"][0]["revision"]
    page.goto(f"{live_server}/admin/imports/new")
    expect(page.locator("h1")).to_have_text("Log in")
    page.fill("input[name=username]", "asha")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Upload quarterly figures")

    release = tmp_path / "canalys-q3-2025.xlsx"
    release.write_bytes(xlsx_bytes(RELEASE))
    page.set_input_files("input[type=file]", str(release))
    page.select_option("select[name=source]", "house")  # a tracker with no figures yet
    page.select_option("select[name=market]", "india")
    page.select_option("select[name=category]", "smartphones")
    page.click("form[enctype] button[type=submit]")

    expect(page.locator("h1")).to_have_text("Preview: canalys-q3-2025.xlsx")
    expect(page.locator(".how-read")).to_contain_text("press-release format")
    expect(page.locator("#changes")).to_contain_text(
        "What publishing will do: 10 new, 0 changed, 0 unchanged"
    )
    expect(page.locator("tr.new").first).to_contain_text("Q3 2024")

    page.click("text=Publish as one revision")
    expect(page.locator("h1")).to_contain_text("Revision r")
    expect(page.locator("h2").last).to_contain_text("10 figure sets written")

    chart = httpx.get(
        f"{live_server}/api/v1/charts/snapshot.json?source=house&quarter=2025Q3"
    ).json()
    assert chart["title"] == "vivo led Q3 2025 with 20.0% of shipments"

    page.goto(f"{live_server}/admin/revisions")
    page.click(f"a:text-is('r{seeded}')")
    page.click(f"text=Roll back to r{seeded}")
    expect(page.locator("h1")).to_contain_text("Revision r")
    expect(page.locator("body")).to_contain_text(f"Restored the data as of r{seeded}")
    gone = httpx.get(f"{live_server}/api/v1/charts/snapshot.json?source=house&quarter=2025Q3")
    assert gone.status_code == 404  # the tracker has no figures again
    assert errors == []
