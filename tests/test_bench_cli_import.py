"""bench/cli_import.py end to end at a tiny size, on PostgreSQL (its baseline is COPY)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.imports import DEFAULT_POSTGRES, postgres_reachable

ROOT = Path(__file__).resolve().parent.parent


def test_cli_import_reports_memory_and_throughput_against_copy(tmp_path: Path) -> None:
    if not postgres_reachable(DEFAULT_POSTGRES):
        pytest.skip("bench/cli_import.py measures against PostgreSQL's COPY")
    command = ["bench.cli_import", "--rows", "300", "--results-dir", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((tmp_path / "cli_import.json").read_text())
    assert [r["rows"] for r in results] == [3, 30, 300]
    for result in results:
        assert result["said"].startswith(f"{result['rows']} new, 0 changed, 0 unchanged; ")
        assert 10 < result["peak_mib"] < 300 and result["memory_met"] is True
        assert result["copy_ratio"] == pytest.approx(
            result["copy_seconds"] / result["seconds"], abs=0.01
        )
    assert "memory yes" in done.stdout
