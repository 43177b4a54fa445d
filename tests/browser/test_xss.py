"""Hostile text as vendor names and event titles, drawn in a real browser: nothing runs.

Each payload sets window.__x if it ever executes. They are checked on the chart page, the
embed, the Plotly legend, axis and hover labels, the vendor and quarter pages and the admin.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from playwright.sync_api import Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.service import create_user
from app.db import make_engine
from app.imports import service as imports
from app.models import Event, Vendor
from bench.servers import AppServer
from tests.conftest import ADMIN_PASSWORD, build_database

PAYLOADS = [
    "<script>window.__x=1</script>",
    '"><img src=x onerror=window.__x=1>',
    "</script><script>window.__x=1</script>",
    '<a href="javascript:window.__x=1">click</a>',
    '<a href="https://evil.example">Samsung</a>',
    "<b>bold</b>",
    "<img src=x onerror=window.__x=1>",
    "<svg onload=window.__x=1>",
    "{{7*7}}",
    "<iframe src=javascript:window.__x=1>",
    "'><script>window.__x=1</script>",
    "<body onload=window.__x=1>",
    "<details open ontoggle=window.__x=1>",
    '<math><mi xlink:href="javascript:window.__x=1">x</mi></math>',
    '<span style="background:url(javascript:window.__x=1)">s</span>',
    "javascript:window.__x=1",
    "<sub>x</sub><sup>y</sup>",
    "<br>newline",
    "&lt;script&gt;window.__x=1&lt;/script&gt;",
    "<input autofocus onfocus=window.__x=1>",
    "${window.__x=1}",
    "<marquee onstart=window.__x=1>",
]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('xss') / 'xss.db'}"
    build_database(url)
    engine = make_engine(url)
    lines = ["source,market,category,quarter,vendor,shipments,share_pct"]
    for i, payload in enumerate(PAYLOADS):
        quoted = '"' + payload.replace('"', '""') + '"'
        lines.append(f"canalys,india,smartphones,2025Q3,{quoted},{100_000 + i},1.{i % 10}")
    with Session(engine) as session, session.begin():
        create_user(session, "asha", ADMIN_PASSWORD)
        imports.publish(session, "\n".join(lines).encode(), "hostile.csv", create={"vendor"})
        slugs = [
            session.scalar(select(Vendor.slug).where(Vendor.name == p)) or "" for p in PAYLOADS
        ]
        for payload, slug in zip(PAYLOADS, slugs, strict=True):
            vendor_id = session.scalar(select(Vendor.id).where(Vendor.slug == slug))
            session.add(
                Event(
                    happened_on=date(2025, 8, 1),
                    period=20253,
                    vendor_id=vendor_id,
                    title=payload[:120],
                    body=payload,
                    source_url="https://example.org/e",
                )
            )
    engine.dispose()
    with AppServer(url) as server:
        yield server.base, [s for s in slugs if s]


def visit(page: Page, url: str, violations: list[str]) -> None:
    page.goto(url)
    if page.locator("[data-figure]").count():
        page.wait_for_selector("[data-drawn]", timeout=15_000)
    # Hover every bar and point: Plotly draws hover labels from the same text.
    for box in [b.bounding_box() for b in page.locator(".main-svg .point").all()[:40]]:
        if box:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.evaluate("window.__x") is None, url
    assert page.locator(".legend a, .hoverlayer a, .xtick a, .ytick a, .annotation a").count() == 0
    assert violations == [], violations


@pytest.fixture
def violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: (
            found.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: found.append(str(e)))
    return found


def test_public_pages_and_embeds(
    page: Page, hostile_server: tuple[str, list[str]], violations: list[str]
) -> None:
    base, slugs = hostile_server
    some = ",".join(slugs[:10])
    for url in (
        f"{base}/charts/snapshot?source=canalys&quarter=2025Q3",
        f"{base}/embed/snapshot?source=canalys&quarter=2025Q3",
        f"{base}/charts/share?source=canalys&from=2024Q3&vendors={some}",
        f"{base}/embed/share?source=canalys&from=2024Q3&vendors={some}",
        *[f"{base}/vendors/{slug}" for slug in slugs[:6]],
        f"{base}/quarters/2025Q3",
    ):
        visit(page, url, violations)
    text = page.locator("body").inner_text()
    assert "<script>window.__x=1</script>" in text  # shown as text, literally


def test_admin_pages(
    page: Page, hostile_server: tuple[str, list[str]], violations: list[str]
) -> None:
    base, _ = hostile_server
    page.goto(f"{base}/admin/login")
    page.fill("input[name=username]", "asha")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    for url in ("/admin/vendors", "/admin/events", "/admin/revisions/3", "/admin/audit"):
        visit(page, base + url, violations)


def test_payloads_are_byte_identical_in_json(hostile_server: tuple[str, list[str]]) -> None:
    base, _ = hostile_server
    names = {v["name"] for v in httpx.get(f"{base}/api/v1/vendors").json()["items"]}
    assert set(PAYLOADS) <= names  # JSON keeps the text as given; escaping is per context
