"""Embeds, oEmbed, images and HTTP caching (SQLite and PostgreSQL)."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.imports import service as imports
from app.revisions import service as revisions
from app.revisions.store import latest_revision_id
from tests.conftest import LoggedIn
from tests.helpers import LONG_HEADER, csv_bytes

BASE = "http://127.0.0.1:8000"


def figure_json(page: str) -> str:
    found = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', page, re.S)
    assert found is not None
    return found.group(1)


def test_embed_is_the_chart_alone_credited_and_framable(client: TestClient) -> None:
    response = client.get("/embed/rank?source=canalys")
    assert response.status_code == 200
    assert "<h1>Xiaomi fell to third in Q4 2022 as Samsung took first place</h1>" in response.text
    assert "Source: Canalys (Omdia from Q3 2025) · sharetrack · data as of r" in response.text
    assert (
        f'href="{BASE}/charts/rank?market=india&amp;category=smartphones&amp;source=canalys"'
        in response.text
    )
    assert response.headers["content-security-policy"].endswith("frame-ancestors *")
    assert "'unsafe-eval'" not in response.headers["content-security-policy"]
    assert "x-frame-options" not in response.headers
    assert response.headers["cache-control"] == (
        "public, max-age=300, s-maxage=300, stale-while-revalidate=86400"
    )
    assert len(re.findall(r"<script src=", response.text)) == 2  # plotly basic + the drawing code
    assert "plotly-basic-4.1.1." in response.text


def test_embed_ignores_an_admin_session(admin_client: LoggedIn) -> None:
    response = admin_client.get("/embed/share")
    assert "set-cookie" not in response.headers
    assert "csrf_token" not in response.text and "Log out" not in response.text


def test_other_pages_may_not_be_framed_elsewhere(client: TestClient) -> None:
    page = client.get("/charts/rank")
    assert page.headers["content-security-policy"].endswith("frame-ancestors 'self'")
    assert page.headers["x-frame-options"] == "SAMEORIGIN"


def test_etag_and_304_on_data_responses(client: TestClient) -> None:
    for url in ("/api/v1/charts/rank.json", "/embed/rank", "/charts/rank", "/api/v1/observations"):
        first = client.get(url)
        etag = first.headers["etag"]
        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 304 and again.content == b"", url
        assert again.headers["etag"] == etag


def test_compressed_variants(client: TestClient) -> None:
    plain = client.get("/api/v1/charts/rank.json", headers={"accept-encoding": "identity"})
    gzipped = client.get("/api/v1/charts/rank.json", headers={"accept-encoding": "gzip"})
    brotli = client.get("/api/v1/charts/rank.json", headers={"accept-encoding": "br, gzip"})
    assert "content-encoding" not in plain.headers
    assert (
        gzipped.headers["content-encoding"] == "gzip" and brotli.headers["content-encoding"] == "br"
    )
    assert plain.content == gzipped.content == brotli.content  # httpx decodes both
    assert plain.headers["etag"] == brotli.headers["etag"]


def test_a_publish_reaches_cached_charts(db: Session, client: TestClient) -> None:
    url = "/api/v1/charts/snapshot.json?source=canalys&quarter=2025Q2"
    before = client.get(url).json()
    assert before["table"]["rows"][0][:3] == ["vivo", "#1", "21.0%"]
    imports.publish(
        db,
        csv_bytes(LONG_HEADER, "canalys,india,smartphones,2025Q2,vivo,8.2,21.5,1,,,,"),
        "fix.csv",
    )
    after = client.get(url).json()
    assert after["table"]["rows"][0][:3] == ["vivo", "#1", "21.5%"]


def test_pinned_embed_never_changes_and_says_when_figures_were_revised(
    db: Session, client: TestClient
) -> None:
    pinned_to = latest_revision_id(db)
    url = f"/embed/rank?source=canalys&as_of=r{pinned_to}"
    first = client.get(url)
    assert first.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "Figures revised since" not in first.text
    _, revision = imports.publish(
        db,
        csv_bytes(LONG_HEADER, "canalys,india,smartphones,2022Q4,Xiaomi,5.6,17,3,,,,"),
        "rev.csv",
    )
    assert revision is not None
    revisions.rollback(db, pinned_to)
    imports.publish(
        db,
        csv_bytes(LONG_HEADER, "canalys,india,smartphones,2022Q4,Xiaomi,5.7,17,3,,,,"),
        "rev2.csv",
    )
    later = client.get(url)
    assert figure_json(later.text) == figure_json(first.text)  # byte-identical
    assert "Figures revised since r" in later.text
    assert (
        'href="http://127.0.0.1:8000/charts/rank?market=india&amp;category=smartphones&amp;source=canalys"'
        in later.text
    )


def test_pinned_embed_without_changed_figures_has_no_note(db: Session, client: TestClient) -> None:
    pinned_to = latest_revision_id(db)
    imports.publish(
        db, csv_bytes(LONG_HEADER, "canalys,india,smartphones,2030Q1,Xiaomi,5.6,17,,,,,"), "far.csv"
    )
    page = client.get(f"/embed/rank?source=canalys&to=2025Q2&as_of=r{pinned_to}")
    assert "Figures revised since" not in page.text


def test_oembed(client: TestClient) -> None:
    ok = client.get(
        "/oembed", params={"url": f"{BASE}/charts/rank?source=canalys", "format": "json"}
    )
    body = ok.json()
    assert (body["version"], body["type"], body["provider_name"]) == ("1.0", "rich", "sharetrack")
    assert body["html"].startswith(
        f'<iframe src="{BASE}/embed/rank?market=india&amp;category=smartphones&amp;source=canalys"'
    )
    assert body["title"] == "Xiaomi fell to third in Q4 2022 as Samsung took first place"
    assert client.get("/oembed", params={"url": f"{BASE}/embed/share"}).status_code == 200
    assert (
        client.get("/oembed", params={"url": "https://evil.example/charts/rank"}).status_code == 404
    )
    assert client.get("/oembed", params={"url": f"{BASE}/admin"}).status_code == 404
    assert (
        client.get("/oembed", params={"url": f"{BASE}/charts/rank", "format": "xml"}).status_code
        == 501
    )
    page = client.get("/charts/rank").text
    assert '<link rel="alternate" type="application/json+oembed"' in page


def test_chart_page_offers_embed_snippets_and_social_card(client: TestClient) -> None:
    page = client.get("/charts/rank?source=canalys").text
    assert '<meta property="og:image" content="http://127.0.0.1:8000/charts/rank.png?' in page
    assert "&lt;iframe src=&#34;http://127.0.0.1:8000/embed/rank?" in page
    assert "&lt;img src=&#34;http://127.0.0.1:8000/charts/rank.png?" in page  # the fallback picture
    assert "as_of=r" in page and "/embed.js" in page


@pytest.mark.parametrize(("query", "status"), [("width=100", 422), ("width=5000&height=600", 422)])
def test_image_size_bounds(client: TestClient, query: str, status: int) -> None:
    assert client.get(f"/charts/rank.png?{query}").status_code == status


def test_static_assets_are_hashed_immutable_and_precompressed(client: TestClient) -> None:
    page = client.get("/embed/rank").text
    src = re.search(r'src="(/static/vendor/plotly-basic-4\.1\.1\.min\.[0-9a-f]{10}\.js)"', page)
    assert src is not None
    bundle = client.get(src.group(1), headers={"accept-encoding": "gzip"})
    assert bundle.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert bundle.headers["content-encoding"] == "gzip"
    assert int(bundle.headers["content-length"]) < 400 * 1024
    assert client.get("/static/app.css").headers["cache-control"] == "public, max-age=300"
    assert client.get("/static/nope.js").status_code == 404
