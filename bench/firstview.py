"""First view of an embed, the chart page and a minimal Dash app, in headless Chromium.

Prints bytes transferred (compressed, as on the wire), requests and time to chart for each,
and the ratios the budget is written in (CONTRACT §8: every embed, light, dark and Hindi, ≤ 400 KiB,
≤ 3 requests, time to chart ≤ 0.6 × the Dash app). All three run on this machine in the same run.

    python -m bench.firstview [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.servers import AppServer, free_ports, sample_database, wait_for

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def measure(browser, url: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    context = browser.new_context()  # a fresh cache: a first view
    page = context.new_page()
    sizes: list[int] = []
    page.on(
        "requestfinished",
        lambda r: sizes.append(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]),
    )
    page.goto(url)
    page.wait_for_selector(".main-svg .trace", timeout=30_000)
    to_chart = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    context.close()
    return {"kib": sum(sizes) / 1024, "requests": len(sizes), "ms": to_chart}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="firstview-"))
    db = sample_database(workdir)
    ours = AppServer(db).start()
    base = ours.base
    (dash,) = free_ports(1)
    servers = []
    try:
        servers.append(
            start(
                [
                    sys.executable,
                    "-m",
                    "bench.dash_app",
                    f"{base}/api/v1/charts/rank.json?source=canalys",
                    str(dash),
                ],
                {},
            )
        )
        wait_for(f"http://127.0.0.1:{dash}/")
        targets = {
            "embed /embed/rank": f"{base}/embed/rank?source=canalys",
            "embed, dark": f"{base}/embed/rank?source=canalys&theme=dark",
            "embed, Hindi": f"{base}/embed/rank?source=canalys&lang=hi",
            "page /charts/rank": f"{base}/charts/rank?source=canalys",
            "Dash app": f"http://127.0.0.1:{dash}/",
        }
        results: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for url in targets.values():
                measure(browser, url)  # warm the servers' caches, not the browser's
            for _ in range(args.rounds):  # interleaved, so drift hits them all alike
                for name, url in targets.items():
                    results[name].append(measure(browser, url))
            browser.close()
    finally:
        ours.stop()
        for server in servers:
            server.terminate()
    report(results)


def report(results: dict[str, list[dict[str, float]]]) -> None:
    summary = {
        name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        for name, runs in results.items()
    }
    dash_ms = summary["Dash app"]["ms"]
    print(f"{'first view':<20} {'KiB':>8} {'requests':>9} {'ms to chart':>12} {'÷ Dash':>8}")
    for name, row in summary.items():
        print(
            f"{name:<20} {row['kib']:>8.0f} {row['requests']:>9.0f} {row['ms']:>12.0f} "
            f"{row['ms'] / dash_ms:>8.2f}"
        )
    checks = {}
    for name, row in summary.items():  # every embed variant (light, dark, Hindi) keeps the budget
        if name.startswith("embed"):
            checks[f"{name} ≤ 400 KiB"] = row["kib"] <= 400
            checks[f"{name} ≤ 3 requests"] = row["requests"] <= 3
            checks[f"{name} time to chart ≤ 0.6 × Dash"] = row["ms"] <= 0.6 * dash_ms
    for check, ok in checks.items():
        print(f"{'PASS' if ok else 'MISS'}  {check}")
    out = ROOT / "bench" / "results" / "firstview.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"median": summary, "checks": checks}, indent=2))
    print(f"results: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
