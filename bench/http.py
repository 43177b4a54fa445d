"""HTTP throughput and latency against a bare ASGI app measured in the same run.

Starts the bare app, sharetrack on the sample data (SQLite), optionally sharetrack on the
full-scale PostgreSQL data, a minimal Dash app and Datasette; drives each with wrk on
127.0.0.1 (server and client pinned to different cores), in interleaved rounds, and prints
req/s, p50/p95/p99, errors and the ratio to the bare app. Results go to bench/results/http.json.

    python -m bench.http [--seconds 5] [--rounds 3] [--scale-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.servers import free_ports, wait_for

ROOT = Path(__file__).resolve().parent.parent
LUA = """
math.randomseed(os.time() + SALT)  -- a fresh sequence per run: no miss turns into a hit
local unique = UNIQUE
local extra = "ETAG"
request = function()
  local path = wrk.path
  if unique then
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "nocache=" .. math.random(1, 1000000000)
  end
  return wrk.format(nil, path, extra ~= "" and {["If-None-Match"] = extra} or nil)
end
done = function(summary, latency, requests)
  io.write(string.format("P50 %d\\nP95 %d\\nP99 %d\\n", latency:percentile(50),
                         latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Target:
    name: str
    url: str
    unique: bool = False  # a new query each request: never a cache hit
    if_none_match: str = ""
    connections: int = 32


def wrk(target: Target, seconds: int, workdir: Path) -> dict[str, float]:
    script = workdir / f"{abs(hash(target.name))}.lua"
    etag = target.if_none_match.replace('"', '\\"')
    salt = str(time.time_ns() % 100_000)
    script.write_text(
        LUA.replace("UNIQUE", "true" if target.unique else "false")
        .replace("ETAG", etag)
        .replace("SALT", salt)
    )
    command = [
        "wrk",
        "-t1",
        f"-c{target.connections}",
        f"-d{seconds}s",
        "-s",
        str(script),
        "-H",
        "Accept-Encoding: gzip, br",
        target.url,
    ]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "1", *command]
    done = subprocess.run(command, capture_output=True, text=True)
    out = done.stdout
    if "Requests/sec" not in out:
        raise SystemExit(f"wrk failed on {target.name}: {done.stdout}{done.stderr}")
    number = lambda pattern: float(m.group(1)) if (m := re.search(pattern, out)) else 0.0  # noqa: E731
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale-url", help="a database made by bench.make_scale")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="bench-http-"))
    sample = f"sqlite:///{workdir / 'sample.db'}"
    for command in ("migrate", "seed"):
        subprocess.run(
            [sys.executable, "-m", "app", command],
            cwd=ROOT,
            check=True,
            env={**os.environ, "DATABASE_URL": sample},
            stdout=subprocess.DEVNULL,
        )
    names = ("bare", "ours", "scale", "dash", "datasette")
    ports = dict(zip(names, free_ports(len(names)), strict=True))
    base = f"http://127.0.0.1:{ports['ours']}"
    servers = [
        uvicorn("bench.bare:app", ports["bare"], {}),
        uvicorn("app.main:app", ports["ours"], {"DATABASE_URL": sample, "BASE_URL": base}),
    ]
    if args.scale_url:
        servers.append(uvicorn("app.main:app", ports["scale"], {"DATABASE_URL": args.scale_url}))
    try:
        wait_for(f"http://127.0.0.1:{ports['bare']}/")
        wait_for(f"{base}/healthz")
        targets = [Target("bare ASGI app (baseline)", f"http://127.0.0.1:{ports['bare']}/")]
        rank = f"{base}/api/v1/charts/rank.json?source=canalys"
        etag = httpx.get(rank, timeout=30).headers["etag"]
        targets += [
            Target("chart JSON, cached", rank),
            Target("304 revalidation", rank, if_none_match=etag),
            Target("embed, cached", f"{base}/embed/rank?source=canalys"),
            Target("chart page, cached", f"{base}/charts/rank?source=canalys"),
            Target("observations API, cached", f"{base}/api/v1/observations?quarter=2022Q4"),
            Target("chart JSON, uncached (sample data)", rank, unique=True),
            Target("chart JSON, uncached, 1 connection", rank, unique=True, connections=1),
        ]
        if args.scale_url:
            scale = (
                f"http://127.0.0.1:{ports['scale']}/api/v1/charts/rank.json"
                f"?market=market-07&source=canalys"
            )
            wait_for(f"http://127.0.0.1:{ports['scale']}/healthz")
            targets.append(
                Target("chart JSON, uncached (full scale, PostgreSQL)", scale, unique=True)
            )
        targets += alternatives(ports, rank, sample, workdir, servers)
        results: dict[str, list[dict[str, float]]] = {t.name: [] for t in targets}
        for target in targets:  # warm up: caches filled, first views rendered
            wrk(target, 1, workdir)
        for _ in range(args.rounds):  # interleaved, so drift hits every target alike
            for target in targets:
                results[target.name].append(wrk(target, args.seconds, workdir))
    finally:
        for server in servers:
            server.terminate()
    report(results)


def alternatives(
    ports: dict[str, int],
    rank: str,
    sample: str,
    workdir: Path,
    servers: list[subprocess.Popen[bytes]],
) -> list[Target]:
    """What an analyst would otherwise run, when installed (`pip install -e .[bench]`)."""
    found = []
    try:
        import dash  # noqa: F401

        servers.append(
            serve([sys.executable, "-m", "bench.dash_app", rank, str(ports["dash"])], {})
        )
        wait_for(f"http://127.0.0.1:{ports['dash']}/")
        found.append(
            Target(
                "Dash app, the figure (layout JSON)",
                f"http://127.0.0.1:{ports['dash']}/_dash-layout",
            )
        )
    except ImportError:
        pass
    if shutil.which("datasette") or (Path(sys.executable).parent / "datasette").exists():
        datasette = shutil.which("datasette") or str(Path(sys.executable).parent / "datasette")
        database = sample.removeprefix("sqlite:///")
        servers.append(serve([datasette, "serve", database, "-p", str(ports["datasette"])], {}))
        wait_for(f"http://127.0.0.1:{ports['datasette']}/")
        name = Path(database).stem
        found.append(
            Target(
                "Datasette, 384 observation rows (JSON)",
                f"http://127.0.0.1:{ports['datasette']}/{name}/observations.json"
                f"?_size=384&_shape=array",
            )
        )
    return found


def report(results: dict[str, list[dict[str, float]]]) -> None:
    median = {
        name: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        for name, runs in results.items()
    }
    bare = median["bare ASGI app (baseline)"]["rps"] or 1
    print(
        f"{'target':<46} {'req/s':>9} {'÷ bare':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6}"
    )
    for name, row in median.items():
        print(
            f"{name:<46} {row['rps']:>9.0f} {row['rps'] / bare:>7.2f} {row['p50_ms']:>7.1f} "
            f"{row['p95_ms']:>7.1f} {row['p99_ms']:>7.1f} {row['errors']:>6.0f}"
        )
    out = ROOT / "bench" / "results" / "http.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"median": median, "at": time.strftime("%Y-%m-%d %H:%M")}, indent=2))
    print(f"results: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
