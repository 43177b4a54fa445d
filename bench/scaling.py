"""How uncached chart latency and import time grow from 1× to 1,000× the real data.

The real data is the bundled sample: 480 India smartphone rows (observations and totals of
three trackers), of which the rank chart draws one tracker's slice. For each factor k this
builds a database of about 480·k observations with bench.make_scale (three trackers, one
market, more vendors and quarters as k grows: 8×20, 40×40, 200×80), so the chart's slice is
about k times the real one, and times in a process of its own:

- the rank chart in-process, `chart()` and `orjson.dumps` of its figure, on distinct queries
  (vendor subsets, from/to windows): the first call reads and derives the slice (cold), the
  later ones find it derived (p50/p95), as after a publish;
- preview and publish of a generated file of 480·k rows (bench.imports) on a fresh database,
  while it is within an upload's 50,000 rows;
- the CLI's streaming import of 480·k rows (bench.cli_import's file): seconds, peak memory.

On SQLite, and on PostgreSQL when it answers. Growth is the ratio to 1×, and its exponent
e says how the cost grows with the rows: cost ∝ rowsᵉ (1 is linear, 0 flat), fitted from
the 1× row. The sample data itself is a reference row. Results go to
bench/results/scaling.json.

    python -m bench.scaling [--factors 1,10,100,1000] [--postgres-url URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench import cli_import, imports, make_scale
from bench.servers import ROOT

REAL_ROWS = 480  # app/seed/india_smartphones.csv: what "1×" means
SAMPLE_MARKET, SCALE_MARKET = "india", "market-00"  # make_scale names its markets market-NN
CHART_COLUMNS = "backend|rank chart|slice rows|cold ms|growth|p50 ms|growth|p95 ms|growth"
IMPORT_COLUMNS = (
    "backend|import|rows|preview s|growth|publish s|growth|peak MiB|stored"
    "|CLI s|growth|CLI peak MiB|growth"
)
UPLOAD_ROWS = 50_000  # what the web upload takes (files.UPLOAD); beyond it only the CLI


def dimensions(factor: float) -> tuple[int, int]:
    """(vendors, quarters) with 3 trackers × vendors × quarters ≈ 480 × factor observations;
    quarters grow more slowly than vendors, as in the real data (26 quarters, ~7 vendors)."""
    quarters = min(80, max(4, round(20 * factor**0.3)))
    vendors = max(2, round(REAL_ROWS / len(make_scale.SOURCES) * factor / quarters))
    return vendors, quarters


# ---------------------------------------------------------------------------- databases


def build_scaled(url: str, factor: float) -> dict[str, float]:
    vendors, quarters = dimensions(factor)
    loaded = make_scale.load(url, vendors=vendors, quarters=quarters, markets=1)
    return {
        "vendors": vendors,
        "quarters": quarters,
        "observations": loaded["observations"],
        "load_s": loaded["seconds"],
    }


def build_sample(url: str) -> dict[str, float]:
    """`python -m app migrate` + `python -m app seed`, in-process."""
    from app import seed
    from app.db import make_engine
    from app.migrate import upgrade

    engine = make_engine(url)
    started = time.perf_counter()
    upgrade(engine)
    with Session(engine) as session, session.begin():
        seed.load(session)
    engine.dispose()
    return {"load_s": time.perf_counter() - started}


# ---------------------------------------------------------------------------- chart latency


def chart_child(url: str, market: str, later: int) -> None:
    """Prints one JSON line: the slice's size, the cold call and the later calls, in ms."""
    import orjson

    from app.charts.query import parse_chart_query
    from app.charts.service import chart
    from app.db import make_engine

    engine = make_engine(url)
    params = _distinct_queries(engine, market, later + 1)

    def one(query: dict[str, str]) -> float:
        started = time.perf_counter()
        with Session(engine) as session:  # a session per call, as per request
            orjson.dumps(chart(session, parse_chart_query("rank", query)).figure)
        return (time.perf_counter() - started) * 1000

    # Another tracker's slice first: statement compilation and first-use imports are not the
    # cold cost of a slice.
    one({"market": market, "source": "idc"})
    cold = one(params[0])
    times = [one(query) for query in params[1:]]
    print(json.dumps({"slice_rows": _slice(engine, market)[2], "cold_ms": cold, "ms": times}))


def _slice(engine: Any, market: str) -> tuple[list[str], list[str], int]:
    """Vendor slugs, quarter codes and row count of the chart's slice (canalys smartphones).
    Read before the clock: the database's own cache is warm, the app's slice cache is not."""
    from app.models import Category, Market, Observation, Source, Vendor
    from app.periods import Period

    def id_of(model: Any, slug: str) -> Any:
        return select(model.id).where(model.slug == slug).scalar_subquery()

    with Session(engine) as session:
        rows = session.execute(
            select(Vendor.slug, Observation.period)
            .join(Vendor, Vendor.id == Observation.vendor_id)
            .where(
                Observation.valid_to.is_(None),
                Observation.market_id == id_of(Market, market),
                Observation.source_id == id_of(Source, "canalys"),
                Observation.category_id == id_of(Category, "smartphones"),
            )
        ).all()
    quarters = sorted({p for _, period in rows if (p := Period.from_key(period)).is_quarter})
    return sorted({vendor for vendor, _ in rows}), [p.code for p in quarters], len(rows)


def _distinct_queries(engine: Any, market: str, count: int) -> list[dict[str, str]]:
    """The default rank chart, then vendor subsets and from/to windows, none asked twice."""
    vendors, quarters, _ = _slice(engine, market)
    rng = random.Random(11)
    queries = [{"market": market, "source": "canalys"}]
    seen: set[tuple[str, ...]] = set()
    while len(queries) < count:
        chosen = rng.sample(vendors, min(len(vendors), rng.randint(3, 6)))
        start = rng.randrange(0, max(1, len(quarters) // 2))
        end = rng.randrange(max(start, len(quarters) // 2), len(quarters))
        key = (",".join(chosen), quarters[start], quarters[end])
        if key in seen:
            continue
        seen.add(key)
        queries.append(
            {"market": market, "source": "canalys", "vendors": key[0], "from": key[1], "to": key[2]}
        )
    return queries


def measure_chart(url: str, market: str, later: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.scaling", "--child-chart", url, market, str(later)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"chart measurement failed:\n{done.stdout}{done.stderr}")
    raw = json.loads(done.stdout.strip().splitlines()[-1])
    times = sorted(raw["ms"])
    return {
        "slice_rows": raw["slice_rows"],
        "cold_ms": raw["cold_ms"],
        "p50_ms": statistics.median(times),
        "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
        "calls": len(times),
    }


# ---------------------------------------------------------------------------- one backend


def run_backend(
    backend: imports.Backend, factors: list[float], later: int, workdir: Path, sample: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {"charts": [], "imports": []}
    if sample:
        with backend.fresh("sample") as url:
            built = build_sample(url)
            out["charts"].append(
                {"data": "sample", **built, **measure_chart(url, SAMPLE_MARKET, later)}
            )
    for factor in factors:
        with backend.fresh(f"x{factor:g}") as url:
            built = build_scaled(url, factor)
            chart = measure_chart(url, SCALE_MARKET, later)
            out["charts"].append({"data": f"{factor:g}×", "factor": factor, **built, **chart})
        out["imports"].append(_import(backend, factor, workdir))
    return out


def _import(backend: imports.Backend, factor: float, workdir: Path) -> dict[str, Any]:
    rows = round(REAL_ROWS * factor)
    found: dict[str, Any] = {"factor": factor, "rows": rows}
    if rows <= UPLOAD_ROWS:
        upload = imports.generate(rows)
        path = workdir / f"figures-x{factor:g}.csv"
        path.write_bytes(upload.data)
        try:
            with backend.fresh(f"import_x{factor:g}") as url:
                imports.prepare(url, upload.markets)
                preview, publish = imports.preview_and_publish(url, upload, path)
        finally:
            path.unlink()
        found |= {
            "written": publish["written"],
            "preview_s": preview["seconds"],
            "publish_s": publish["seconds"],
            "peak_mib": max(preview["peak_mib"], publish["peak_mib"]),
        }
    path = workdir / f"cli-x{factor:g}.csv"
    cli_import.write_file(path, rows)
    try:
        with backend.fresh(f"cli_x{factor:g}") as url:
            cli_import.prepare(url)
            streamed = cli_import.peak_mib_of_import(url, path)
    finally:
        path.unlink()
    return found | {"cli_s": streamed["seconds"], "cli_peak_mib": streamed["peak_mib"]}


# ---------------------------------------------------------------------------- report


def add_growth(rows: list[dict[str, Any]], keys: tuple[str, ...], size: str) -> None:
    """`<key>_growth`: the ratio to the 1× row (or the smallest factor run); `<key>_exponent`:
    e in cost ∝ rowsᵉ between that row and this one, rows counted by `size`."""
    scaled = [r for r in rows if "factor" in r]
    if not scaled:
        return
    base = min(scaled, key=lambda r: (r["factor"] != 1, r["factor"]))
    for row in rows:
        for key in keys:
            if row.get(key) is None or not base.get(key):
                row[f"{key}_growth"] = row[f"{key}_exponent"] = None
                continue
            growth = row[f"{key}_growth"] = row[key] / base[key]
            more = row[size] / base[size]
            row[f"{key}_exponent"] = math.log(growth) / math.log(more) if more > 1 else None


def _growth(row: dict[str, Any], key: str) -> str:
    growth, exponent = row.get(f"{key}_growth"), row.get(f"{key}_exponent")
    if growth is None:
        return "—"
    return f"{growth:.1f}×" + ("" if exponent is None else f" (e={exponent:.2f})")


def _value(row: dict[str, Any], key: str, digits: int) -> str:
    return "—" if row.get(key) is None else f"{row[key]:.{digits}f}"


def tables(name: str, result: dict[str, Any]) -> list[str]:
    charts = imports.render(
        CHART_COLUMNS.split("|"),
        [
            [
                name,
                r["data"],
                str(r["slice_rows"]),
                *(
                    cell
                    for key in ("cold_ms", "p50_ms", "p95_ms")
                    for cell in (f"{r[key]:.1f}", _growth(r, key))
                ),
            ]
            for r in result["charts"]
        ],
    )
    imported = imports.render(
        IMPORT_COLUMNS.split("|"),
        [
            [
                name,
                f"{r['factor']:g}×",
                str(r["rows"]),
                *(
                    cell
                    for key in ("preview_s", "publish_s")
                    for cell in (_value(r, key, 3), _growth(r, key))
                ),
                _value(r, "peak_mib", 1),
                str(r.get("written", "over the upload limit")),
                _value(r, "cli_s", 2),
                _growth(r, "cli_s"),
                _value(r, "cli_peak_mib", 1),
                _growth(r, "cli_peak_mib"),
            ]
            for r in result["imports"]
        ],
    )
    return [*charts, "", *imported]


def run(args: argparse.Namespace, factors: list[float], workdir: Path) -> dict[str, Any]:
    report: dict[str, Any] = {
        "factors": factors,
        "at": time.strftime("%Y-%m-%d %H:%M"),
        "backends": {},
    }
    found = imports.backends(workdir, postgres_url=args.postgres_url, no_postgres=args.no_postgres)
    for backend in found:
        result = run_backend(backend, factors, args.queries, workdir, not args.no_sample)
        add_growth(result["charts"], ("cold_ms", "p50_ms", "p95_ms"), "slice_rows")
        add_growth(result["imports"], ("preview_s", "publish_s", "cli_s", "cli_peak_mib"), "rows")
        report["backends"][backend.name] = result
        print("\n".join(tables(backend.name, result)), flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,10,100,1000", help="comma-separated")
    parser.add_argument("--postgres-url", help="admin URL for throwaway databases")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-sample", action="store_true", help="skip the sample-data row")
    parser.add_argument("--queries", type=int, default=40, help="chart calls after the cold one")
    parser.add_argument("--results-dir", type=Path, default=imports.RESULTS)
    parser.add_argument("--child-chart", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_chart:
        url, market, later = args.child_chart
        chart_child(url, market, int(later))
        return
    factors = [float(f) for f in args.factors.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as workdir:
        report = run(args, factors, Path(workdir))
    out = imports.write_results(args.results_dir, "scaling.json", report)
    print(f"results: {out}")


if __name__ == "__main__":
    main()
