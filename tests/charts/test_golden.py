"""Approval test: every chart's JSON and CSV, byte for byte, as recorded from the seeded data.

Refactors must leave these unchanged. A change that means to alter what a chart says records
them again with `UPDATE_GOLDEN=1` and says why in its commit. The digests are of the status
line and the body, so a difference names the case and shows the start of the new body. Both
backends must give the same bytes.
"""

import hashlib
import json
import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.charts.query import CHART_IDS

GOLDEN = Path(__file__).parent / "golden.json"
TRACKERS = ("canalys", "counterpoint", "idc")
CASES = [
    f"{chart_id}.{kind}?source={source}{pin}"
    for chart_id in CHART_IDS
    for source in TRACKERS
    for pin in ("", "&as_of=r1")
    for kind in ("json", "csv")
]
_recorded: dict[str, str] = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}


@pytest.mark.parametrize("case", CASES)
def test_chart_bytes_unchanged(client: TestClient, case: str) -> None:
    response = client.get(f"/api/v1/charts/{case}")
    body = f"{response.status_code}\n".encode() + response.content
    digest = hashlib.sha256(body).hexdigest()
    if os.environ.get("UPDATE_GOLDEN"):
        _recorded[case] = digest
        GOLDEN.write_text(json.dumps(_recorded, indent=1, sort_keys=True) + "\n")
    assert _recorded.get(case) == digest, (case, body[:400])
