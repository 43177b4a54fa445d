"""Share by brand origin and by vendor group: Chinese brands held 62% of Q4 2022 (Canalys)."""

from app.charts.builders.origin import origin
from tests.charts.builders.market import MARKET_FALL, inputs


def test_chinese_brands_share_in_the_latest_quarter() -> None:
    spec, records = origin(inputs("origin"))
    # vivo 20 + Xiaomi 17 + OPPO 17 + realme 8
    assert spec.title == "Chinese brands held 62.0% of shipments in Q4 2022"
    assert [t.name for t in spec.traces] == [
        "Chinese brands",
        "Korean brands",
        "Unattributed (Others)",
    ]
    chinese = spec.traces[0]
    assert chinese.marks["Q4 2022"].y == 62.0 and chinese.colour == "#d62728"
    assert chinese.marks["Q4 2022"].hover.splitlines()[1] == (
        "Combined share of listed vendors: 62.0%"
    )
    assert spec.table.columns == [
        "Quarter",
        "Chinese brands",
        "Korean brands",
        "Unattributed (Others)",
    ]
    assert spec.table.rows[-1] == ["Q4 2022", "62.0%", "21.0%", "18.0%"]
    assert len(records) == 28  # every quarterly point with a share


def test_others_stay_unattributed() -> None:
    spec, _ = origin(inputs("origin"))
    others = spec.traces[-1]
    assert others.dash and others.colour == "#bdbdbd"
    # Canalys listed no Others in Q1 and Q3 2022.
    assert {x: m.y for x, m in others.marks.items()} == {
        "Q4 2021": 19.0,
        "Q2 2022": 14.0,
        "Q4 2022": 18.0,
    }
    assert spec.table.rows[1] == ["Q1 2022", "64.0%", "18.2%", "–"]
    assert spec.notes == [
        "Only vendors the tracker lists are attributed; the rest stays in 'Unattributed (Others)'."
    ]


def test_by_group_counts_bbk_together() -> None:
    spec, _ = origin(inputs("origin", mode="group"))
    assert spec.title == "Share by vendor group, Q4 2021–Q4 2022"
    assert spec.table.columns == [
        "Quarter",
        "BBK Electronics",
        "Xiaomi group",  # 99.1 points over the five quarters, Samsung 94.2
        "Samsung",
        "Unattributed (Others)",
    ]
    # BBK = vivo 20 + OPPO 17 + realme 8
    assert spec.table.rows[-1] == ["Q4 2022", "45.0%", "17.0%", "21.0%", "18.0%"]
    assert spec.traces[2].colour == "#1428a0"  # a group of one takes its vendor's colour


def test_market_wide_events_are_drawn() -> None:
    spec, _ = origin(inputs("origin"))
    assert [e.title for e in spec.events] == [MARKET_FALL.title]
