"""The bundled sample data: real figures, every one with a public source URL."""

import csv
from importlib import resources

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import seed
from app.models import Event, Observation, Revision
from app.observations.service import records
from app.periods import Period
from app.seed.releases import releases
from tests.helpers import release_revision

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


def test_the_seed_publishes_release_by_release_in_date_order(db: Session) -> None:
    seeds = db.scalars(select(Revision).where(Revision.kind == "seed").order_by(Revision.id))
    names = [r.file_name or "" for r in seeds]
    texts = [resources.files("app.seed").joinpath(n).read_text() for n in seed.DATA_FILES]
    assert names == [r.name for r in releases(texts)]
    dated = [n.rsplit(" ", 1)[1].removesuffix(".csv") for n in names if "not recorded" not in n]
    assert dated == sorted(dated) and len(dated) > 80
    assert names[0] == "canalys release date not recorded.csv"
    assert "canalys release 2023-01-19.csv" in names  # the preliminary Q4 2022 release


def test_as_of_a_release_draws_what_it_said_then(db: Session) -> None:
    """Canalys's Q4 2020 release gave OPPO 5.5 M; its Q4 2021 release restated it as 6.1 M."""
    restating = db.scalar(
        select(Revision.id).where(Revision.file_name == "canalys release 2022-01-24.csv")
    )
    assert restating

    def oppo(as_of: int | None) -> int | None:
        (row,) = [
            r
            for r in records(
                db,
                sources=["canalys"],
                market="india",
                category="smartphones",
                start=Period(2020, 4),
                end=Period(2020, 4),
                as_of=as_of,
            )
            if r.point.vendor == "oppo"
        ]
        return row.point.shipments

    assert (oppo(restating - 1), oppo(restating), oppo(None)) == (5_500_000, 6_100_000, 6_100_000)


def test_a_restated_seed_figure_keeps_both_releases(db: Session, client: TestClient) -> None:
    history = client.get(
        "/api/v1/observations/history?source=canalys&market=india&category=smartphones"
        "&vendor=oppo&quarter=2020Q4"
    ).json()
    first, restated = history["versions"]
    assert (first["shipments"], restated["shipments"]) == (5_500_000, 6_100_000)
    assert first["released"] < restated["released"] == "2022-01-24"
    assert restated["status"] == "restated" and not first["current"] and restated["current"]
    assert first["shipments_url"] != restated["shipments_url"]
    assert restated["shipments_url"] == [
        "https://crn.in/news/indias-smartphone-market-grew-12-per-cent-in-2021-canalys-report"
    ]
    # An embed pinned before the restatement still draws the first release's number.
    pinned = release_revision(db, "canalys", "2022-01-24") - 1
    body = client.get(
        f"/api/v1/charts/snapshot.json?source=canalys&quarter=2020Q4&as_of=r{pinned}"
    ).json()
    (oppo,) = [r for r in body["data"] if r["vendor"] == "oppo"]
    assert oppo["shipments"] == 5_500_000
    embed = client.get(f"/embed/snapshot?source=canalys&quarter=2020Q4&as_of=r{pinned}")
    assert embed.status_code == 200 and f"as_of=r{pinned}" in embed.text
