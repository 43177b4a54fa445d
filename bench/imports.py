"""Import of a 10,000-row file (CONTRACT §8: preview ≤ 3 s, publish ≤ 5 s, memory ≤ 300 MB).

Generates a valid upload in the long format of CONTRACT §2 (trackers' top vendors, Others and
TOTAL per quarter, shares from shipments, ranks following shipments, a few vendors the
database does not know yet), then times preview and publish on a fresh migrated database, each
in a process of its own so that its peak RSS is the import's alone. Baselines in the same run:
Python's csv module reading the file and dumping it as JSON (the least a preview must do), and
a bare SQLAlchemy Core executemany INSERT of as many observations (the least a publish must do).
Runs on a throwaway SQLite file, and on a throwaway PostgreSQL database when one answers.
Results go to bench/results/imports.json.

The import creates the file's new vendors, as an admin choosing "create" would; a publish that
stores fewer rows than the file has (a bug this benchmark once found) stops the run.

    python -m bench.imports [--rows 10000] [--database-url URL] [--postgres-url URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench.servers import ROOT

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
RESULTS = ROOT / "bench" / "results"
BUDGET_MB = 300  # CONTRACT §8 says MB; compared with peak RSS in bytes
BUDGET_SECONDS = {"preview": 3.0, "publish": 5.0}
# Which baseline each import step is set against: reading the file, writing its rows.
BASELINE_OF = {"preview": "csv read + json dump", "publish": "Core executemany INSERT"}

SOURCES = ("canalys", "idc", "counterpoint", "cmr", "techarc")
CATEGORIES = {"smartphones": (28e6, 45e6), "feature-phones": (12e6, 60e6)}  # units per quarter
# India first (the app's market), then neighbours: created before the import, as make_scale
# does, because the importer refers to markets and never creates them.
MARKETS = {  # slug -> (name, code used in page addresses); longest slugs last
    "india": ("India", "in"),
    "indonesia": ("Indonesia", "id"),
    "vietnam": ("Vietnam", "vn"),
    "thailand": ("Thailand", "th"),
    "nepal": ("Nepal", "np"),
    "pakistan": ("Pakistan", "pk"),
    "malaysia": ("Malaysia", "my"),
    "sri-lanka": ("Sri Lanka", "lk"),
    "bangladesh": ("Bangladesh", "bd"),
    "philippines": ("Philippines", "ph"),
}
# Spellings as trackers write them: display names, aliases ("Vivo", "Oppo", "Nokia") that
# resolve through app/seed/vendors.csv, and brands of the 2010s the seed does not know, which
# the import creates (the CLI's --create-vendors).
POOLS = {
    "smartphones": (
        "Samsung", "Xiaomi", "Vivo", "Oppo", "realme", "OnePlus", "Apple", "Motorola", "POCO",
        "iQOO", "Tecno", "Infinix", "itel", "Lava", "Micromax", "Nokia", "Google", "Honor",
        "Huawei", "Nothing", "Lenovo", "Karbonn", "Intex", "Gionee", "Asus", "Coolpad", "ZTE",
        "HTC", "InFocus", "Meizu",
    ),
    "feature-phones": (
        "Jio", "itel", "Lava", "Samsung", "Nokia", "Karbonn", "Micromax", "Intex", "Spice",
        "Tecno", "Gionee", "Panasonic", "Celkon", "Videocon", "Xolo", "Infinix",
    ),
}  # fmt: skip
NEW_VENDORS = frozenset(
    {"Karbonn", "Intex", "Gionee", "Asus", "Coolpad", "ZTE", "HTC", "InFocus", "Meizu", "Spice"}
    | {"Panasonic", "Celkon", "Videocon", "Xolo"}
)
VENDORS_PER_QUARTER = 12  # trackers publish their top ten or so, then Others
FIRST_QUARTER, QUARTERS = (2010, 1), 64  # 2010Q1-2025Q4
HEADER = (
    "source,market,category,quarter,vendor,shipments_million,share_pct,rank,"
    "yoy_growth_pct,source_url"
)
# Shorter than the pages the sample data cites, so that 48,000 rows (bench.scaling at 100x)
# stay under the 5 MiB upload limit.
URLS = {
    "canalys": "https://canalys.com/newsroom/{m}-{c}-{q}",
    "idc": "https://idc.com/getdoc.jsp?containerId=pr{m}{c}{q}",
    "counterpoint": "https://counterpointresearch.com/{m}-{c}-{q}",
    "cmr": "https://cmrindia.com/{m}-{c}-{q}",
    "techarc": "https://techarc.net/{m}-{c}-{q}",
}
CODES = {"smartphones": "sp", "feature-phones": "fp"}


# ---------------------------------------------------------------------------- the upload file


@dataclass(frozen=True, slots=True)
class Upload:
    data: bytes
    rows: int  # data rows, header excluded
    markets: tuple[str, ...]  # markets the file refers to; they must exist before import
    new_vendors: tuple[str, ...]  # vendor names the import will create


def _quarters() -> list[str]:
    year, quarter = FIRST_QUARTER
    out = []
    for i in range(QUARTERS):
        index = quarter - 1 + i
        out.append(f"{year + index // 4}Q{index % 4 + 1}")
    return out


def _millions(units: float) -> Decimal:
    return Decimal(units / 1e6).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (100 * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _group_rows(
    rng: random.Random,
    weights: dict[str, float],
    size: float,
    last_year: dict[str, Decimal],
) -> list[tuple[str, Decimal, Decimal | None, int | None, Decimal | None]]:
    """One tracker's quarter: (vendor, millions, share, rank, yoy), top vendors, Others, TOTAL.

    Ranks follow the rounded shipments and shares come from them, so the importer's rank and
    share-sum rules hold: the shares add up to 100 before rounding, the 13 rounded ones to at
    most 100.65, inside the allowance for one-decimal shares."""
    size *= rng.uniform(0.98, 1.02)  # trackers disagree on the market's size too
    noisy = {v: w * rng.uniform(0.97, 1.03) for v, w in weights.items()}
    scale = sum(noisy.values()) * 1.15  # about 13 % stays with the long tail ("Others")
    top = sorted(noisy, key=noisy.__getitem__, reverse=True)[:VENDORS_PER_QUARTER]
    shipped = {v: _millions(size * noisy[v] / scale) for v in top}
    total = _millions(size)
    others = total - sum(shipped.values())
    ranked = sorted(top, key=lambda v: -shipped[v])

    def yoy(name: str, now: Decimal) -> Decimal | None:
        before = last_year.get(name)
        return None if not before else _pct(now - before, before)

    out: list[tuple[str, Decimal, Decimal | None, int | None, Decimal | None]] = [
        (v, shipped[v], _pct(shipped[v], total), rank, yoy(v, shipped[v]))
        for rank, v in enumerate(ranked, start=1)
    ]
    out.append(("Others", others, _pct(others, total), None, None))
    out.append(("TOTAL", total, None, None, yoy("TOTAL", total)))
    return out


def _lines(seed: int) -> Iterator[tuple[str, str, str]]:
    """(market, vendor as written, CSV line) for every market, category, tracker and quarter."""
    rng = random.Random(seed)
    for market in MARKETS:
        for category in CATEGORIES:
            for source in SOURCES:
                yield from _slice_lines(seed, rng, source, market, category)


def _slice_lines(
    seed: int, rng: random.Random, source: str, market: str, category: str
) -> Iterator[tuple[str, str, str]]:
    """One tracker's quarters for a market and category. Every tracker sees the same market
    (drift seeded per market and category) through noise of its own (rng)."""
    local = random.Random(f"{seed}-{market}-{category}")
    order = local.sample(POOLS[category], len(POOLS[category]))
    weights = {v: 1 / (i + 1) ** 1.1 for i, v in enumerate(order)}
    low, high = CATEGORIES[category]
    size = local.uniform(low, high) * (1.0 if market == "india" else 0.3)
    history: list[dict[str, Decimal]] = []
    for quarter in _quarters():
        weights = {v: max(w * local.uniform(0.9, 1.1), 1e-6) for v, w in weights.items()}
        size *= local.uniform(0.96, 1.06)  # markets grow, with bad quarters
        group = _group_rows(rng, weights, size, history[-4] if len(history) >= 4 else {})
        history.append({name: millions for name, millions, *_ in group})
        url = URLS[source].format(m=MARKETS[market][1], c=CODES[category], q=quarter.lower())
        for name, millions, share, rank, growth in group:
            yield (
                market,
                name,
                f"{source},{market},{category},{quarter},{name},{millions},"
                f"{_text(share)},{_text(rank)},{_text(growth)},{url}",
            )


def generate(rows: int = 10_000, seed: int = 7) -> Upload:
    """A valid long-format CSV of exactly `rows` data rows (the last quarter may be cut short,
    which keeps every rule: fewer vendors, a smaller share sum)."""
    taken = list(itertools.islice(_lines(seed), rows))
    if len(taken) < rows:
        raise ValueError(f"at most {len(taken):,} rows can be generated, not {rows:,}")
    data = "\n".join([HEADER, *(line for _, _, line in taken)]) + "\n"
    return Upload(
        data.encode(),
        rows,
        tuple(dict.fromkeys(market for market, _, _ in taken)),
        tuple(sorted({name for _, name, _ in taken} & NEW_VENDORS)),
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)


# ---------------------------------------------------------------------------- databases


def prepare(url: str, markets: tuple[str, ...]) -> None:
    """Migrate, load the bundled vendor list (no figures) and create the markets the file
    needs (the importer never creates markets)."""
    from app import seed
    from app.db import make_engine
    from app.migrate import upgrade
    from app.models import Market

    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session, session.begin():
        seed.load_vendors(session)
        existing = set(session.scalars(select(Market.slug)))
        missing = [{"slug": m, "name": MARKETS[m][0]} for m in markets if m not in existing]
        if missing:
            session.execute(insert(Market), missing)
    engine.dispose()


def postgres_reachable(admin_url: str) -> bool:
    engine = create_engine(admin_url, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # unreachable, refused, no such role: all mean "run SQLite only"
        return False
    finally:
        engine.dispose()


@contextlib.contextmanager
def throwaway_postgres(
    admin_url: str, prefix: str = "bench", template: str | None = None
) -> Iterator[str]:
    """A new PostgreSQL database for one measurement (empty, or a copy of the database
    `template`), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    copied = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copied}'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def throwaway_sqlite(workdir: Path, name: str) -> Iterator[str]:
    path = workdir / f"{name}-{uuid.uuid4().hex[:8]}.db"
    try:
        yield f"sqlite:///{path}"
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class Backend:
    name: str
    fresh: Callable[[str], contextlib.AbstractContextManager[str]]  # tag -> a new database URL
    shared: bool = False  # a database given on the command line: used for all, written once


def backends(
    workdir: Path,
    *,
    database_url: str | None = None,
    postgres_url: str | None = None,
    no_postgres: bool = False,
) -> list[Backend]:
    """SQLite (or the given database), and PostgreSQL when asked for or when it answers."""
    if database_url:
        given = database_url
        found = [
            Backend(
                make_url(given).get_backend_name(), lambda _: contextlib.nullcontext(given), True
            )
        ]
    else:
        found = [Backend("sqlite", lambda tag: throwaway_sqlite(workdir, tag))]
    admin = None if no_postgres else postgres_url or DEFAULT_POSTGRES
    if admin and (postgres_url or postgres_reachable(admin)):
        found.append(Backend("postgresql", lambda tag: throwaway_postgres(admin, f"bench_{tag}")))
    return found


# ---------------------------------------------------------------------------- measurements


def measure(operation: str, url: str, path: Path, profile: bool = False) -> dict[str, Any]:
    """Run one operation in a fresh interpreter; it prints one JSON line with its figures."""
    command = [sys.executable, "-m", "bench.imports", "--child", operation, str(path), url]
    if profile:
        command.append("--profile")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{operation} failed on {_safe(url)}:\n{done.stdout}{done.stderr}")
    *printed, last = done.stdout.strip().splitlines()
    if printed:
        print("\n".join(printed))
    return dict(json.loads(last))


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _rss_mib() -> float:
    """Resident set size now (Linux /proc); 0 elsewhere, where only the peak is known."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mib() -> float:
    """This process's peak RSS. Linux: VmHWM, the high-water mark of this process image.
    Not ru_maxrss: Linux carries the parent's peak over fork/exec into it, so a child of a
    parent that held a big file would report the parent's size."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024  # kB
    except (OSError, IndexError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB


def child(operation: str, path: Path, url: str, profile: bool) -> None:
    """One measurement; everything it needs is imported and connected before the clock starts."""
    from app.db import make_engine
    from app.imports import service

    data = path.read_bytes()
    engine = make_engine(url)
    with engine.connect() as connection:  # the first connection is not the import's cost
        connection.execute(text("SELECT 1"))
    steps = {
        "preview": lambda: _preview(service, engine, data, path.name),
        "publish": lambda: _publish(service, engine, data, path.name),
        "csv": lambda: _csv_baseline(data),
        "insert": lambda: _insert_baseline(engine, data, commit=True),
        "insert-rollback": lambda: _insert_baseline(engine, data, commit=False),
    }
    before = _rss_mib()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    counts = steps[operation]()
    seconds = time.perf_counter() - started
    if "revision" in counts:  # after the clock: what publish really stored
        counts["written"] = _written(engine, counts["revision"])
    if profiler is not None:
        import pstats

        profiler.disable()
        for order, what, limit in (("cumulative", "app code", r"/app/"), ("tottime", "own", 12)):
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(limit, 15)
            print(f"profile of {operation}, {what} by {order} time:")
            print("\n".join(line for line in stream.getvalue().splitlines()[5:] if line.strip()))
    engine.dispose()
    result = {"seconds": seconds, "peak_mib": _peak_mib(), "rss_before_mib": before, **counts}
    print(json.dumps(result))


def _preview(service: Any, engine: Any, data: bytes, name: str) -> dict[str, int]:
    with Session(engine) as session:
        result = service.preview(session, data, name, create={"vendor"})
    if not result.ok:
        raise SystemExit("the generated file is invalid:\n" + "\n".join(map(str, result.problems)))
    return _counts(result)


def _publish(service: Any, engine: Any, data: bytes, name: str) -> dict[str, int]:
    with Session(engine, expire_on_commit=False) as session, session.begin():  # commit included
        result, revision = service.publish(session, data, name, create={"vendor"})
    return {**_counts(result), "revision": revision.id if revision else 0}


def _written(engine: Any, revision: int) -> int:
    """Rows the revision stored, counted in the database (not what the preview promised)."""
    from app.models import MarketTotal, Observation

    with Session(engine) as session:
        return sum(
            session.scalar(select(func.count()).where(model.valid_from == revision)) or 0
            for model in (Observation, MarketTotal)
        )


def _counts(result: Any) -> dict[str, int]:
    return {
        "rows": len(result.changes),
        "new": result.count("new"),
        "changed": result.count("changed"),
        "unchanged": result.count("unchanged"),
        "vendors_created": len(result.vendors_to_create),
    }


def _csv_baseline(data: bytes) -> dict[str, int]:
    """What any reader of the file does: decode, split into cells, serialise."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1:]
    json.dumps(rows)
    return {"rows": len(rows)}


def _insert_baseline(engine: Any, data: bytes, *, commit: bool) -> dict[str, int]:
    """As many observation rows as the file has, by one executemany: no parsing, no checks.
    Keyed where no import of ours writes (our own estimates of wearables, quarters from 1990
    on), so that it also works beside published data."""
    from app.models import (
        ALL_SEGMENT,
        Category,
        Market,
        Observation,
        Revision,
        Segment,
        Source,
        Vendor,
    )

    count = data.count(b"\n") - 1
    with Session(engine) as session:
        ids = [
            session.scalar(select(model.id).where(model.slug == slug))
            for model, slug in (
                (Source, "house"),
                (Market, "india"),
                (Category, "wearables"),
                (Segment, ALL_SEGMENT),
            )
        ]
        vendor_ids = list(session.scalars(select(Vendor.id)))
        revision = Revision(kind="import", summary="baseline", file_name="baseline")
        session.add(revision)
        session.flush()
        rows = []
        for i in range(count):
            quarter = i // len(vendor_ids)  # each vendor once per quarter: distinct keys
            rows.append(
                {
                    "source_id": ids[0],
                    "market_id": ids[1],
                    "category_id": ids[2],
                    "segment_id": ids[3],
                    "vendor_id": vendor_ids[i % len(vendor_ids)],
                    "period": (1990 + quarter // 4) * 10 + quarter % 4 + 1,
                    "shipments": 1_000_000 + i,
                    "share_pct": Decimal("12.3"),
                    "rank": 1 + i % 12,
                    "yoy_growth_pct": Decimal("-4.5"),
                    "status": "final",
                    "source_url": "https://canalys.com/newsroom/in-sp-2022q4",
                    "valid_from": revision.id,
                }
            )
        session.execute(insert(Observation), rows)
        if commit:
            session.commit()
        else:
            session.rollback()
    return {"rows": count}


# ---------------------------------------------------------------------------- one run


def preview_and_publish(url: str, upload: Upload, path: Path) -> list[dict[str, Any]]:
    """Preview, then publish, the file on a prepared database. Preview writes nothing, so
    publish finds the database preview saw."""
    return [
        {"operation": operation, **measure(operation, url, path)}
        for operation in ("preview", "publish")
    ]


def run_backend(backend: Backend, upload: Upload, path: Path) -> list[dict[str, Any]]:
    """Baselines, preview and publish on fresh databases of one backend. The INSERT baseline
    gets a database of its own (on a shared one it rolls back)."""
    with backend.fresh("imports") as target, backend.fresh("baseline") as scratch:
        prepare(target, upload.markets)
        if not backend.shared:
            prepare(scratch, upload.markets)
        insert = "insert-rollback" if backend.shared else "insert"
        baselines = [
            {"operation": BASELINE_OF["preview"], **measure("csv", target, path)},
            {"operation": BASELINE_OF["publish"], **measure(insert, scratch, path)},
        ]
        return baselines + preview_and_publish(target, upload, path)


def with_verdicts(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Budget, met and the ratio to the step's baseline (the baselines themselves: 1.00)."""
    seconds = {r["operation"]: r["seconds"] for r in results}
    for r in results:
        budget = BUDGET_SECONDS.get(r["operation"])
        baseline = BASELINE_OF.get(r["operation"], r["operation"])
        r["baseline"] = baseline
        r["ratio"] = r["seconds"] / seconds[baseline] if seconds.get(baseline) else None
        if budget is not None:
            r["budget_seconds"] = budget
            r["budget_mb"] = BUDGET_MB
            within = r["peak_mib"] * 2**20 <= BUDGET_MB * 1e6
            r["met"] = r["seconds"] <= r["budget_seconds"] and within
    return results


def render(header: list[str], rows: list[list[str]]) -> list[str]:
    """Columns as wide as their widest cell; the first two left-aligned, numbers right."""
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in [header, *rows]
    ]


def table(backend: str, results: list[dict[str, Any]]) -> list[str]:
    header = ["backend", "operation", "rows", "seconds", "peak MiB", "+MiB", "budget", "met"]
    header.append("÷ baseline")
    rows = []
    for r in results:
        rows.append(
            [
                backend,
                r["operation"],
                str(r.get("written", r["rows"])),  # publish: what the database holds afterwards
                f"{r['seconds']:.3f}",
                f"{r['peak_mib']:.1f}",
                f"{r['peak_mib'] - r['rss_before_mib']:.1f}",  # above the interpreter and app
                f"{r['budget_seconds']:.0f} s, 300 MB" if "budget_seconds" in r else "baseline",
                ("yes" if r["met"] else "no") if "met" in r else "",
                f"{r['ratio']:.1f}" if r["ratio"] is not None else "—",
            ]
        )
    return render(header, rows)


def write_results(results_dir: Path, name: str, payload: dict[str, Any]) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / name
    out.write_text(json.dumps(payload, indent=2, default=str))
    return out


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    upload = generate(args.rows)
    path = workdir / f"figures-{args.rows}.csv"
    path.write_bytes(upload.data)
    print(
        f"{upload.rows:,} rows, {len(upload.data) / 2**20:.2f} MiB, markets "
        f"{', '.join(upload.markets)}; {len(upload.new_vendors)} vendors for the import to create"
    )
    report: dict[str, Any] = {
        "rows": upload.rows,
        "bytes": len(upload.data),
        "at": time.strftime("%Y-%m-%d %H:%M"),
        "backends": {},
    }
    found = backends(
        workdir,
        database_url=args.database_url,
        postgres_url=args.postgres_url,
        no_postgres=args.no_postgres,
    )
    for backend in found:
        results = run_backend(backend, upload, path)
        report["backends"][backend.name] = with_verdicts(results)
        print("\n".join(table(backend.name, results)))
        _stop_if_rows_missing(results[-1], upload.rows)
        if args.profile and not backend.shared:
            with backend.fresh("profile") as url:
                prepare(url, upload.markets)
                measure("publish", url, path, profile=True)
    return report


def _stop_if_rows_missing(publish: dict[str, Any], rows: int) -> None:
    if publish["written"] != rows:
        raise SystemExit(f"publish stored {publish['written']:,} of the file's {rows:,} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", help="run on this (empty) database, not a temp SQLite")
    parser.add_argument(
        "--postgres-url",
        help=f"admin URL for throwaway databases ({DEFAULT_POSTGRES} when it answers)",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile a publish (an extra, untimed run)"
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("OPERATION", "FILE", "URL"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child[:1], Path(args.child[1]), args.child[2], args.profile)
        return
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as workdir:
        report = run(args, Path(workdir))
    out = write_results(args.results_dir, "imports.json", report)
    print(f"results: {out}")


if __name__ == "__main__":
    main()
