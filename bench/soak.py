"""Sustained load on the public pages, chart JSON and embeds: errors, latency and memory.

Starts the app on the sample data (uvicorn, one worker), drives it from 32 concurrent
connections for a bounded time, and reports requests, errors, p50/p95/p99 and the server's
memory growth. `make soak` runs 10 minutes; CI runs 60 s and asserts 0 errors.

    python -m bench.soak [--seconds 600] [--connections 32] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.servers import AppServer, sample_database

ROOT = Path(__file__).resolve().parent.parent
PATHS = [
    "/",
    "/charts/rank",
    "/charts/share?mode=area100",
    "/charts/snapshot?quarter=2022Q4",
    "/api/v1/charts/rank.json",
    "/api/v1/charts/share.json?by=group",
    "/embed/rank",
    "/embed/share?source=counterpoint",
    "/api/v1/observations?quarter=2022Q4",
    "/quarters/2022Q4",
    "/vendors/xiaomi",
]


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    rss_start_kib: int = 0
    rss_end_kib: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000 if ordered else 0.0


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def drive(base: str, seconds: float, connections: int, result: Result) -> None:
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as client:

        async def worker() -> None:
            while time.monotonic() < deadline:
                path = random.choice(PATHS)
                started = time.perf_counter()
                try:
                    response = await client.get(path, headers={"accept-encoding": "gzip, br"})
                except httpx.TransportError as error:
                    key = type(error).__name__
                    result.errors[key] = result.errors.get(key, 0) + 1
                    continue
                if response.status_code >= 400:
                    key = f"HTTP {response.status_code} {path}"
                    result.errors[key] = result.errors.get(key, 0) + 1
                else:
                    result.latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(worker() for _ in range(connections)))


def run(seconds: float, connections: int, database_url: str | None = None) -> Result:
    if database_url is None:  # the sample data in a file of its own
        database_url = sample_database(Path(tempfile.mkdtemp(prefix="soak-")))
    result = Result()
    with AppServer(database_url) as server:
        pid = server.process.pid if server.process else 0
        for path in PATHS:  # the first view of each, before measuring memory
            httpx.get(server.base + path, timeout=30)
        result.rss_start_kib = rss_kib(pid)
        asyncio.run(drive(server.base, seconds, connections, result))
        result.rss_end_kib = rss_kib(pid)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    result = run(args.seconds, args.connections, args.database_url)
    growth = (result.rss_end_kib - result.rss_start_kib) / max(result.rss_start_kib, 1) * 100
    print(
        f"requests {result.requests:,} in {args.seconds:.0f} s at {args.connections} connections "
        f"({result.requests / args.seconds:,.0f}/s)"
    )
    print(
        f"latency ms: p50 {result.percentile(0.5):.1f}  p95 {result.percentile(0.95):.1f}  "
        f"p99 {result.percentile(0.99):.1f}  mean "
        f"{statistics.fmean(result.latencies) * 1000 if result.latencies else 0:.1f}"
    )
    print(
        f"server memory: {result.rss_start_kib / 1024:.0f} MiB -> "
        f"{result.rss_end_kib / 1024:.0f} MiB ({growth:+.1f} %)"
    )
    print(f"errors: {sum(result.errors.values())} {result.errors or ''}")
    sys.exit(1 if result.errors else 0)


if __name__ == "__main__":
    main()
