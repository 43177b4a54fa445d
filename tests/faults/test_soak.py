"""The soak harness in CI: public pages, chart JSON and embeds under 32 connections, 0 errors."""

import os
import re
import subprocess
import sys
from pathlib import Path

SECONDS = os.environ.get("SOAK_SECONDS", "60" if os.environ.get("CI") else "10")
ROOT = Path(__file__).resolve().parents[2]


def test_soak_has_no_errors() -> None:
    # A process of its own: the browser tests leave an event loop in this one.
    done = subprocess.run(
        [sys.executable, "-m", "bench.soak", "--seconds", SECONDS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=float(SECONDS) + 120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "errors: 0" in done.stdout
    served = re.search(r"requests ([\d,]+) in", done.stdout)
    assert served is not None and int(served.group(1).replace(",", "")) > 50 * float(SECONDS)
