"""A slice that a successor continues: who is credited for the whole and for each period."""

from app.derive import Point
from app.observations.slices import Slice, Successor
from app.periods import Period

Q2, Q3, YEAR = Period(2025, 2), Period(2025, 3), Period(2025, 0)


def point(period: Period) -> Point:
    return Point("vivo", "vivo", period, 9_000_000, None, None, None)


def test_a_continued_series_names_each_periods_tracker() -> None:
    data = Slice(
        "canalys",
        "india",
        "smartphones",
        [point(Q2), point(Q3)],
        {},
        "Canalys",
        (Successor("omdia", "Omdia", Q3),),
        {Q3: "omdia"},
    )
    assert data.series_name == "Canalys (Omdia from Q3 2025)"
    assert [data.source_at(p) for p in (Q2, Q3, YEAR)] == ["canalys", "omdia", "canalys"]
    assert [data.name_at(p) for p in (Q2, Q3, YEAR)] == [
        "Canalys",
        "Omdia",
        "Canalys (Omdia from Q3 2025)",  # a year summed across the change
    ]


def test_a_slice_without_successor_figures_keeps_its_name() -> None:
    data = Slice("canalys", "india", "smartphones", [point(Q2)], {}, "Canalys")
    assert (data.series_name, data.name_at(Q2), data.source_at(Q2)) == (
        "Canalys",
        "Canalys",
        "canalys",
    )
