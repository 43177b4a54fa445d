"""A publish reaches every worker: two uvicorn workers, each with its own
response cache and memos, and a publish made by another process (the CLI)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench.propagation import CHART, leader_shares, publish, seconds_until_served
from bench.servers import AppServer


def test_a_publish_reaches_both_workers(fresh_url: str, tmp_path: Path) -> None:
    """Both workers serve the new figure after a publish from another process. How soon
    (budget 1 s) is measured by `bench/propagation.py`, not here: a timed test fails when the
    machine is busy, not when the code is wrong."""
    with AppServer(fresh_url, workers=2) as server:
        # Enough requests that both workers have stored the chart (each stores on its second).
        assert set(leader_shares(server.base)) == {"21.0%"}
        publish(dict(server.env), "21.5", tmp_path)
        seconds_until_served(server.base, "21.5%")
        assert leader_shares(server.base) == ["21.5%"] * 40


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
