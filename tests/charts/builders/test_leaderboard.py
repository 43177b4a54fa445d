"""Snapshot and growth of one quarter: Canalys Q4 2022, Samsung first, Xiaomi down 40%."""

from app.charts.builders.leaderboard import growth, snapshot
from app.periods import Period
from tests.charts.builders.market import inputs


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
