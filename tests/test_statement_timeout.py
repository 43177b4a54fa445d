"""The configured statement_timeout_ms, proven on PostgreSQL: a runaway query is cut off with
a 503 and Retry-After, and the pool gives good connections afterwards."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.db import SessionDep, get_engine
from app.main import create_app
from tests.conftest import Backend
from tests.helpers import forget_database, use_database


@pytest.fixture
def app_with_timeout(
    backend: Backend, fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    if backend.name != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    monkeypatch.setenv("STATEMENT_TIMEOUT_MS", "300")
    use_database(fresh_url, monkeypatch)
    app = create_app()

    @app.get("/api/v1/test-runaway")
    def runaway(session: SessionDep) -> dict[str, object]:
        session.execute(text("SELECT pg_sleep(5)"))  # what a pathological query would do
        return {"finished": True}

    with TestClient(app) as client:
        yield client
    forget_database()


def test_a_runaway_query_is_a_503_with_retry_after_and_the_pool_recovers(
    app_with_timeout: TestClient,
) -> None:
    client = app_with_timeout
    started = time.monotonic()
    # More at once than the pool holds (5 + 5 overflow): each is cut off at 300 ms.
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda _: client.get("/api/v1/test-runaway"), range(12)))
    took = time.monotonic() - started
    assert [a.status_code for a in answers] == [503] * 12
    assert {a.headers["retry-after"] for a in answers} == {"5"}
    assert answers[0].json() == {"error": "the database took too long to answer; try again shortly"}
    assert took < 4.5, f"cut off late: {took:.1f} s for 12 runaway queries"
    # Every connection went back to the pool, and the next requests are served by them.
    assert get_engine().pool.checkedout() == 0  # type: ignore[attr-defined]
    for offset in range(12):
        page = client.get(f"/api/v1/observations?source=canalys&limit=1&offset={offset}")
        assert page.status_code == 200 and len(page.json()["items"]) == 1
    assert client.get("/readyz").status_code == 200
