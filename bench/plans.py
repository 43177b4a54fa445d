"""EXPLAIN ANALYZE of every query an uncached chart runs, on the full-scale PostgreSQL data.

The queries are the app's own: a rank chart is drawn once against an empty memo while the
statements are recorded, then each is explained with the parameters it ran with. Then the
first read of twelve slices (three trackers × four markets) as a rank chart reads them,
each against an empty memo: CONTRACT §8 wants a slice's first read within 20 ms.

    python -m bench.plans --database-url postgresql+psycopg://postgres@127.0.0.1:5432/sharetrack_scale
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.charts import service
from app.charts.builders import DRAWN_VENDORS_ONLY
from app.charts.query import parse_chart_query
from app.db import make_engine
from app.observations import service as observations
from app.revisions import derived

BUDGET_FIRST_READ_MS = 20.0


def plans(url: str, market: str = "market-07") -> list[tuple[str, list[str]]]:
    engine = make_engine(url)
    ran: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and statement.strip() != "SELECT 1":
            ran.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    with Session(engine) as session:
        service.chart(session, parse_chart_query("rank", {"market": market, "source": "canalys"}))
    event.remove(engine, "before_cursor_execute", record)
    out = []
    with engine.connect() as connection:
        for statement, parameters in ran:
            explained = connection.exec_driver_sql(
                "EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters
            )
            out.append((statement, list(explained.scalars())))
    engine.dispose()
    return out


def first_reads(url: str, skip: str = "market-07") -> list[float]:
    """Milliseconds of each slice's first read in this process, after one untimed read of
    the market `plans` drew (the engine's first connection and statement compilations are
    not a slice's cost)."""
    engine = make_engine(url)
    drawn = derived.Drawn((), DRAWN_VENDORS_ONLY["rank"])
    with Session(engine) as session:
        observations.load_slice(session, "canalys", skip, "smartphones", drawn=drawn)
    out = []
    for market in [m for m in ("market-01", "market-11", "market-21", "market-29") if m != skip]:
        for source in ("canalys", "idc", "counterpoint"):
            with Session(engine) as session:
                started = time.perf_counter()
                observations.load_slice(session, source, market, "smartphones", drawn=drawn)
                out.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--market", default="market-07")
    args = parser.parse_args()
    for statement, plan in plans(args.database_url, args.market):
        print(" ".join(statement.split())[:300])
        print("\n".join("    " + line for line in plan), end="\n\n")
    times = first_reads(args.database_url, args.market)
    median = statistics.median(times)
    print(
        f"a slice's first read (what a rank chart draws), {len(times)} slices: median "
        f"{median:.1f} ms, {min(times):.1f}–{max(times):.1f} ms; budget ≤ "
        f"{BUDGET_FIRST_READ_MS:.0f} ms: {'met' if median <= BUDGET_FIRST_READ_MS else 'NO'}"
    )


if __name__ == "__main__":
    main()
