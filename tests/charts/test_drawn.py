"""Share, rank and shipments charts read only the vendors they draw, and draw the same."""

import pytest
from sqlalchemy.orm import Session

from app.charts import service
from app.charts.query import parse_chart_query
from app.errors import AppError
from app.imports import service as imports
from app.observations import service as observations
from app.periods import Period
from app.revisions import derived
from tests.helpers import csv_bytes

QUERIES = [
    {},
    {"vendors": "xiaomi,vivo,apple"},
    {"vendors": "nokia,lava,micromax,itel", "from": "2020Q1"},  # beyond the top five
    {"from": "2021Q1", "to": "2022Q4"},
    {"to": "2019Q4"},
    {"mode": "area100"},
    {"segment": "premium"},
]


@pytest.mark.parametrize("chart_id", ["share", "rank", "shipments"])
def test_a_chart_of_the_vendors_drawn_is_the_chart_of_the_whole_slice(
    db: Session, chart_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = every_chart(db, chart_id)
    monkeypatch.setattr(service, "DRAWN_VENDORS_ONLY", {})
    whole = every_chart(db, chart_id)
    assert len(drawn) > 20
    assert sum(not isinstance(c, str) for c in drawn) > 10
    for a, b in zip(drawn, whole, strict=True):
        if isinstance(a, str) or isinstance(b, str):
            assert a == b  # the same refusal
            continue
        assert a.figure == b.figure
        assert a.spec == b.spec
        assert [r.as_row() for r in a.records] == [r.as_row() for r in b.records]


def every_chart(db: Session, chart_id: str) -> list[service.Chart | str]:
    """The chart of each tracker and query, or the refusal's text."""
    out: list[service.Chart | str] = []
    for source in observations.sources_with_data(db, "india", "smartphones", separately=True):
        for params in QUERIES:
            if "mode" in params and chart_id != "share":
                continue
            try:
                out.append(
                    service.chart(db, parse_chart_query(chart_id, {"source": source, **params}))
                )
            except AppError as error:
                out.append(str(error))
    return out


def test_a_vendor_never_in_the_top_five_is_not_read(db: Session) -> None:
    small = csv_bytes(
        "source,market,category,quarter,vendor,share_pct",
        "canalys,india,smartphones,2022Q4,Acme Phones,0.4",
    )
    imports.publish(db, small, "acme.csv", create={"vendor"})
    whole = observations.load_slice(db, "canalys", "india", "smartphones")
    assert whole.by_key[("acme-phones", Period(2022, 4))].rank == 6  # after the top five
    top = derived.Drawn((), 5)
    drawn = observations.load_slice(db, "canalys", "india", "smartphones", drawn=top)
    assert {p.vendor for p in whole.points} - {p.vendor for p in drawn.points} == {"acme-phones"}
    assert drawn.totals == whole.totals
    asked = derived.Drawn(("acme-phones",), 5)
    chosen = observations.load_slice(db, "canalys", "india", "smartphones", drawn=asked)
    assert {p.vendor for p in chosen.points} == {p.vendor for p in whole.points}
    assert chosen.points == whole.points  # the default lines and Acme's, in the store's order
    assert chosen.stated_by == whole.stated_by and chosen.successors == whole.successors
    chart = service.chart(db, parse_chart_query("rank", {"source": "canalys"}))
    assert "Acme" not in repr(chart.figure)


def test_a_vendor_asked_for_and_not_drawn_is_said_so(db: Session) -> None:
    """Canalys's India releases name the top five and Others: Nokia and Lava, asked for, have
    no line, and the chart says so rather than leave them out without a word."""
    query = {"source": "canalys", "vendors": "nokia,lava,xiaomi", "from": "2019Q1"}
    chart = service.chart(db, parse_chart_query("rank", query))
    assert [t.key for t in chart.spec.traces] == ["xiaomi"]
    (note,) = chart.spec.notes
    assert note.startswith("No Canalys (Omdia from Q3 2025) figures in Q1 2019–")
    assert note.endswith(" for: Nokia (HMD), Lava")
    drawn = service.chart(db, parse_chart_query("rank", {**query, "vendors": "xiaomi"}))
    assert drawn.spec.notes == []
