"""A new tracker's first file in a real browser: the admin creates the tracker as the
successor of another, uploads its figures with a category spelled as nobody spelled it
before, maps that spelling once, publishes, and the older tracker's chart goes on."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.conftest import ADMIN_PASSWORD

FIGURES = (
    "tracker,category,quarter,vendor,share_pct,source_url\n"
    "Acme Research,Smart Television,Q1 2026,Xiaomi,12,https://acme.example/tv-q1-2026\n"
    "Acme Research,Smart Television,Q1 2026,Samsung,11,https://acme.example/tv-q1-2026\n"
    "Acme Research,Smart Television,Q1 2026,LG,9,https://acme.example/tv-q1-2026\n"
)


def test_new_tracker_mapped_category_and_the_continued_series(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server}/admin/sources")
    page.fill("input[name=username]", "asha")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Trackers")

    page.fill("form[aria-labelledby=new] input[name=slug]", "acme")
    page.fill("form[aria-labelledby=new] input[name=name]", "Acme Research")
    page.select_option("form[aria-labelledby=new] select[name=predecessor]", "counterpoint")
    page.fill("form[aria-labelledby=new] input[name=successor_from]", "2026Q1")
    page.click("form[aria-labelledby=new] button[type=submit]")
    expect(page.locator("body")).to_contain_text("Acme Research")

    page.goto(f"{live_server}/admin/imports/new")
    figures = tmp_path / "acme-tv-q1-2026.csv"
    figures.write_text(FIGURES)
    page.set_input_files("input[type=file]", str(figures))
    page.click("form[enctype] button[type=submit]")
    expect(page.locator("h1")).to_have_text("Preview: acme-tv-q1-2026.csv")
    unknown = page.locator("#unknown").locator("..")
    expect(unknown).to_contain_text("Category “Smart Television” (3 rows: 2, 3, 4)")

    page.select_option("select[name='category:Smart Television']", "smart-tvs")
    page.click("text=Apply and preview again")
    expect(page.locator("#changes")).to_contain_text("What publishing will do: 3 new")
    expect(page.locator("body")).to_contain_text("“Smart Television” → smart-tvs")
    page.click("text=Publish as one revision")
    expect(page.locator("h1")).to_contain_text("Revision r")

    chart = httpx.get(
        f"{live_server}/api/v1/charts/share.json?source=counterpoint&category=smart-tvs"
    ).json()
    xiaomi = next(t for t in chart["figure"]["data"] if t["name"] == "Xiaomi")
    assert xiaomi["x"][-1] == "Q1 2026" and xiaomi["y"][-1] == 12.0
    latest = next(r for r in chart["data"] if r["vendor"] == "xiaomi" and r["quarter"] == "2026Q1")
    assert latest["source"] == "acme" and latest["share_url"] == ["https://acme.example/tv-q1-2026"]
    page.goto(f"{live_server}/charts/share?source=counterpoint&category=smart-tvs")
    expect(page.locator("body")).to_contain_text("Counterpoint (Acme Research from Q1 2026)")

    # The spelling is remembered: the next file with it needs no choice.
    again = httpx.get(f"{live_server}/api/v1/categories").json()["items"]
    smart_tvs = next(c for c in again if c["slug"] == "smart-tvs")
    assert "Smart Television" in smart_tvs["aliases"]
    assert errors == []
