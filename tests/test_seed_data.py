"""The bundled data as a reader relies on it: every figure has a page, copies are flagged,
the 2022Q4 story holds on every tracker that tells it, and restated figures keep history."""

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from app import provenance


def test_every_stated_figure_has_its_own_page(db: Session) -> None:
    missing = db.execute(
        text(
            "SELECT count(*) FROM observations WHERE valid_to IS NULL AND ("
            "(shipments IS NOT NULL AND shipments_url IS NULL) OR "
            "(share_pct IS NOT NULL AND share_url IS NULL) OR "
            "(rank IS NOT NULL AND rank_url IS NULL) OR "
            "(yoy_growth_pct IS NOT NULL AND yoy_url IS NULL))"
        )
    ).scalar()
    assert missing == 0


def test_figures_resting_only_on_copies_are_few_and_flagged(db: Session) -> None:
    pages = db.execute(text("SELECT source_url FROM observations WHERE valid_to IS NULL")).scalars()
    weak = [p for p in pages if all(provenance.is_weak(u) for u in provenance.split(p))]
    # 15 at the last count (third pass, 2 December 2026), each shown as a weak source: the
    # issue's goal. app/seed/README.md lists the rows and why no primary page was found. The
    # bound only tightens: a refresh may replace a copy, never add one.
    assert 0 < len(weak) <= 15


def test_the_2022q4_story_holds(client: TestClient) -> None:
    def rank(source: str, vendor: str) -> int:
        items = client.get(
            f"/api/v1/observations?source={source}&vendors={vendor}&quarter=2022Q4"
        ).json()["items"]
        return int(items[0]["rank"])

    for source in ("canalys", "counterpoint"):
        assert (rank(source, "samsung"), rank(source, "xiaomi")) == (1, 3)
    assert rank("idc", "xiaomi") == 1


def test_restated_figures_keep_the_first_release(client: TestClient) -> None:
    versions = client.get(
        "/api/v1/observations/history?source=canalys&vendor=oppo&quarter=2022Q3"
    ).json()["versions"]
    assert [(v["shipments"], v["status"], v["released"]) for v in versions] == [
        (7_100_000, "final", "2022-10-21"),
        (5_300_000, "restated", "2023-10-23"),
    ]
    assert versions[0]["shipments_url"] != versions[1]["shipments_url"]


def test_the_newest_quarter_is_current(client: TestClient) -> None:
    latest = {
        item["source"]: item["periods"][-1]
        for item in client.get("/api/v1/quarters").json()["items"]
    }
    assert latest["canalys"] >= "2025Q4" and latest["counterpoint"] >= "2025Q4"
