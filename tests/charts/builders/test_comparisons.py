"""Trackers side by side (Canalys vs IDC, Q4 2022) and Xiaomi across categories."""

from app.charts.builders.comparisons import categories, sources
from app.periods import Period
from tests.charts.builders.market import (
    CANALYS,
    CANALYS_HALVES,
    COUNTERPOINT_TVS,
    IDC,
    inputs,
    make_slice,
)

CANALYS_PHONES = make_slice("canalys", CANALYS)
IDC_PHONES = make_slice("idc", IDC)
COUNTERPOINT_TV = make_slice("counterpoint", COUNTERPOINT_TVS, "smart-tvs")


def test_sources_spread_on_one_vendor() -> None:
    spec, records = sources(inputs("sources", CANALYS_PHONES, IDC_PHONES, vendors=("xiaomi",)))
    # Canalys 17.0%, IDC 18.6%
    assert spec.title == "Trackers differ by up to 1.6 points on Xiaomi in Q4 2022"
    assert spec.table.columns == ["Vendor", "Canalys", "IDC", "Spread"]
    assert spec.table.rows == [["Xiaomi", "17.0%", "18.6%", "1.6 pts"]]
    assert [(t.name, t.marks["Xiaomi"].y) for t in spec.traces] == [
        ("Canalys", 17.0),
        ("IDC", 18.6),
    ]
    assert spec.footer == "Sources: Canalys, IDC · sharetrack · data as of r7"
    assert [r.source for r in records] == ["canalys", "idc"]


def test_sources_widest_spread_among_the_top_vendors() -> None:
    spec, _ = sources(inputs("sources", CANALYS_PHONES, IDC_PHONES))
    assert spec.title == "Trackers differ by up to 2.8 points on OPPO in Q4 2022"
    assert spec.period_label == "Q4 2022"  # the only quarter both trackers have
    assert [row[0] for row in spec.table.rows] == ["Samsung", "vivo", "Xiaomi", "OPPO", "realme"]
    assert spec.table.rows[3] == ["OPPO", "17.0%", "14.2%", "2.8 pts"]


def test_sources_with_a_quarter_only_one_tracker_has() -> None:
    spec, _ = sources(inputs("sources", CANALYS_PHONES, IDC_PHONES, quarter=Period(2022, 3)))
    assert spec.title == "Each tracker's figures, Q3 2022"
    assert spec.finding is None
    assert spec.table.rows[0] == ["Xiaomi", "21.0%", "–", "–"]


def test_categories_follow_one_vendor() -> None:
    spec, records = categories(
        inputs("categories", CANALYS_PHONES, COUNTERPOINT_TV, vendor="xiaomi")
    )
    assert (
        spec.title == "Xiaomi lately: 9.0% of smart TVs (Q4 2022), 17.0% of smartphones (Q4 2022)"
    )
    assert [t.name for t in spec.traces] == ["Smartphones (Canalys)", "Smart TVs (Counterpoint)"]
    assert spec.table.columns == ["Period", "Smartphones (Canalys)", "Smart TVs (Counterpoint)"]
    rows = {row[0]: row[1:] for row in spec.table.rows}
    assert rows["Q4 2021"] == ["21.0%", "–"]  # before Counterpoint's TV figures
    assert rows["2022 (full year)"] == ["19.6%", "–"]  # 29.7 M of 151.4 M, summed quarters
    assert rows["Q4 2022"] == ["17.0%", "9.0%"]
    assert {r.point.vendor for r in records} == {"xiaomi"}
    assert spec.footer == "Sources: Canalys, Counterpoint · sharetrack · data as of r7"


def test_categories_second_tracker_of_a_category_is_dotted() -> None:
    spec, _ = categories(inputs("categories", CANALYS_PHONES, IDC_PHONES, vendor="xiaomi"))
    assert [(t.name, t.dash) for t in spec.traces] == [
        ("Smartphones (Canalys)", False),
        ("Smartphones (IDC)", True),
    ]
    assert spec.title == "Xiaomi across categories: share by tracker"  # one category only


IDC_HALF = "2022H2 xiaomi - 19.9 1 -\n2022H2 samsung - 18.1 2 -\n2022H2 vivo - 16.0 3 -"


def test_sources_default_to_a_quarter_both_trackers_have_not_a_half_year() -> None:
    canalys = make_slice("canalys", CANALYS + CANALYS_HALVES)
    idc = make_slice("idc", IDC + IDC_HALF)
    spec, _ = sources(inputs("sources", canalys, idc))
    assert spec.period_label == "Q4 2022"
    spec, _ = sources(inputs("sources", canalys, idc, quarter=Period.parse("H2 2022")))
    assert spec.title == "Trackers differ by up to 1.8 points on vivo in H2 2022"
    assert spec.table.rows[0] == ["Xiaomi", "19.1%", "19.9%", "0.8 pts"]


def test_categories_show_stated_half_years_and_say_so() -> None:
    canalys = make_slice("canalys", CANALYS + CANALYS_HALVES)
    spec, _ = categories(inputs("categories", canalys, COUNTERPOINT_TV, vendor="xiaomi"))
    rows = {row[0]: row[1:] for row in spec.table.rows}
    assert rows["H1 2022"] == ["20.2%", "–"]  # 15.0 M of 74.4 M
    assert rows["H2 2022"] == ["19.1%", "–"]
    assert spec.notes[-1] == "H1 and H2 are half-years as the tracker stated them."
    plain, _ = categories(inputs("categories", CANALYS_PHONES, COUNTERPOINT_TV, vendor="xiaomi"))
    assert plain.notes == ["Points labelled with a year alone are full-year figures."]
