"""The response cache: a second request stores, random query strings cannot crowd it out."""

from __future__ import annotations

import brotli
from fastapi.testclient import TestClient

from app.cache import SEEN_KEPT, ResponseCache

CHART = "/api/v1/charts/rank.json?source=canalys"
BR = {"accept-encoding": "br"}


def _cache(client: TestClient) -> ResponseCache:
    stack = client.app.middleware_stack  # type: ignore[attr-defined]
    assert isinstance(stack, ResponseCache)
    return stack


def test_first_request_is_answered_in_full_and_the_second_is_stored(client: TestClient) -> None:
    first = client.get(CHART, headers=BR)
    cache = _cache(client)
    assert first.status_code == 200
    assert first.headers["content-encoding"] == "br" and "etag" in first.headers
    assert first.headers["cache-control"].startswith("public")
    assert cache.entries == {}  # asked once: remembered, not stored

    second = client.get(CHART, headers=BR)
    assert second.headers["etag"] == first.headers["etag"]
    assert second.content == first.content
    stored = list(cache.entries.values())
    assert len(stored) == 1 and set(stored[0].bodies) == {"identity", "gzip", "br"}
    # Stored bodies get the stronger compression: they are sent many times.
    identity = stored[0].bodies["identity"]
    assert brotli.decompress(stored[0].bodies["br"]) == identity
    assert len(stored[0].bodies["br"]) < len(brotli.compress(identity, quality=3))

    assert client.get(CHART, headers={"if-none-match": first.headers["etag"]}).status_code == 304


def test_random_query_strings_do_not_push_stored_pages_out(client: TestClient) -> None:
    for _ in range(2):
        client.get(CHART)
    cache = _cache(client)
    kept = dict(cache.entries)
    for n in range(50):
        response = client.get(f"{CHART}&nocache={n}")
        assert response.status_code == 200 and response.headers["etag"]
    assert dict(cache.entries) == kept
    assert len(cache.seen) == 50 <= SEEN_KEPT


def test_a_new_version_forgets_what_was_seen(client: TestClient) -> None:
    client.get(CHART)
    cache = _cache(client)
    assert [key[0] for key in cache.seen] == ["/api/v1/charts/rank.json"]
    cache.version = "older"  # as after a publish in another worker
    client.get("/api/v1/charts/share.json?source=canalys")
    assert [key[0] for key in cache.seen] == ["/api/v1/charts/share.json"]
