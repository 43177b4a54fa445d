"""The bundled sample data: real figures, every one with a public source URL."""

import csv
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import seed
from app.models import Event, Observation
from app.observations.service import records
from app.periods import Period

Q4_2022 = Period(2022, 4)


def test_xiaomi_fell_to_third_in_q4_2022_for_canalys_and_counterpoint(db: Session) -> None:
    for source in ("canalys", "counterpoint"):
        rows = records(
            db, sources=[source], market="india", category="smartphones", start=Q4_2022, end=Q4_2022
        )
        ranks = {r.point.vendor: r.point.rank for r in rows}
        assert (ranks["samsung"], ranks["vivo"], ranks["xiaomi"]) == (1, 2, 3), source


def test_canalys_q4_2022_figures_as_published(db: Session) -> None:
    rows = records(
        db, sources=["canalys"], market="india", category="smartphones", start=Q4_2022, end=Q4_2022
    )
    got = {r.point.vendor: (r.point.shipments, float(r.point.share_pct or 0)) for r in rows}
    assert got["samsung"] == (6_700_000, 21.0)
    assert got["xiaomi"] == (5_500_000, 17.0)
    assert got["oppo"] == (5_500_000, 17.0)  # tied with Xiaomi at the stated precision, ranked 4


def test_every_seed_row_cites_a_public_url() -> None:
    for name in (*seed.DATA_FILES, "events.csv"):
        text = resources.files("app.seed").joinpath(name).read_text(encoding="utf-8")
        for row in csv.DictReader(text.splitlines()):
            assert row["source_url"].startswith(("http://", "https://")), (name, row)


def test_two_trackers_cover_2019_to_2024(db: Session) -> None:
    for source in ("canalys", "counterpoint"):
        rows = records(
            db,
            sources=[source],
            market="india",
            category="smartphones",
            start=Period(2019, 1),
            end=Period(2024, 4),
        )
        quarters = {r.point.period for r in rows if r.point.period.is_quarter}  # stated years too
        assert len(quarters) == 24, (source, sorted(q.code for q in quarters))


def test_seeding_again_publishes_nothing(db: Session) -> None:
    count = db.scalar(select(func.count()).select_from(Observation))
    report = seed.load(db)
    assert (report.revisions, report.events) == ([], 0)
    assert db.scalar(select(func.count()).select_from(Observation)) == count
    assert db.scalar(select(func.count()).select_from(Event)) >= 10
