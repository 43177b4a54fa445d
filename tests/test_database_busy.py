"""Every pooled connection busy is a 503 with Retry-After, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient
from sqlalchemy.exc import TimeoutError as PoolTimeout

from app.db import get_session
from app.main import create_app


def _pool_exhausted() -> Iterator[None]:
    raise PoolTimeout("QueuePool limit of size 5 overflow 5 reached, connection timed out")
    yield  # pragma: no cover


def test_pool_exhaustion_is_a_503_with_retry_after() -> None:
    app = create_app()
    app.dependency_overrides[get_session] = _pool_exhausted
    app.state.version_clock = None  # the cache stands aside: every request reaches the app
    with TestClient(app, raise_server_exceptions=False) as client:
        api = client.get("/api/v1/charts/rank.json")
        page = client.get("/charts/rank", headers={"accept": "text/html"})
    assert api.status_code == 503 and api.headers["retry-after"] == "5"
    assert api.json() == {"error": "the database is unavailable; try again shortly"}
    assert page.status_code == 503 and "try again shortly" in page.text
