"""CLI import of a 500,000-row file (CONTRACT §8: peak memory ≤ 300 MB, throughput ≥ 0.3× a
bare COPY of the same rows in the same run).

Generates a valid long-format file (45 markets × 2 categories × 5 trackers × 80 quarters, each
quarter the top 12 vendors, Others and TOTAL, shares from shipments, ranks following them; 40
brands the database does not know, created by --create-vendors), then on a throwaway
PostgreSQL database: the baseline, PostgreSQL's COPY of the same file into a table of the
same columns; and `python -m app import FILE --create-vendors` in a process of its own, whose
peak RSS (wait4) is the import's alone. Smaller files in the same run show how memory grows.

    python -m bench.cli_import [--rows 500000] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bench.imports import DEFAULT_POSTGRES, RESULTS, render, throwaway_postgres
from bench.servers import ROOT

BUDGET_MB = 300
BUDGET_RATIO = 0.3
HEADER = "source,market,category,quarter,vendor,shipments_million,share_pct,rank,source_url"
SOURCES = ("canalys", "idc", "counterpoint", "cmr", "techarc")
CATEGORIES = ("smartphones", "feature-phones")
MARKETS = tuple(f"market-{n:02d}" for n in range(1, 46))
BRANDS = tuple(f"Brand {n:02d}" for n in range(1, 41))
TOP = 12


def lines() -> Iterator[str]:
    """Every row of the file, market by market: about 100 bytes each."""
    for m, market in enumerate(MARKETS):
        for category in CATEGORIES:
            for s, source in enumerate(SOURCES):
                for q in range(80):
                    quarter = f"{2006 + q // 4}Q{q % 4 + 1}"
                    url = f"https://{source}.example/{market}/{category}/{quarter.lower()}"
                    first = (m + s + q) % len(BRANDS)
                    vendors = [BRANDS[(first + i) % len(BRANDS)] for i in range(TOP)]
                    shipped = [Decimal(4_000 - 250 * i + 7 * m + q) / 1000 for i in range(TOP)]
                    total = sum(shipped) * Decimal("1.2")
                    rows = [
                        (v, x, i + 1) for i, (v, x) in enumerate(zip(vendors, shipped, strict=True))
                    ]
                    rows.append(("Others", total - sum(shipped), None))
                    for vendor, millions, rank in rows:
                        share = (100 * millions / total).quantize(Decimal("0.1"), ROUND_HALF_UP)
                        yield (
                            f"{source},{market},{category},{quarter},{vendor},{millions},"
                            f"{share},{rank or ''},{url}"
                        )
                    yield f"{source},{market},{category},{quarter},TOTAL,{total},,,{url}"


def write_file(path: Path, rows: int) -> int:
    written = 0
    with path.open("w") as out:
        out.write(HEADER + "\n")
        for line in lines():
            if written == rows:
                break
            out.write(line + "\n")
            written += 1
    if written < rows:
        raise SystemExit(f"at most {written:,} rows can be generated")
    return path.stat().st_size


def prepare(url: str) -> None:
    """Migrate, load the bundled vendors and create the markets (never created by imports)."""
    from app import seed
    from app.db import make_engine
    from app.migrate import upgrade
    from app.models import Category, Market

    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session, session.begin():
        seed.load_vendors(session)
        session.execute(insert(Market), [{"slug": m, "name": m.title()} for m in MARKETS])
        known = set(session.scalars(select(Category.slug)))
        missing = [{"slug": c, "name": c.title()} for c in CATEGORIES if c not in known]
        if missing:
            session.execute(insert(Category), missing)
    engine.dispose()


def bare_copy(url: str, path: Path) -> float:
    """COPY of the file into a table of its columns, typed as the app stores them."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as connection:
        connection.execute(
            "CREATE TABLE bare_copy (source text, market text, category text, quarter text, "
            "vendor text, shipments_million numeric, share_pct numeric, rank integer, "
            "source_url text)"
        )
        started = time.perf_counter()
        copying = "COPY bare_copy FROM STDIN (FORMAT csv, HEADER true)"
        with connection.cursor() as cursor, cursor.copy(copying) as copy, path.open("rb") as data:
            while block := data.read(1 << 20):
                copy.write(block)
        connection.commit()
        seconds = time.perf_counter() - started
        connection.execute("DROP TABLE bare_copy")
        connection.commit()
    return seconds


def peak_mib_of_import(url: str, path: Path) -> dict[str, Any]:
    """The import's peak RSS, read by the child itself when it ends: VmHWM, the high-water
    mark of its own process image (ru_maxrss would carry over the parent's peak)."""
    probe = (
        "import sys, runpy; sys.argv = ['app', 'import', sys.argv[1], '--create-vendors']\n"
        "try:\n    runpy.run_module('app', run_name='__main__')\n"
        "except SystemExit as done:\n    code = done.code\n"
        "status = open('/proc/self/status').read()\n"
        "print('PEAK_KIB', status.split('VmHWM:')[1].split()[0], file=sys.stderr)\n"
        "sys.exit(code)"
    )
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"import failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    peak = next(line for line in done.stderr.splitlines() if line.startswith("PEAK_KIB"))
    return {
        "seconds": round(seconds, 2),
        "peak_mib": round(int(peak.split()[1]) / 1024, 1),
        "said": done.stdout.strip().splitlines()[-1],
    }


def stored(url: str) -> int:
    from app.db import make_engine
    from app.models import MarketTotal, Observation

    engine = make_engine(url)
    with Session(engine) as session:
        count = sum(
            session.scalar(select(func.count()).select_from(m)) or 0
            for m in (Observation, MarketTotal)
        )
    engine.dispose()
    return count


def measure(admin_url: str, rows: int, workdir: Path) -> dict[str, Any]:
    path = workdir / f"figures-{rows}.csv"
    size = write_file(path, rows)
    with throwaway_postgres(admin_url, "bench_cli") as url:
        prepare(url)
        copy_seconds = bare_copy(url, path)
        imported = peak_mib_of_import(url, path)
        count = stored(url)
    if count != rows:
        raise SystemExit(f"the import stored {count:,} figure sets of {rows:,}")
    return {
        "rows": rows,
        "file_mib": round(size / 2**20, 1),
        "copy_seconds": round(copy_seconds, 2),
        **imported,
        "rows_per_second": round(rows / imported["seconds"]),
        "copy_ratio": round(copy_seconds / imported["seconds"], 3),
        "memory_met": imported["peak_mib"] * 2**20 <= BUDGET_MB * 10**6,
        "throughput_met": copy_seconds / imported["seconds"] >= BUDGET_RATIO,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    args = parser.parse_args()
    sizes = sorted({max(args.rows // 100, 1), max(args.rows // 10, 1), args.rows})
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            results.append(measure(args.postgres_url, rows, Path(tmp)))
            print(json.dumps(results[-1]), flush=True)
    header = ["rows", "file MiB", "COPY s", "import s", "rows/s", "÷ COPY", "peak MiB", "met"]
    table = [
        [
            f"{r['rows']:,}",
            f"{r['file_mib']}",
            f"{r['copy_seconds']}",
            f"{r['seconds']}",
            f"{r['rows_per_second']:,}",
            f"{r['copy_ratio']:.2f}",
            f"{r['peak_mib']}",
            f"memory {'yes' if r['memory_met'] else 'NO'}, "
            f"throughput {'yes' if r['throughput_met'] else 'NO'}",
        ]
        for r in results
    ]
    print("\n".join(render(header, table)))
    args.results_dir.mkdir(parents=True, exist_ok=True)
    (args.results_dir / "cli_import.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
