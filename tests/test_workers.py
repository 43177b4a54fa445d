"""A publish reaches every worker within a second: two uvicorn workers, each with its own
response cache and memos, and a publish made by another process (the CLI)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench.servers import ROOT, AppServer
from tests.helpers import LONG_HEADER

CHART = "/api/v1/charts/snapshot.json?source=canalys&quarter=2025Q2"


def _leader_shares(base: str, count: int = 40) -> list[str]:
    """The leader's share as `count` requests see it, 8 at a time, each on a connection of its
    own, so that both workers answer some of them."""

    def one(_: int) -> str:
        return str(httpx.get(base + CHART).json()["table"]["rows"][0][2])

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(count)))


def test_a_publish_reaches_both_workers_within_a_second(fresh_url: str, tmp_path: Path) -> None:
    fix = tmp_path / "fix.csv"
    fix.write_text(f"{LONG_HEADER}\ncanalys,india,smartphones,2025Q2,vivo,8.2,21.5,1,,,,\n")
    with AppServer(fresh_url, workers=2) as server:
        # Enough requests that both workers have stored the chart (each stores on its second).
        assert set(_leader_shares(server.base)) == {"21.0%"}
        subprocess.run(
            [sys.executable, "-m", "app", "import", str(fix)],
            cwd=ROOT,
            env={**server.env},
            check=True,
            capture_output=True,
        )
        published = time.monotonic()
        time.sleep(1.0)
        after = _leader_shares(server.base)
        assert time.monotonic() - published < 3
    assert after == ["21.5%"] * 40, after


@pytest.mark.parametrize("path", [CHART, "/api/v1/observations?quarter=2022Q4"])
def test_a_burst_of_uncached_requests_is_served_without_exhausting_the_pool(
    fresh_url: str, path: str
) -> None:
    """200 distinct requests at once against one worker (10 pooled connections, 40 threads):
    every one is answered. Once, sessions closing (or endpoints starting) queued for a thread
    behind requests waiting for the connections they held, and most of a burst got 503."""

    async def burst(base: str) -> list[int]:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
            answers = await asyncio.gather(*(client.get(f"{path}&n={i}") for i in range(200)))
        return [answer.status_code for answer in answers]

    with AppServer(fresh_url) as server, ThreadPoolExecutor(1) as thread:
        statuses = thread.submit(asyncio.run, burst(server.base)).result()
    assert statuses == [200] * 200
