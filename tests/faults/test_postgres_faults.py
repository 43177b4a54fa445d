"""PostgreSQL restarts under load, and the app killed in the middle of publishing.

Short runs in `make test`; `pytest -m slow` repeats them 20 times (RELIABILITY R1, R3).
"""

from __future__ import annotations

import contextlib
import random
import threading
import time

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.accounts.service import create_token, create_user
from app.db import make_engine
from bench.servers import AppServer as Server
from tests.faults.conftest import Cluster

ROUNDS = {"quick": 1, "slow": 20}


def probe(base: str, stop: threading.Event, log: list[tuple[float, int, str | None]]) -> None:
    """Uncached reads (a new query each time) at a steady pace, every answer recorded."""
    with httpx.Client(timeout=10) as client:
        while not stop.is_set():
            url = f"{base}/api/v1/observations?source=canalys&limit=1&offset={random.randint(0, 10**6)}"
            try:
                response = client.get(url)
                log.append(
                    (time.monotonic(), response.status_code, response.headers.get("retry-after"))
                )
            except httpx.TransportError:
                log.append((time.monotonic(), 0, None))
            time.sleep(0.02)


@pytest.mark.parametrize(
    "rounds",
    [
        pytest.param(ROUNDS["quick"], id="quick"),
        pytest.param(ROUNDS["slow"], id="slow", marks=pytest.mark.slow),
    ],
)
def test_restart_under_load_gives_503_then_recovers(cluster: Cluster, rounds: int) -> None:
    server = Server(cluster.url).start()
    try:
        for _ in range(rounds):
            log: list[tuple[float, int, str | None]] = []
            stop = threading.Event()
            thread = threading.Thread(target=probe, args=(server.base, stop, log))
            thread.start()
            time.sleep(0.5)
            cluster.pg_ctl("restart", "-m", "fast")
            back_at = time.monotonic()
            time.sleep(3)
            stop.set()
            thread.join()
            statuses = {status for _, status, _ in log}
            assert statuses <= {200, 503}, statuses  # never a 500, never a dropped connection
            assert all(retry for _, status, retry in log if status == 503)
            later = [(t, s) for t, s, _ in log if t > back_at + 2]
            assert later and all(s == 200 for _, s in later)
            first_ok = min(t for t, s, _ in log if s == 200 and t > back_at)
            assert first_ok - back_at <= 2.0
    finally:
        server.stop()


def quarter_file(round_number: int) -> bytes:
    rows = ["source,market,category,quarter,vendor,shipments,share_pct"]
    for i, vendor in enumerate(("vivo", "Samsung", "Xiaomi", "OPPO", "realme")):
        rows.append(
            f"canalys,india,smartphones,2031Q1,{vendor},{1_000_000 * (5 - i) + round_number},{18 - 2 * i}"
        )
    return "\n".join(rows).encode()


def stored(url: str) -> list[int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        values = (
            connection.execute(
                text(
                    "SELECT shipments FROM observations WHERE period = 20311 AND valid_to IS NULL "
                    "ORDER BY shipments"
                )
            )
            .scalars()
            .all()
        )
    engine.dispose()
    return list(values)


@pytest.mark.parametrize(
    "rounds", [pytest.param(5, id="quick"), pytest.param(20, id="slow", marks=pytest.mark.slow)]
)
def test_killed_mid_publish_leaves_old_or_new_never_a_mix(cluster: Cluster, rounds: int) -> None:
    engine = make_engine(cluster.url)
    with Session(engine) as session, session.begin():
        user = create_user(session, f"robot{rounds}", "a long enough password")
        _, token = create_token(session, user, "faults")
    engine.dispose()
    headers = {"authorization": f"Bearer {token}"}
    server = Server(cluster.url, SHARETRACK_FAULT_PAUSE_BEFORE_COMMIT="0.8")
    try:
        for round_number in range(1, rounds + 1):
            before = stored(cluster.url)
            server.start()
            thread = threading.Thread(target=lambda n=round_number: _post(server.base, headers, n))
            thread.start()
            time.sleep(random.uniform(0.05, 0.7))  # somewhere inside the publish
            server.kill()
            thread.join()
            after = stored(cluster.url)
            assert after == before, f"round {round_number}: a killed publish left {after}"
        server.env.pop("SHARETRACK_FAULT_PAUSE_BEFORE_COMMIT")
        server.start()
        done = httpx.post(
            f"{server.base}/api/v1/imports",
            headers=headers,
            timeout=30,
            files={"file": ("q.csv", quarter_file(999))},
        )
        assert done.status_code == 201, done.text  # the lock of the dead publish is gone
        assert stored(cluster.url) == sorted(1_000_000 * (5 - i) + 999 for i in range(5))
    finally:
        server.stop()


def _post(base: str, headers: dict[str, str], round_number: int) -> None:
    with contextlib.suppress(httpx.TransportError):  # killed before it answered, as intended
        httpx.post(
            f"{base}/api/v1/imports",
            headers=headers,
            timeout=10,
            files={"file": ("q.csv", quarter_file(round_number))},
        )
