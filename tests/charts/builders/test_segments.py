"""The segments chart from slices alone: bands that cover the market stack to 100 %, each
band's leader is in its hover and table cell, the finding names the largest band."""

from app.charts.builders import BUILDERS
from tests.charts.builders.market import inputs, make_slice, segment_slices


def test_bands_covering_the_market_stack_with_their_leaders() -> None:
    spec, records = BUILDERS["segments"](inputs("segments", *segment_slices()))
    assert spec.kind == "area100"
    assert [t.name for t in spec.traces] == ["Mass budget (US$100–200)", "Premium (US$600–800)"]
    assert spec.table.rows == [
        ["Q1 2024", "60.0%", "40.0%"],
        ["Q2 2024", "56.0%; led by Xiaomi (30.0%)", "44.0%; led by Samsung (61.0%)"],
    ]
    assert spec.title == (
        "Mass budget (US$100–200) was IDC's largest price band in Q2 2024 (56.0%); "
        "Samsung led Premium (US$600–800) with 61.0%"
    )
    assert "Leader: Samsung (61.0%)" in spec.traces[1].marks["Q2 2024"].hover
    totals = [(r.segment, r.point.vendor, float(r.point.share_pct or 0)) for r in records]
    assert ("premium", "TOTAL", 44.0) in totals and ("premium", "samsung", 61.0) in totals


def test_bands_that_leave_part_of_the_market_out_are_lines() -> None:
    premium_only = make_slice("idc", "2024Q1 TOTAL - 40 - -", segment="premium")
    spec, _ = BUILDERS["segments"](inputs("segments", premium_only))
    assert spec.kind == "lines"
    assert any("not stacked to 100%" in note for note in spec.notes)
