"""A synthetic dataset at full scale: 200 vendors × 80 quarters × 30 markets × 3 trackers.

About 1.44 million observations, written by a bulk path that keeps the importer's invariants
(shares of a quarter add up to less than 100, ranks follow shipments, one revision). Vendors'
shipments follow a drifting power law, so leaders change now and then as in real markets.

    python -m bench.make_scale --database-url URL [--vendors 200 --quarters 80 --markets 30]

A database that already holds this dataset is kept; any other is dropped and rebuilt
(PostgreSQL: the database is created when missing).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, func, insert, make_url, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.db import make_engine
from app.migrate import upgrade
from app.models import (
    ALL_SEGMENT,
    Category,
    Market,
    MarketTotal,
    Observation,
    Revision,
    Segment,
    Source,
    Vendor,
)
from app.periods import Period
from app.revisions import derived

SOURCES = ("canalys", "idc", "counterpoint")


def rows(
    vendor_ids: list[int],
    market_ids: list[int],
    source_ids: list[int],
    category_id: int,
    segment_id: int,
    quarters: list[Period],
    revision: int,
    seed: int = 7,
) -> Iterator[tuple[dict, dict]]:
    rng = random.Random(seed)
    for market_id in market_ids:
        size = rng.uniform(2e6, 4e7)
        weights = [1 / (i + 1) ** 1.1 for i in range(len(vendor_ids))]
        for period in quarters:
            weights = [max(w * rng.uniform(0.9, 1.1), 1e-6) for w in weights]
            for source_id in source_ids:
                noise = [w * rng.uniform(0.97, 1.03) for w in weights]
                total_weight = sum(noise) * 1.1  # the last 10 % stays unattributed ("Others")
                shipments = [int(size * w / total_weight) for w in noise]
                total = int(size)
                order = sorted(range(len(vendor_ids)), key=lambda i: -shipments[i])
                ranks = {i: r + 1 for r, i in enumerate(order)}
                for i, vendor_id in enumerate(vendor_ids):
                    yield (
                        {
                            "source_id": source_id,
                            "market_id": market_id,
                            "category_id": category_id,
                            "segment_id": segment_id,
                            "vendor_id": vendor_id,
                            "period": period.key,
                            "shipments": shipments[i],
                            "share_pct": round(100 * shipments[i] / total, 2),
                            "rank": ranks[i],
                            "status": "final",
                            "valid_from": revision,
                        },
                        {},
                    )
                yield (
                    {},
                    {
                        "source_id": source_id,
                        "market_id": market_id,
                        "category_id": category_id,
                        "segment_id": segment_id,
                        "period": period.key,
                        "shipments": total,
                        "status": "final",
                        "valid_from": revision,
                    },
                )


def load(url: str, vendors: int, quarters: int, markets: int) -> dict[str, float]:
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        category_id = session.scalar(select(Category.id).where(Category.slug == "smartphones"))
        whole = session.scalar(select(Segment.id).where(Segment.slug == ALL_SEGMENT)) or 0
        source_ids = [session.scalar(select(Source.id).where(Source.slug == s)) for s in SOURCES]
        session.execute(
            insert(Market),
            [{"slug": f"market-{i:02d}", "name": f"Market {i:02d}"} for i in range(markets)],
        )
        session.execute(
            insert(Vendor),
            [
                {
                    "slug": f"vendor-{i:03d}",
                    "name": f"Vendor {i:03d}",
                    "colour": f"#{(i * 2654435761) % 0xFFFFFF:06x}",
                }
                for i in range(vendors)
            ],
        )
        market_ids = list(session.scalars(select(Market.id).where(Market.slug.like("market-%"))))
        vendor_ids = list(session.scalars(select(Vendor.id).where(Vendor.slug.like("vendor-%"))))
        revision = Revision(kind="seed", summary="synthetic scale data", file_name="make_scale")
        session.add(revision)
        session.flush()
        periods = [Period(2006, 1).shift(i) for i in range(quarters)]
        generated = rows(
            vendor_ids, market_ids, source_ids, category_id or 0, whole, periods, revision.id
        )
        if engine.dialect.name == "postgresql":
            _copy(session, generated)
        else:
            _batches(session, generated)
        count = session.scalar(select(func.count()).select_from(Observation))
        stored = time.perf_counter()
        derived.rebuild(session)  # what a publish of these rows would have derived
        if engine.dialect.name == "postgresql":
            # What autovacuum does after a load this size, where it runs (not on every
            # machine): without statistics the planner guessed the drawn reads' plans.
            session.execute(text("ANALYZE derived_points"))
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {
        "observations": float(count or 0),
        "seconds": elapsed,
        "derive_seconds": elapsed - (stored - started),
    }


def _batches(session: Session, generated: Iterator[tuple[dict, dict]]) -> None:
    observations, totals = [], []
    for observation, total in generated:
        (observations if observation else totals).append(observation or total)
        if len(observations) >= 50_000:
            session.execute(insert(Observation), observations)
            observations = []
    session.execute(insert(Observation), observations)
    session.execute(insert(MarketTotal), totals)


def _copy(session: Session, generated: Iterator[tuple[dict, dict]]) -> None:
    """PostgreSQL COPY: tens of times faster than INSERTs for a million rows."""
    columns = (
        "source_id",
        "market_id",
        "category_id",
        "segment_id",
        "vendor_id",
        "period",
        "shipments",
        "share_pct",
        "rank",
        "status",
        "valid_from",
    )
    total_columns = (
        "source_id",
        "market_id",
        "category_id",
        "segment_id",
        "period",
        "shipments",
        "status",
        "valid_from",
    )
    connection = session.connection().connection.driver_connection
    totals = []
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY observations ({', '.join(columns)}) FROM STDIN") as copy:
            for observation, total in generated:
                if observation:
                    copy.write_row([observation[c] for c in columns])
                else:
                    totals.append([total[c] for c in total_columns])
        with cursor.copy(f"COPY market_totals ({', '.join(total_columns)}) FROM STDIN") as copy:
            for row in totals:
                copy.write_row(row)
    session.execute(text("ANALYZE observations"))
    session.execute(text("ANALYZE market_totals"))


def prepare(url: str, vendors: int, quarters: int, markets: int) -> str:
    """A database holding exactly this dataset: kept when it already does, else rebuilt."""
    expected = vendors * quarters * markets * len(SOURCES)
    if _count(url) == expected:
        engine = make_engine(url)
        upgrade(engine)  # a database made before the derived store gets it here
        engine.dispose()
        return f"{expected:,} observations already loaded"
    _recreate(url)
    result = load(url, vendors, quarters, markets)
    return (
        f"{result['observations']:,.0f} observations in {result['seconds']:.1f} s "
        f"({result['observations'] / result['seconds']:,.0f}/s), of which "
        f"{result['derive_seconds']:.1f} s deriving shares, ranks and growth"
    )


def _count(url: str) -> int | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(text("SELECT count(*) FROM observations"))
    except SQLAlchemyError:  # no database, or not migrated
        return None
    finally:
        engine.dispose()


def _recreate(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database or "").unlink(missing_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--vendors", type=int, default=200)
    parser.add_argument("--quarters", type=int, default=80)
    parser.add_argument("--markets", type=int, default=30)
    args = parser.parse_args()
    print(prepare(args.database_url, args.vendors, args.quarters, args.markets))


if __name__ == "__main__":
    main()
