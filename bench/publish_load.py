"""A 10,000-row publish into the full-scale database while cached charts are read (CONTRACT
§8: the publish ≤ 5 s, and cached reads' p99 ≤ 15 ms while it runs).

Copies the full-scale database (PostgreSQL, `bench.make_scale`) into a throwaway one, serves
it (core 0) and fills the response cache with one full-scale chart, then reads that chart
from 32 connections (wrk, core 1) twice for the same time: quietly (the baseline of the same
run), and with the publish started a second in. The publish goes through the upload path
(checked again inside its transaction, then written) in a process of its own, as
`bench.imports` measures it; its rows are new markets, so the chart read is not among what it
changes, but its commit is a new content version all the same.

    python -m bench.publish_load [--scale-url URL] [--seconds 10] [--rows 10000]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.http import RANK, Target, uvicorn, wrk
from bench.imports import generate, measure, prepare, throwaway_postgres
from bench.servers import free_port, wait_for

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_SCALE = "postgresql+psycopg://postgres@127.0.0.1:5432/sharetrack_scale"
CHART = RANK + "&market=market-07"
BUDGET_PUBLISH_S, BUDGET_P99_MS = 5.0, 15.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale-url", default=DEFAULT_SCALE)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rows", type=int, default=10_000, help="rows the publish writes")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-publish-load-"))
    upload = generate(args.rows)
    path = workdir / "publish.csv"
    path.write_bytes(upload.data)
    scale = make_url(args.scale_url)
    admin = scale.set(database="postgres").render_as_string(hide_password=False)
    # PostgreSQL copies the full-scale database file by file: seconds, not a reload.
    with throwaway_postgres(admin, "publish_load", template=scale.database) as url:
        prepare(url, upload.markets)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = uvicorn("app.main:app", port, {"DATABASE_URL": url})
        try:
            wait_for(f"{base}/healthz", seconds=120)
            target = Target("full scale: chart JSON, cached", base, [CHART])
            wrk(target, 2, workdir)  # the chart is built and stored
            quiet = wrk(target, args.seconds, workdir)
            with ThreadPoolExecutor(1) as pool:
                reading = pool.submit(wrk, target, args.seconds, workdir)
                time.sleep(1)
                published = measure("publish", url, path)
                during = reading.result()
        finally:
            server.terminate()
    rows = [
        ("cached reads, quiet (baseline)", quiet),
        ("cached reads, a publish running", during),
    ]
    print("| reads | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|")
    for name, found in rows:
        print(
            f"| {name} | {found['rps']:,.0f} | {found['p50_ms']:.2f} | {found['p99_ms']:.1f} "
            f"| {found['errors']:.0f} |"
        )
    seconds, p99 = published["seconds"], during["p99_ms"]
    print()
    print("| budget (CONTRACT §8) | measured | wanted | met |")
    print("|---|---|---|---|")
    print(
        f"| {args.rows:,}-row publish into the full-scale database | {seconds:.2f} s "
        f"({published['written']:,} rows written) | ≤ {BUDGET_PUBLISH_S:.0f} s "
        f"| {'yes' if seconds <= BUDGET_PUBLISH_S else 'no'} |"
    )
    print(
        f"| cached reads' p99 during it | {p99:.1f} ms (quiet: {quiet['p99_ms']:.1f} ms) "
        f"| ≤ {BUDGET_P99_MS:.0f} ms | {'yes' if p99 <= BUDGET_P99_MS else 'no'} |"
    )
    args.results_dir.mkdir(parents=True, exist_ok=True)
    (args.results_dir / "publish_load.json").write_text(
        json.dumps({"quiet": quiet, "during": during, "publish": published}, indent=1)
    )


if __name__ == "__main__":
    main()
