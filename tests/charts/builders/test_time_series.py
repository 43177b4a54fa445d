"""Share, rank and shipments over Canalys's Q4 2021–Q4 2022, when Samsung took first place."""

from dataclasses import replace

from app.charts.builders.common import MAX_DRAWN_EVENTS
from app.charts.builders.time_series import rank, share, shipments
from app.charts.spec import EventMark, MarketEvent
from app.periods import Period
from tests.charts.builders.market import (
    MARKET_FALL,
    SAMSUNG_FIRST,
    VIVO_RAIDS,
    XIAOMI_THIRD,
    inputs,
)

QUARTERS = ["Q4 2021", "Q1 2022", "Q2 2022", "Q3 2022", "Q4 2022"]


def test_rank_tells_xiaomi_fell_to_third() -> None:
    spec, records = rank(inputs("rank"))
    assert spec.kind == "bump" and spec.x_labels == QUARTERS
    assert spec.title == "Xiaomi fell to third in Q4 2022 as Samsung took first place"
    assert spec.finding == (
        "Samsung overtook Xiaomi to take first place in Q4 2022; Xiaomi fell to third, "
        "its lowest rank in this tracker's data (from Q4 2021)"
    )
    xiaomi = next(t for t in spec.traces if t.key == "xiaomi")
    assert {x: m.y for x, m in xiaomi.marks.items()} == dict.fromkeys(QUARTERS[:4], 1) | {
        "Q4 2022": 3
    }
    assert xiaomi.marks["Q4 2022"].hover.splitlines() == [
        "Xiaomi · Q4 2022",
        "Share: 17.0%",
        "Shipments: 5.5 M",
        "Rank: #3",
        "Source: Canalys",
    ]
    assert "others" not in {t.key for t in spec.traces}  # the residual has no rank
    assert spec.table.rows[-1] == ["Q4 2022", "#1", "#2", "#3", "#4", "#5"]
    assert spec.footer == "Source: Canalys · sharetrack · data as of r7"
    assert len(records) == 25  # five vendors, five quarters


def test_events_of_drawn_vendors_in_shown_quarters() -> None:
    spec, _ = rank(inputs("rank"))
    # Jio is not drawn, Q1 2023 is not shown, the market-wide fall belongs on shipments;
    # the first event of the finding's quarter is the one labelled, and its quarter has one
    # marker (the second event is listed under the chart).
    assert spec.events == [
        EventMark(VIVO_RAIDS.label, VIVO_RAIDS.title, VIVO_RAIDS.source_url),
        EventMark(SAMSUNG_FIRST.label, SAMSUNG_FIRST.title, SAMSUNG_FIRST.source_url, True),
        EventMark(XIAOMI_THIRD.label, XIAOMI_THIRD.title, XIAOMI_THIRD.source_url, drawn=False),
    ]
    only_xiaomi, _ = rank(inputs("rank", vendors=("xiaomi",)))
    assert [(e.title, e.show_label) for e in only_xiaomi.events] == [
        ("Xiaomi falls to third", True)
    ]


def test_share_lines_table_and_default_vendors() -> None:
    spec, _ = share(inputs("share"))
    assert spec.kind == "lines" and spec.y_suffix == "%"
    assert spec.title == "Samsung overtook Xiaomi to take first place in Q4 2022"
    # The top five of the latest quarter, by rank, then the unattributed rest.
    assert [t.name for t in spec.traces] == [
        "Samsung",
        "vivo",
        "Xiaomi",
        "OPPO",
        "realme",
        "Others",
    ]
    assert [t.dash for t in spec.traces] == [False] * 5 + [True]
    assert spec.table.columns == [
        "Quarter",
        "Samsung",
        "vivo",
        "Xiaomi",
        "OPPO",
        "realme",
        "Others",
    ]
    assert spec.table.rows[0] == ["Q4 2021", "19.0%", "13.0%", "21.0%", "11.0%", "17.0%", "19.0%"]
    # Q1 2022 states shipments only: shares are derived from the 38 M total; no Others row.
    assert spec.table.rows[1] == ["Q1 2022", "18.2%", "15.0%", "21.1%", "12.1%", "15.8%", "–"]
    assert spec.table.rows[-1] == ["Q4 2022", "21.0%", "20.0%", "17.0%", "17.0%", "8.0%", "18.0%"]
    assert spec.table.caption == (
        "India smartphones: share of shipments by vendor, Q4 2021–Q4 2022"
    )
    assert spec.period_label == "Q4 2021–Q4 2022" and spec.sources == ["Canalys"]
    assert MARKET_FALL.title not in [e.title for e in spec.events]


def test_default_vendors_follow_the_last_quarter_shown() -> None:
    spec, _ = share(inputs("share", end=Period(2022, 3)))
    assert [t.key for t in spec.traces] == ["xiaomi", "samsung", "vivo", "oppo", "realme", "others"]
    assert spec.x_labels == QUARTERS[:4]
    # Before Q4 2022 the story is realme's fall from #3 (Q2) to #5 (Q3).
    assert spec.title == "realme fell from third to fifth in Q3 2022"
    chosen, _ = share(inputs("share", vendors=("oppo", "xiaomi")))
    assert [t.name for t in chosen.traces] == ["OPPO", "Xiaomi"]


def test_share_area100_mode() -> None:
    spec, _ = share(inputs("share", mode="area100"))
    assert spec.kind == "area100"


def test_shipments_total_trace_and_market_wide_event() -> None:
    spec, _ = shipments(inputs("shipments", mode="lines"))
    assert spec.kind == "lines" and spec.y_suffix == " M"
    assert spec.title == "32.4 M smartphones shipped in Q4 2022"
    total = spec.traces[-1]
    assert (total.name, total.key, total.dash) == ("Market total", "total", True)
    assert {x: m.y for x, m in total.marks.items()} == {
        "Q4 2021": 44.5,
        "Q1 2022": 38.0,
        "Q2 2022": 36.4,
        "Q3 2022": 44.6,
        "Q4 2022": 32.4,
    }
    xiaomi = next(t for t in spec.traces if t.key == "xiaomi")
    assert xiaomi.marks["Q4 2021"].y == 9.3 and xiaomi.marks["Q4 2022"].y == 5.5
    assert spec.table.columns[-1] == "Market total"
    assert spec.table.rows[-1] == [
        "Q4 2022",
        "6.7 M",
        "6.4 M",
        "5.5 M",
        "5.5 M",
        "2.7 M",
        "5.7 M",
        "32.4 M",
    ]
    # On the whole market's chart, the market-wide event is the one drawn at its quarter.
    assert EventMark(MARKET_FALL.label, MARKET_FALL.title, MARKET_FALL.source_url) in spec.events
    assert [e.title for e in spec.events if e.drawn] == [VIVO_RAIDS.title, MARKET_FALL.title]


def test_a_chart_draws_a_handful_of_events_the_most_prominent_vendors_first() -> None:
    """Three events a quarter, one per vendor: one marker a quarter, the event of the vendor
    drawn largest (traces come largest first); every event is still listed."""
    vendors = ("samsung", "vivo", "xiaomi")
    quarters = sorted({p.period for p in inputs("share").slices[0].points if p.period.is_quarter})
    many = tuple(
        MarketEvent(q.label, v, f"{v} {q.label}", f"https://e.example/{v}/{q.code}")
        for q in quarters
        for v in vendors
    )
    spec, _ = share(replace(inputs("share", vendors=vendors), events=many))
    largest = spec.traces[0].key
    drawn = [e.title for e in spec.events if e.drawn]
    assert len(spec.events) == 3 * len(quarters)
    assert len(drawn) == min(len(quarters), MAX_DRAWN_EVENTS)
    assert drawn == [f"{largest} {q.label}" for q in quarters][-len(drawn) :]
