"""HTTP throughput and latency against a bare ASGI app measured in the same run.

Starts the bare app, sharetrack on the sample data (SQLite), sharetrack on the full-scale
PostgreSQL data when given, a minimal Dash app and Datasette; drives each with wrk on
127.0.0.1 (server on core 0, wrk on core 1), in interleaved rounds, and prints req/s,
p50/p95/p99, errors, the ratio to the bare app, and each CONTRACT §8 budget as met or missed.
Results go to bench/results/http.json.

"Uncached" requests are real chart queries (tracker, chart and quarter window drawn at random
per request) plus a unique parameter, so every one misses the response cache and the chart is
built for it; the per-version memos (names, slices) stay warm, as they do in production.

    python -m bench.http [--seconds 5] [--rounds 3] [--scale-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.dash_app import CALLBACK_BODY
from bench.servers import free_ports, get, sample_database, wait_for

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LUA = """
math.randomseed(os.time() + SALT)  -- a fresh sequence per run: no miss turns into a hit
local paths = {PATHS}
local unique = UNIQUE
local headers = {HEADERS}
wrk.method = "METHOD"
wrk.body = BODY
request = function()
  local path = paths[math.random(#paths)]
  if unique then
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "n=" .. math.random(1, 1000000000)
  end
  return wrk.format(nil, path, headers)
end
done = function(summary, latency, requests)
  io.write(string.format("P50 %d\\nP95 %d\\nP99 %d\\n", latency:percentile(50),
                         latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Target:
    name: str
    base: str  # scheme://host:port
    paths: list[str]  # one is drawn per request
    unique: bool = False  # a new query each request: never a cache hit
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: str | None = None
    connections: int = 32


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal here


def wrk(target: Target, seconds: int, workdir: Path) -> dict[str, float]:
    script = workdir / f"{abs(hash(target.name))}.lua"
    headers = {"Accept-Encoding": "gzip, br", **target.headers}
    script.write_text(
        LUA.replace("SALT", str(time.time_ns() % 100_000))
        .replace("PATHS", ", ".join(_lua_string(p) for p in target.paths))
        .replace("UNIQUE", "true" if target.unique else "false")
        .replace(
            "HEADERS",
            ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()),
        )
        .replace("METHOD", target.method)
        .replace("BODY", _lua_string(target.body) if target.body else "nil")
    )
    command = ["wrk", "-t1", f"-c{target.connections}", f"-d{seconds}s", "-s", str(script)]
    command.append(target.base + target.paths[0])
    if shutil.which("taskset"):
        command = ["taskset", "-c", "1", *command]
    done = subprocess.run(command, capture_output=True, text=True)
    out = done.stdout
    if "Requests/sec" not in out:
        raise SystemExit(f"wrk failed on {target.name}: {done.stdout}{done.stderr}")

    def number(pattern: str) -> float:
        found = re.search(pattern, out)
        return float(found.group(1)) if found else 0.0

    errors = number(r"Non-2xx or 3xx responses: (\d+)") + sum(
        float(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
    )
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": number(r"P50 (\d+)") / 1000,
        "p95_ms": number(r"P95 (\d+)") / 1000,
        "p99_ms": number(r"P99 (\d+)") / 1000,
        "errors": errors,
    }


def settle(base: str, seconds: float = 60) -> None:
    """Wait until a server has worked off what an uncached target left queued (requests wrk
    gave up on are still being built): every server shares core 0, so the next target would
    otherwise be measured against that backlog. Settled: /healthz answers within 20 ms three
    times in a row."""
    deadline, quick = time.monotonic() + seconds, 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        get(base, "/healthz", timeout=seconds)
        quick = quick + 1 if time.monotonic() - started < 0.02 else 0
        time.sleep(0.1)


def capture(url: str, prefix: Path) -> str:
    """Write the status-200 answer to `url` as a client asking for br or gzip gets it once
    cached: its headers (less date and server, which uvicorn adds to every answer) to
    `<prefix>.json` and its body, still compressed, to `<prefix>.body`."""
    wanted = {"Accept-Encoding": "gzip, br"}
    with httpx.Client(timeout=30) as client:
        client.get(url, headers=wanted)  # an address is stored on its second request
        with client.stream("GET", url, headers=wanted) as answer:
            body = b"".join(answer.iter_raw())
            headers = [
                (name.decode(), value.decode())
                for name, value in answer.headers.raw
                if name.lower() not in (b"date", b"server")
            ]
    prefix.with_suffix(".body").write_bytes(body)
    prefix.with_suffix(".json").write_text(json.dumps(headers))
    return str(prefix)


def serve(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def uvicorn(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return serve(
        [
            sys.executable,
            "-m",
            "uvicorn",
            app,
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env,
    )


def chart_queries(
    sources: list[str], markets: list[str], first_year: int, last_year: int, count: int = 400
) -> list[str]:
    """Real chart addresses: a tracker, a market, a chart and a window of two to six years;
    up to `count`, fewer when the data has fewer combinations."""
    rng = random.Random(7)
    out = []
    for _ in range(count):
        start = rng.randint(first_year, last_year - 2)
        end = rng.randint(start + 2, min(start + 6, last_year))
        chart = rng.choice(("rank", "share", "shipments"))
        out.append(
            f"/api/v1/charts/{chart}.json?market={rng.choice(markets)}"
            f"&source={rng.choice(sources)}&from={start}Q1&to={end}Q4"
        )
    return list(dict.fromkeys(out))  # each once: the draw per request is then even


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale-url", help="a database made by bench.make_scale")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    parser.add_argument(
        "--no-alternatives", action="store_true", help="skip Dash and Datasette (smoke runs)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="bench-http-"))
    sample = sample_database(workdir)
    names = ("bare", "ours", "scale", "dash", "datasette")
    ports = dict(zip(names, free_ports(len(names)), strict=True))
    base = f"http://127.0.0.1:{ports['ours']}"
    servers = [uvicorn("app.main:app", ports["ours"], {"DATABASE_URL": sample, "BASE_URL": base})]
    if args.scale_url:
        servers.append(uvicorn("app.main:app", ports["scale"], {"DATABASE_URL": args.scale_url}))
    try:
        wait_for(f"{base}/healthz")
        # The bare app sends the bytes of our cached chart answer (CONTRACT §8).
        sent = capture(base + RANK, workdir / "cached")
        servers.append(uvicorn("bench.bare:app", ports["bare"], {"BARE_RESPONSE": sent}))
        wait_for(f"http://127.0.0.1:{ports['bare']}/")
        targets = ours(base, ports)
        if args.scale_url:
            targets += full_scale(f"http://127.0.0.1:{ports['scale']}")
        if not args.no_alternatives:
            targets += alternatives(ports, base + RANK, sample, servers)
        results: dict[str, list[dict[str, float]]] = {t.name: [] for t in targets}
        for target in targets:  # warm up: caches filled, first views rendered
            wrk(target, 1, workdir)
        for _ in range(args.rounds):  # interleaved, so drift hits every target alike
            for target in targets:
                results[target.name].append(wrk(target, args.seconds, workdir))
                if target.unique:
                    settle(target.base)
    finally:
        for server in servers:
            server.terminate()
    report(results, args.results_dir)


RANK = "/api/v1/charts/rank.json?source=canalys"


def ours(base: str, ports: dict[str, int]) -> list[Target]:
    etag = httpx.get(base + RANK, timeout=30).headers["etag"]
    uncached = chart_queries(["canalys", "counterpoint"], ["india"], 2019, 2024)
    return [
        Target("bare ASGI app (baseline)", f"http://127.0.0.1:{ports['bare']}", ["/"]),
        Target("chart JSON, cached", base, [RANK]),
        Target("304 revalidation", base, [RANK], headers={"If-None-Match": etag}),
        Target("embed, cached", base, ["/embed/rank?source=canalys"]),
        Target("chart page, cached", base, ["/charts/rank?source=canalys"]),
        Target("observations API, cached", base, ["/api/v1/observations?quarter=2022Q4"]),
        Target("chart JSON, uncached", base, uncached, unique=True),
        Target("chart JSON, uncached, 1 connection", base, uncached, unique=True, connections=1),
    ]


def full_scale(base: str) -> list[Target]:
    """200 vendors × 80 quarters × 30 markets × 3 trackers (bench.make_scale) on PostgreSQL."""
    wait_for(f"{base}/healthz")
    one_market = chart_queries(["canalys"], ["market-07"], 2006, 2025)
    every_slice = chart_queries(
        ["canalys", "idc", "counterpoint"], [f"market-{i:02d}" for i in range(30)], 2006, 2025
    )
    return [
        Target("full scale: chart JSON, cached", base, [RANK + "&market=market-07"]),
        Target("full scale: chart JSON, uncached, one market", base, one_market, unique=True),
        Target("full scale: uncached, 1 connection", base, one_market, unique=True, connections=1),
        Target("full scale: uncached, any of 90 slices", base, every_slice, unique=True),
    ]


def alternatives(
    ports: dict[str, int], rank: str, sample: str, servers: list[subprocess.Popen[bytes]]
) -> list[Target]:
    """What an analyst would otherwise run, when installed (`pip install -e .[bench]`)."""
    found = []
    try:
        import dash  # noqa: F401

        servers.append(
            serve([sys.executable, "-m", "bench.dash_app", rank, str(ports["dash"])], {})
        )
        dash_base = f"http://127.0.0.1:{ports['dash']}"
        wait_for(dash_base + "/")
        found.append(
            Target(
                "Dash callback returning the figure",
                dash_base,
                ["/_dash-update-component"],
                headers={"Content-Type": "application/json"},
                method="POST",
                body=CALLBACK_BODY,
            )
        )
    except ImportError:
        pass
    datasette = shutil.which("datasette") or str(Path(sys.executable).parent / "datasette")
    if Path(datasette).exists():
        database = sample.removeprefix("sqlite:///")
        servers.append(serve([datasette, "serve", database, "-p", str(ports["datasette"])], {}))
        datasette_base = f"http://127.0.0.1:{ports['datasette']}"
        wait_for(datasette_base + "/")
        found.append(
            Target(
                "Datasette, the rank chart's rows (JSON)",
                datasette_base,
                [
                    f"/{Path(database).stem}/observations.json?_size=384&_shape=array"
                    "&source_id=1&_sort=period"
                ],
            )
        )
    return found


def budgets(median: dict[str, dict[str, float]]) -> list[tuple[str, str, str, bool]]:
    """CONTRACT §8, each as (what, measured, wanted, met)."""

    def rps(name: str) -> float:
        return median.get(name, {}).get("rps", 0.0)

    bare, cached = rps("bare ASGI app (baseline)") or 1, rps("chart JSON, cached") or 1
    out = []
    for name in ("chart JSON, cached", "embed, cached", "304 revalidation"):
        out.append(
            (f"{name} ÷ bare ASGI", f"{rps(name) / bare:.2f}", "≥ 0.80", rps(name) / bare >= 0.8)
        )
    page = median["chart page, cached"]
    out.append(
        (
            "chart page ÷ cached chart JSON",
            f"{rps('chart page, cached') / cached:.2f}",
            "≥ 0.50",
            rps("chart page, cached") / cached >= 0.5,
        )
    )
    out.append(
        (
            "chart page p99 at 32 connections",
            f"{page['p99_ms']:.1f} ms",
            "≤ 15 ms",
            page["p99_ms"] <= 15,
        )
    )
    single = median["chart JSON, uncached, 1 connection"]["p50_ms"]
    out.append(("uncached p50, real data, 1 connection", f"{single:.2f} ms", "≤ 1 ms", single <= 1))
    for name, wanted in (
        ("Dash callback returning the figure", 8),
        ("Datasette, the rank chart's rows (JSON)", 30),
    ):
        if name in median:
            ratio = cached / (rps(name) or 1)
            out.append(
                (
                    f"cached chart JSON ÷ {name.split(',')[0].split(' callback')[0]}",
                    f"{ratio:.0f}×",
                    f"≥ {wanted}×",
                    ratio >= wanted,
                )
            )
    if "full scale: chart JSON, cached" in median:
        for name in (
            "full scale: chart JSON, uncached, one market",
            "full scale: uncached, any of 90 slices",
        ):
            p95 = median[name]["p95_ms"]
            out.append(
                (
                    f"{name.removeprefix('full scale: ')} p95",
                    f"{p95:.0f} ms",
                    "≤ 100 ms",
                    p95 <= 100,
                )
            )
        large_small = rps("full scale: chart JSON, cached") / cached
        out.append(
            (
                "full scale ÷ real data, cached req/s",
                f"{large_small:.2f}",
                "≥ 0.70",
                large_small >= 0.7,
            )
        )
        uncached = rps("full scale: chart JSON, uncached, one market") / (
            rps("chart JSON, uncached") or 1
        )
        out.append(
            (
                "full scale ÷ real data, uncached req/s",
                f"{uncached:.2f}",
                "≥ 0.35",
                uncached >= 0.35,
            )
        )
    errors = sum(row["errors"] for row in median.values())
    out.append(("errors, all targets", f"{errors:.0f}", "0", errors == 0))
    return out


def report(results: dict[str, list[dict[str, float]]], results_dir: Path) -> None:
    median = {
        name: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        for name, runs in results.items()
    }
    bare = median["bare ASGI app (baseline)"]["rps"] or 1
    print(
        f"{'target':<48} {'req/s':>9} {'÷ bare':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6}"
    )
    for name, row in median.items():
        print(
            f"{name:<48} {row['rps']:>9.0f} {row['rps'] / bare:>7.2f} {row['p50_ms']:>7.2f} "
            f"{row['p95_ms']:>7.1f} {row['p99_ms']:>7.1f} {row['errors']:>6.0f}"
        )
    checked = budgets(median)
    print(f"\n{'budget (CONTRACT §8)':<48} {'measured':>10} {'wanted':>9}  met")
    for what, measured, wanted, met in checked:
        print(f"{what:<48} {measured:>10} {wanted:>9}  {'yes' if met else 'NO'}")
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / "http.json"
    out.write_text(
        json.dumps(
            {
                "at": time.strftime("%Y-%m-%d %H:%M"),
                "median": median,
                "rounds": results,
                "budgets": [
                    dict(zip(("what", "measured", "wanted", "met"), b, strict=True))
                    for b in checked
                ],
            },
            indent=2,
        )
    )
    print(f"results: {out}")


if __name__ == "__main__":
    main()
