"""The data package: downloaded, unzipped and validated with the frictionless library."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import frictionless
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import cli
from app.db import get_session_factory
from app.imports import service as imports
from app.observations.slices import FIELDS
from app.revisions import service as revisions
from app.revisions.store import latest_revision_id
from tests.conftest import app_on
from tests.helpers import LONG_HEADER, csv_bytes
from tests.test_cli import cli_db  # noqa: F401  (the CLI's own database)

FILES = {
    "datapackage.json",
    "README.md",
    "figures.csv",
    "market_totals.csv",
    "vendors.csv",
    "trackers.csv",
    "markets.csv",
    "categories.csv",
    "events.csv",
    "revisions.csv",
}
GSMARENA_Q4 = (
    "https://m.gsmarena.com/canalys_samsung_takes_first_place_in_india_during_q4_xiaomi_"
    "still_on_top_in_full_2022-amp-57258.php"
)


def download(client: TestClient, folder: Path) -> bytes:
    response = client.get("/api/v1/datapackage.zip")
    assert response.status_code == 200, response.text[:500]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(folder)
    return response.content


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def assert_valid(folder: Path) -> frictionless.Report:
    report = frictionless.Package(str(folder / "datapackage.json")).validate()
    errors = [
        f"{task.name}: {error.type}: {error.message}"
        for task in report.tasks
        for error in task.errors
    ] + [f"{error.type}: {error.message}" for error in report.errors]
    assert report.valid, "\n".join(errors[:30])
    return report


def test_the_download_is_a_valid_data_package(
    client: TestClient, db: Session, tmp_path: Path
) -> None:
    revision = latest_revision_id(db)
    response = client.get("/api/v1/datapackage.zip")
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="sharetrack-datapackage-r{revision}.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert set(archive.namelist()) == FILES
        archive.extractall(tmp_path)
    report = assert_valid(tmp_path)
    assert {task.name for task in report.tasks} == {
        "figures",
        "market-totals",
        "vendors",
        "trackers",
        "markets",
        "categories",
        "events",
        "revisions",
    }
    about = json.loads((tmp_path / "datapackage.json").read_text())
    assert about["name"] == "sharetrack-india"
    assert about["revision"] == revision
    assert about["licenses"][0]["name"] == "MIT"
    assert "quoted from their public pages" in about["description"]
    assert {"title": "Canalys", "path": "https://www.canalys.com/"} in about["sources"]
    figures = next(r for r in about["resources"] if r["name"] == "figures")
    assert [f["name"] for f in figures["schema"]["fields"]] == list(FIELDS)
    assert figures["schema"]["primaryKey"] == [
        "source",
        "market",
        "category",
        "segment",
        "basis",
        "vendor",
        "quarter",
    ]
    readme = (tmp_path / "README.md").read_text()
    assert f"revision r{revision}" in readme
    assert "`2023H1`" in readme and "market_totals.csv" in readme


def test_the_figures_and_vendors_are_the_real_ones(client: TestClient, tmp_path: Path) -> None:
    download(client, tmp_path)
    figures = rows(tmp_path, "figures.csv")
    assert list(figures[0]) == list(FIELDS)
    (xiaomi,) = [
        r
        for r in figures
        if (r["source"], r["category"], r["vendor"], r["quarter"])
        == ("canalys", "smartphones", "xiaomi", "2022Q4")
    ]
    assert (xiaomi["shipments"], xiaomi["rank"], xiaomi["share_pct"]) == ("5500000", "3", "17.0")
    assert (xiaomi["yoy_growth_pct"], xiaomi["derived"], xiaomi["status"]) == (
        "-40.0",
        "",
        "preliminary",  # Canalys called the Q4 2022 release preliminary
    )
    assert xiaomi["source_url"] == xiaomi["shipments_url"] == xiaomi["rank_url"] == GSMARENA_Q4
    assert not any(r["vendor"] == "TOTAL" for r in figures)
    assert any("share_pct" in r["derived"].split(";") for r in figures)  # flagged, not hidden

    (total,) = [
        r
        for r in rows(tmp_path, "market_totals.csv")
        if (r["source"], r["category"], r["quarter"]) == ("canalys", "smartphones", "2022Q4")
    ]
    assert (total["shipments"], total["yoy_growth_pct"], total["shipments_url"]) == (
        "32400000",
        "-27.0",
        GSMARENA_Q4,
    )
    vendors = {r["slug"]: r for r in rows(tmp_path, "vendors.csv")}
    assert vendors["xiaomi"]["colour"] == "#ff6900"
    assert "Redmi" in vendors["xiaomi"]["aliases"].split("|")
    assert vendors["others"]["residual"] == "true"
    assert {r["slug"] for r in rows(tmp_path, "trackers.csv")} >= {"canalys", "idc", "counterpoint"}
    events = rows(tmp_path, "events.csv")
    assert events == sorted(events, key=lambda e: e["date"])
    assert all(e["source_url"].startswith("https://") for e in events)


def test_every_tracker_has_as_many_rows_as_the_observations_api(
    client: TestClient, tmp_path: Path
) -> None:
    download(client, tmp_path)
    figures = rows(tmp_path, "figures.csv")
    # The API lists the whole category by units unless asked for a segment or value.
    in_package = Counter(
        (r["source"], r["market"], r["category"])
        for r in figures
        if (r["segment"], r["basis"]) == ("all", "units")
    )
    assert {("idc", "premium", "units"), ("counterpoint", "all", "value")} <= {
        (r["source"], r["segment"], r["basis"]) for r in figures
    }
    from_api: Counter[tuple[str, str, str]] = Counter()
    for market in client.get("/api/v1/markets").json()["items"]:
        for category in client.get("/api/v1/categories").json()["items"]:
            for source in client.get("/api/v1/sources").json()["items"]:
                key = (source["slug"], market["slug"], category["slug"])
                url: str | None = (
                    f"/api/v1/observations?source={key[0]}&market={key[1]}&category={key[2]}"
                    "&limit=1000"
                )
                while url:
                    page = client.get(url).json()
                    # A series lists its successor's figures too, each naming its tracker.
                    from_api[key] += sum(1 for i in page["items"] if i["source"] == key[0])
                    url = page["next"]
    assert +from_api == in_package
    assert in_package[("canalys", "india", "smartphones")] > 100


def test_the_zip_is_the_same_bytes_until_the_data_changes(
    client: TestClient, db: Session, tmp_path: Path
) -> None:
    first = client.get("/api/v1/datapackage.zip")
    again = client.get("/api/v1/datapackage.zip")
    assert first.content == again.content
    assert first.headers["etag"] == again.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    revalidated = client.get(
        "/api/v1/datapackage.zip", headers={"If-None-Match": first.headers["etag"]}
    )
    assert revalidated.status_code == 304

    seeded = latest_revision_id(db)
    revised = csv_bytes(LONG_HEADER, "canalys,india,smartphones,2022Q4,Xiaomi,5.6,17,3,,,,")
    _, revision = imports.publish(db, revised, "revised.csv")
    assert revision is not None
    rollback = revisions.rollback(db, seeded)
    assert rollback is not None
    after = client.get("/api/v1/datapackage.zip")
    assert after.content != first.content
    assert f"r{rollback.id}.zip" in after.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(after.content)) as archive:
        archive.extractall(tmp_path)
    assert_valid(tmp_path)  # rolled_back_to refers to a revision of the package
    listed = {r["id"]: r for r in rows(tmp_path, "revisions.csv")}
    assert listed[str(rollback.id)]["kind"] == "rollback"
    assert listed[str(rollback.id)]["rolled_back_to"] == str(seeded)
    (xiaomi,) = [
        r
        for r in rows(tmp_path, "figures.csv")
        if (r["source"], r["category"], r["vendor"], r["quarter"])
        == ("canalys", "smartphones", "xiaomi", "2022Q4")
    ]
    assert (xiaomi["shipments"], xiaomi["revision"]) == ("5500000", str(rollback.id))


@pytest.mark.usefixtures("cli_db")
def test_the_cli_writes_the_same_files(tmp_path: Path) -> None:
    out = tmp_path / "new" / "package"
    assert cli.main(["export", "--datapackage", str(out)]) == 0
    assert {p.name for p in out.iterdir()} == FILES
    assert_valid(out)
    with get_session_factory()() as session, TestClient(app_on(session)) as client:
        zipped = client.get("/api/v1/datapackage.zip").content
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert archive.read("figures.csv") == (out / "figures.csv").read_bytes()
        assert all(archive.read(name) == (out / name).read_bytes() for name in FILES)
    # The export without the flag is as it was.
    assert cli.main(["export", "--source", "canalys", "-o", str(tmp_path / "canalys.csv")]) == 0
    assert (tmp_path / "canalys.csv").read_text().startswith(",".join(FIELDS))


def test_the_cli_package_is_every_tracker(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert cli.main(["export", "--datapackage", str(tmp_path), "--source", "canalys"]) == 2
    assert "--datapackage writes every tracker into DIR" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_trackers_say_which_series_they_continue(client: TestClient, tmp_path: Path) -> None:
    download(client, tmp_path)
    omdia = next(r for r in rows(tmp_path, "trackers.csv") if r["slug"] == "omdia")
    assert (omdia["predecessor"], omdia["successor_from"]) == ("canalys", "2025Q3")
