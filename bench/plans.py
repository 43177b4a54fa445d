"""EXPLAIN ANALYZE of every query an uncached chart runs, on the full-scale PostgreSQL data.

The queries are the app's own: a rank chart is drawn once against an empty memo while the
statements are recorded, then each is explained with the parameters it ran with.

    python -m bench.plans --database-url postgresql+psycopg://postgres@127.0.0.1:5432/sharetrack_scale
"""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.charts import service
from app.charts.query import parse_chart_query
from app.db import make_engine


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--market", default="market-07")
    args = parser.parse_args()
    for statement, plan in plans(args.database_url, args.market):
        print(" ".join(statement.split())[:300])
        print("\n".join("    " + line for line in plan), end="\n\n")


if __name__ == "__main__":
    main()
