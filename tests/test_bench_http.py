"""The HTTP benchmark harness keeps working: its queries are real charts, its budget table
reads the contract right, and a one-second run against a live server completes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from bench.http import budgets, chart_queries
from bench.plans import plans
from tests.conftest import Backend

ROOT = Path(__file__).resolve().parent.parent


def test_uncached_queries_are_charts_the_app_draws(client: TestClient) -> None:
    queries = chart_queries(["canalys", "counterpoint"], ["india"], 2019, 2024, count=40)
    assert len(set(queries)) == len(queries) >= 20
    for query in queries:
        response = client.get(query)
        assert response.status_code == 200, (query, response.text)
        asked = parse_qs(urlsplit(query).query)
        assert response.json()["query"].startswith("market=india&category=smartphones")
        assert f"from={asked['from'][0]}" in response.json()["query"]


def _row(rps: float, p50: float = 1, p95: float = 2, p99: float = 3) -> dict[str, float]:
    return {"rps": rps, "p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "errors": 0}


def test_budget_table_follows_contract_section_8() -> None:
    median = {
        "bare ASGI app (baseline)": _row(10_000),
        "chart JSON, cached": _row(8_500),
        "304 revalidation": _row(7_900),
        "embed, cached": _row(9_000),
        "chart page, cached": _row(4_000, p99=16),
        "chart JSON, uncached, 1 connection": _row(900, p50=0.9),
        "Dash callback returning the figure": _row(1_000),
    }
    checked = {what: (measured, met) for what, measured, _, met in budgets(median)}
    assert checked["chart JSON, cached ÷ bare ASGI"] == ("0.85", True)
    assert checked["304 revalidation ÷ bare ASGI"] == ("0.79", False)
    assert checked["chart page ÷ cached chart JSON"] == ("0.47", False)
    assert checked["chart page p99 at 32 connections"] == ("16.0 ms", False)
    assert checked["uncached p50, real data, 1 connection"] == ("0.90 ms", True)
    assert checked["cached chart JSON ÷ Dash"] == ("8×", True)


def test_a_short_run_against_live_servers(tmp_path: Path) -> None:
    if not shutil.which("wrk"):
        if os.environ.get("CI"):
            pytest.fail("wrk is missing; .ci/run installs it")
        pytest.skip("wrk is missing; apt-get install wrk")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.http",
            "--seconds",
            "1",
            "--rounds",
            "1",
            "--no-alternatives",
            "--results-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "budget (CONTRACT §8)" in done.stdout
    results = json.loads((tmp_path / "http.json").read_text())
    for name in ("bare ASGI app (baseline)", "chart JSON, cached", "chart JSON, uncached"):
        assert results["median"][name]["rps"] > 0, name
    assert sum(row["errors"] for row in results["median"].values()) == 0


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_plans_explain_every_query_a_chart_runs(backend: Backend) -> None:
    explained = plans(backend.url, market="india")
    statements = " ".join(statement for statement, _ in explained)
    assert "max(revisions.id)" in statements  # the content version
    assert "FROM derived_points JOIN vendors" in statements  # the slice, derived at publish
    assert "FROM events" in statements
    assert all(any("Execution Time" in line for line in plan) for _, plan in explained)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_publish_load_reads_while_a_publish_lands(fresh_url: str, tmp_path: Path) -> None:
    """bench/publish_load.py end to end on a small 'full-scale' database: both read rounds ran
    and the publish wrote every row it was given."""
    if not shutil.which("wrk"):
        if os.environ.get("CI"):
            pytest.fail("wrk is missing; .ci/run installs it")
        pytest.skip("wrk is missing; apt-get install wrk")
    small = ["--vendors", "12", "--quarters", "8", "--markets", "8"]
    subprocess.run(
        [sys.executable, "-m", "bench.make_scale", "--database-url", fresh_url, *small],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    options = ["--scale-url", fresh_url, "--seconds", "1", "--rows", "300"]
    done = subprocess.run(
        [sys.executable, "-m", "bench.publish_load", *options, "--results-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "publish_load.json").read_text())
    assert report["publish"]["written"] == 300
    assert report["quiet"]["rps"] > 0 and report["during"]["rps"] > 0
    assert "| 300-row publish into the full-scale database |" in done.stdout
