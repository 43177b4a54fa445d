"""The security headers of every class of response, in one table (RELIABILITY §2.3)."""

import pytest
from fastapi.testclient import TestClient

from tests.conftest import LoggedIn

PAGE = "frame-ancestors 'self'"
EMBED = "frame-ancestors *"

CLASSES = [
    # (what, url, frame-ancestors, X-Frame-Options, no-store)
    ("page", "/charts/rank", PAGE, "SAMEORIGIN", False),
    ("overview", "/", PAGE, "SAMEORIGIN", False),
    ("embed", "/embed/rank", EMBED, None, False),
    ("api", "/api/v1/charts/rank.json", PAGE, "SAMEORIGIN", False),
    ("static", "/static/app.css", PAGE, "SAMEORIGIN", False),
    ("not found", "/nowhere", PAGE, "SAMEORIGIN", False),
    ("login", "/admin/login", PAGE, "SAMEORIGIN", True),
]


@pytest.mark.parametrize(
    ("what", "url", "ancestors", "xfo", "no_store"), CLASSES, ids=[c[0] for c in CLASSES]
)
def test_header_matrix(
    client: TestClient, what: str, url: str, ancestors: str | None, xfo: str | None, no_store: bool
) -> None:
    headers = client.get(url).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers.get("x-frame-options") == xfo
    if ancestors:
        csp = headers["content-security-policy"]
        assert csp.endswith(ancestors)
        for directive in ("object-src 'none'", "base-uri 'none'", "script-src 'self';"):
            assert directive in csp
        assert "'unsafe-eval'" not in csp and "script-src 'self' 'unsafe-inline'" not in csp
    assert (headers.get("cache-control") == "no-store") is no_store


def test_admin_pages_are_never_cached(admin_client: LoggedIn) -> None:
    for url in ("/admin", "/admin/revisions", "/admin/tokens"):
        assert admin_client.get(url).headers["cache-control"] == "no-store"


def test_json_and_csv_say_their_charset(client: TestClient) -> None:
    assert client.get("/api/v1/observations").headers["content-type"] == "application/json"
    assert (
        client.get("/api/v1/observations.csv").headers["content-type"] == "text/csv; charset=utf-8"
    )


def test_hsts_only_over_https(client: TestClient, secure_client: TestClient) -> None:
    assert "strict-transport-security" not in client.get("/").headers
    assert (
        secure_client.get("/").headers["strict-transport-security"]
        == "max-age=31536000; includeSubDomains"
    )
