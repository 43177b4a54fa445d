"""Every chart id has a builder, and every builder answers for its own id."""

import pytest

from app.charts.builders import BUILDERS
from app.charts.query import CHART_IDS
from tests.charts.builders.market import (
    CANALYS,
    COUNTERPOINT_TVS,
    IDC,
    inputs,
    make_slice,
    segment_slices,
)

CANALYS_PHONES = make_slice("canalys", CANALYS)
SLICES = {
    "sources": (CANALYS_PHONES, make_slice("idc", IDC)),
    "categories": (CANALYS_PHONES, make_slice("counterpoint", COUNTERPOINT_TVS, "smart-tvs")),
    "segments": segment_slices(),
}
FOOTERS = {
    "sources": "Sources: Canalys, IDC · sharetrack · data as of r3",
    "categories": "Sources: Canalys, Counterpoint · sharetrack · data as of r3",
    "segments": "Source: IDC · sharetrack · data as of r3",
}


def test_builders_cover_exactly_the_chart_ids() -> None:
    assert sorted(BUILDERS) == sorted(CHART_IDS)


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_builder_answers_for_its_chart(chart_id: str) -> None:
    chosen = SLICES.get(chart_id, (CANALYS_PHONES,))
    spec, records = BUILDERS[chart_id](inputs(chart_id, *chosen, revision=3))
    assert spec.chart_id == chart_id
    assert spec.footer == FOOTERS.get(chart_id, "Source: Canalys · sharetrack · data as of r3")
    assert spec.traces and spec.table.rows and records
