"""Pages behind figures: how cells are split, stored, and judged (pure)."""

from decimal import Decimal

from app import provenance
from app.charts.builders.common import hover
from app.derive import Point
from app.observations.slices import PerimeterNote, Slice
from app.periods import Period


def test_pages_split_on_every_separator_a_person_uses_and_keep_their_order() -> None:
    cell = "https://a.example/1 ; https://b.example/2|https://c.example/3\nhttps://a.example/1"
    assert provenance.split(cell) == (
        "https://a.example/1",
        "https://b.example/2",
        "https://c.example/3",
    )
    assert provenance.join(
        ["https://b.example/2 https://a.example/1", None, "https://a.example/1"]
    ) == ("https://b.example/2 https://a.example/1")
    assert provenance.join([None, ""]) is None
    assert provenance.invalid(["https://ok.example", "javascript:alert(1)", "www.x.com"]) == [
        "javascript:alert(1)",
        "www.x.com",
    ]


def test_weak_sites_and_hosts() -> None:
    assert provenance.host("https://www.Gadgets360.com/mobiles/x") == "gadgets360.com"
    assert provenance.is_weak("https://baletschool.pages.dev/x")
    assert provenance.is_weak("https://camparisiontech.blogspot.com/2023/x.html")
    assert not provenance.is_weak("https://www.counterpointresearch.com/insight/x")
    assert not provenance.is_weak("https://notpages.dev.example.org/x")


def test_hover_names_each_site_with_the_figures_it_gave_and_flags_copies() -> None:
    point = Point(
        "xiaomi",
        "Xiaomi",
        Period(2022, 4),
        5_500_000,
        None,
        3,
        None,
        shipments_url="https://www.canalys.com/newsroom/india-q4-2022",
        rank_url="https://www.gadgets360.com/x https://www.canalys.com/newsroom/india-q4-2022",
    )
    assert hover(canalys([point]), point).splitlines()[-1] == (
        "Published by canalys.com (shipments, rank); gadgets360.com (rank)"
    )
    copied = point._replace(shipments_url="https://x.pages.dev/a", rank_url=None)
    assert hover(canalys([copied]), copied).splitlines()[-1] == (
        "Published by x.pages.dev (a copy, not the tracker's page)"
    )


def canalys(points: list[Point], notes: tuple[PerimeterNote, ...] = ()) -> Slice:
    return Slice("canalys", "india", "smartphones", points, {}, "Canalys", notes=notes)


def test_hover_says_what_the_tracker_counts_in_the_vendor_then() -> None:
    oppo = Point("oppo", "OPPO", Period(2023, 2), 5_000_000, Decimal(13), 4, None)
    notes = (
        PerimeterNote("canalys", "oppo", None, Period(2023, 1), "OPPO includes OnePlus"),
        PerimeterNote("canalys", "oppo", Period(2023, 2), None, "OPPO excludes OnePlus"),
        PerimeterNote("idc", "oppo", None, None, "IDC's own note"),
        PerimeterNote("canalys", "vivo", None, None, "vivo excludes iQOO"),
    )
    lines = hover(canalys([oppo], notes), oppo).splitlines()
    assert lines[-1] == "Note: OPPO excludes OnePlus"
    assert sum(line.startswith("Note:") for line in lines) == 1
    # A year spanning the change: both notes apply to some of its quarters.
    year = oppo._replace(period=Period.full_year(2023))
    assert [
        line for line in hover(canalys([year], notes), year).splitlines() if "Note" in line
    ] == [
        "Note: OPPO includes OnePlus",
        "Note: OPPO excludes OnePlus",
    ]
