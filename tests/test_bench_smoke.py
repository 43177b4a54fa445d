"""bench/imports.py and bench/scaling.py run end to end at tiny sizes and report real figures.

Both run as the command line runs them (subprocesses, SQLite only), side by side to keep the
test short; the assertions read their JSON, not only their exit codes.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, dict]]:
    """Each script's printed output and JSON results."""
    out = tmp_path_factory.mktemp("bench-results")
    commands = {
        "imports": ["bench.imports", "--rows", "200"],
        "scaling": ["bench.scaling", "--factors", "1,2", "--queries", "5", "--no-sample"],
    }
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", *args, "--no-postgres", "--results-dir", str(out / name)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, args in commands.items()
    }
    results = {}
    for name, process in started.items():
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, f"{name} failed:\n{stdout}\n{stderr}"
        results[name] = (stdout, json.loads((out / name / f"{name}.json").read_text()))
    return results


def test_imports_times_every_step_of_the_rows_asked_for(runs) -> None:
    printed, report = runs["imports"]
    assert report["rows"] == 200
    assert list(report["backends"]) == ["sqlite"]
    steps = {r["operation"]: r for r in report["backends"]["sqlite"]}
    assert set(steps) == {"csv read + json dump", "Core executemany INSERT", "preview", "publish"}
    assert steps["preview"]["new"] == 200  # every row of the file is previewed as new ...
    assert steps["publish"]["written"] == 200  # ... and is in the database afterwards
    for step in steps.values():
        assert step["rows"] == 200
        assert step["seconds"] > 0
        assert step["peak_mib"] > 10
    assert steps["publish"]["ratio"] == pytest.approx(
        steps["publish"]["seconds"] / steps["Core executemany INSERT"]["seconds"]
    )
    assert steps["preview"]["met"] is True and steps["preview"]["budget_seconds"] == 3
    header = next(line for line in printed.splitlines() if line.startswith("backend"))
    assert header.split()[:4] == ["backend", "operation", "rows", "seconds"]
    assert any(line.startswith("sqlite") and " publish " in line for line in printed.splitlines())


def test_scaling_grows_the_slice_and_the_file_with_the_factor(runs) -> None:
    printed, report = runs["scaling"]
    assert report["factors"] == [1, 2]
    result = report["backends"]["sqlite"]
    one, two = result["charts"]
    assert (one["data"], two["data"]) == ("1×", "2×")
    assert 0.8 < two["slice_rows"] / one["slice_rows"] / 2 < 1.25  # the slice doubles
    assert one["observations"] == 3 * one["slice_rows"]  # three trackers, one market
    for chart in (one, two):
        assert chart["calls"] == 5
        assert 0 < chart["p50_ms"] <= chart["p95_ms"]
        assert chart["cold_ms"] > 0
    assert one["cold_ms_growth"] == 1
    assert two["p50_ms_growth"] == pytest.approx(two["p50_ms"] / one["p50_ms"])
    assert [(i["rows"], i["written"]) for i in result["imports"]] == [(480, 480), (960, 960)]
    assert all(i["preview_s"] > 0 and i["publish_s"] > 0 for i in result["imports"])
    assert all(i["cli_s"] > 0 and 10 < i["cli_peak_mib"] < 300 for i in result["imports"])
    more = two["slice_rows"] / one["slice_rows"]
    assert two["cold_ms_exponent"] == pytest.approx(
        math.log(two["cold_ms"] / one["cold_ms"]) / math.log(more)
    )
    lines = printed.splitlines()
    assert any(line.split()[:3] == ["backend", "rank", "chart"] for line in lines)
    assert any(line.split()[:2] == ["sqlite", "2×"] for line in lines)
