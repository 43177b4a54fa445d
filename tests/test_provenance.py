"""Pages behind figures: how cells are split, stored, and judged (pure)."""

from app import provenance
from app.charts.builders.common import hover
from app.observations.derive import Point
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
    assert hover(point, "Canalys").splitlines()[-1] == (
        "Published by canalys.com (shipments, rank); gadgets360.com (rank)"
    )
    copied = point._replace(shipments_url="https://x.pages.dev/a", rank_url=None)
    assert hover(copied, "Canalys").splitlines()[-1] == (
        "Published by x.pages.dev (a copy, not the tracker's page)"
    )
