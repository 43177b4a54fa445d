"""Snapshot and growth of one quarter: Canalys Q4 2022, Samsung first, Xiaomi down 40%."""

from app.charts.builders.leaderboard import growth, snapshot
from app.periods import Period
from tests.charts.builders.market import CANALYS, CANALYS_HALVES, inputs, make_slice


def test_snapshot_leader_title_and_bars() -> None:
    spec, records = snapshot(inputs("snapshot"))
    assert spec.title == "Samsung led Q4 2022 with 21.0% of shipments"
    assert spec.finding == spec.title and spec.kind == "bars"
    assert spec.x_labels == ["Samsung", "vivo", "Xiaomi", "OPPO", "realme", "Others"]
    assert spec.traces[2].marks["Xiaomi"].label == "17.0%"
    assert spec.period_label == "Q4 2022" and spec.events == []
    assert spec.footer == "Source: Canalys · sharetrack · data as of r7"
    assert [r.point.period for r in records] == [Period(2022, 4)] * 6


def test_snapshot_deltas_vs_previous_quarter_and_year_ago() -> None:
    spec, _ = snapshot(inputs("snapshot"))
    assert spec.table.caption == "India smartphones: leaderboard for Q4 2022"
    assert spec.table.columns == [
        "Vendor",
        "Rank",
        "Share",
        "Shipments",
        "vs previous quarter",
        "vs a year ago",
    ]
    rows = {row[0]: row for row in spec.table.rows}
    assert rows["Samsung"] == ["Samsung", "#1", "21.0%", "6.7 M", "+3.0 pts", "+2.0 pts"]
    assert rows["Xiaomi"] == ["Xiaomi", "#3", "17.0%", "5.5 M", "−4.0 pts", "−4.0 pts"]
    # realme's Q3 share was derived (6.2 M of 44.6 M = 13.9%).
    assert rows["realme"][4:] == ["−5.9 pts", "−9.0 pts"]
    # Canalys listed no Others in Q3 2022: no previous quarter to compare with.
    assert rows["Others"] == ["Others", "–", "18.0%", "5.7 M", "–", "−1.0 pts"]
    hover = spec.traces[2].marks["Xiaomi"].hover.splitlines()
    assert hover[-3:-1] == ["vs previous quarter: −4.0 pts", "vs a year ago: −4.0 pts"]


def test_snapshot_of_an_earlier_quarter() -> None:
    spec, _ = snapshot(inputs("snapshot", quarter=Period(2021, 4)))
    assert spec.title == "Xiaomi led Q4 2021 with 21.0% of shipments"
    assert spec.table.rows[0] == ["Xiaomi", "#1", "21.0%", "9.3 M", "–", "–"]


def test_growth_best_and_worst_with_signed_percentages() -> None:
    spec, _ = growth(inputs("growth"))
    assert spec.title == "vivo grew fastest in Q4 2022 (+13.0%); realme fell most (−65.0%)"
    assert spec.kind == "hbars"
    assert spec.x_labels == ["vivo", "OPPO", "Samsung", "Others", "Xiaomi", "realme"]
    assert spec.traces[0].marks["Xiaomi"].label == "−40.0%"
    assert spec.table.rows[4] == ["Xiaomi", "−40.0%", "5.5 M", "stated"]


def test_growth_lists_the_market_total_when_it_has_growth() -> None:
    spec, _ = growth(inputs("growth"))
    assert spec.table.rows[-1] == ["Market total", "−27.0%", "32.4 M", "stated"]
    # Q3 2022: the 44.6 M total fell 6%; OPPO was the only vendor growing.
    q3, _ = growth(inputs("growth", quarter=Period(2022, 3)))
    assert q3.table.rows[0] == ["OPPO", "+14.0%", "7.1 M", "stated"]
    assert q3.table.rows[-1] == ["Market total", "−6.0%", "44.6 M", "stated"]


def test_growth_names_the_least_fall_when_nobody_grew() -> None:
    spec, _ = growth(inputs("growth", vendors=("samsung", "xiaomi")))
    assert spec.title == "Samsung fell least in Q4 2022 (−21.0%); Xiaomi fell most (−40.0%)"


def test_snapshot_of_a_stated_half_year_compares_half_years() -> None:
    data = make_slice("canalys", CANALYS + CANALYS_HALVES)
    spec, records = snapshot(inputs("snapshot", data, quarter=Period.parse("2022H2")))
    # 14.8 M of 77.0 M; H1 2022: 13.6 M of 74.4 M = 18.3%.
    assert spec.title == "Samsung led H2 2022 with 19.2% of shipments"
    assert spec.period_label == "H2 2022"
    assert spec.table.columns[-2:] == ["vs previous half-year", "vs a year ago"]
    assert spec.table.rows == [
        ["Samsung", "#1", "19.2%", "14.8 M", "+0.9 pts", "–"],
        ["Xiaomi", "#2", "19.1%", "14.7 M", "−1.1 pts", "–"],
        ["vivo", "#3", "17.8%", "13.7 M", "+2.1 pts", "–"],
    ]
    assert {r.point.period.code for r in records} == {"2022H2"}


def test_the_default_quarter_shown_is_never_a_half_year() -> None:
    data = make_slice("canalys", CANALYS + CANALYS_HALVES)
    spec, _ = snapshot(inputs("snapshot", data))
    assert spec.title == "Samsung led Q4 2022 with 21.0% of shipments"
    spec, _ = growth(inputs("growth", data))
    assert spec.period_label == "Q4 2022"
