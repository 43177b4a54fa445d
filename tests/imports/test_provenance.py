"""Every figure keeps its own pages and release; blank cells keep what is stored (SQLite and
PostgreSQL, through the service, the web form, the token API and the CLI)."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from app import cli
from app.db import make_engine
from app.imports import service
from app.migrate import alembic_config, upgrade
from tests.conftest import Backend, LoggedIn, table_dump
from tests.test_cli import cli_db, dump  # noqa: F401 (the fixture)

GSMARENA = (
    "https://m.gsmarena.com/canalys_samsung_takes_first_place_in_india_during_q4_xiaomi_"
    "still_on_top_in_full_2022-amp-57258.php"
)
A, B, C = "https://a.example/q4", "https://b.example/ranks", "https://c.example/x"


@pytest.fixture
def empty_db(db: Session) -> Session:
    """The schema with no vendors and no figures (trackers, markets and categories stay)."""
    tables = ("events", "derived_points", "observations", "market_totals", "vendor_aliases")
    for table in (*tables, "vendors"):
        db.execute(text(f"DELETE FROM {table}"))
    return db


def rows(*lines: str, header: str = "source,market,category,quarter,vendor") -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def publish(db: Session, data: bytes, **options: object) -> None:
    _, revision = service.publish(db, data, "f.csv", **options)  # type: ignore[arg-type]
    assert revision is not None


def xiaomi(client: TestClient, source: str = "canalys") -> dict[str, object]:
    body = client.get(f"/api/v1/observations?source={source}&vendors=xiaomi&quarter=2022Q4").json()
    (record,) = body["items"]
    return record  # type: ignore[no-any-return]


def test_a_cell_may_name_several_pages_and_all_are_kept(db: Session, client: TestClient) -> None:
    data = rows(
        f'canalys,india,smartphones,2022Q4,Xiaomi,17.5,"{A} ; {B}|{C}"',
        header="source,market,category,quarter,vendor,share_pct,source_url",
    )
    (change,) = service.preview(db, data, "f.csv").changes
    assert change.new.share_url == f"{A} {B} {C}"
    publish(db, data)
    record = xiaomi(client)
    assert record["share_url"] == [A, B, C]
    assert record["shipments_url"] == [GSMARENA]  # the shipments were not in the file
    assert record["source_url"] == [GSMARENA, A, B, C]


def test_a_bad_page_in_a_cell_is_named_whole_with_its_row_and_column(db: Session) -> None:
    long = "https://example.org/" + "x" * 150
    data = rows(
        f"canalys,india,smartphones,2022Q4,Xiaomi,17,{long} ; ftp://old.example/file",
        header="source,market,category,quarter,vendor,share_pct,source_url",
    )
    preview = service.preview(db, data, "f.csv")
    assert [str(p) for p in preview.problems] == [
        "row 2, column 'source_url': 'ftp://old.example/file' is not an http(s) URL; "
        "separate several pages with ';'"
    ]


def test_a_second_page_merges_in_without_taking_over_the_other_figures(
    db: Session, client: TestClient
) -> None:
    publish(
        db,
        rows(
            f"canalys,india,smartphones,2022Q4,Xiaomi,3,{B},2023-01-20",
            header="source,market,category,quarter,vendor,rank,source_url,released",
        ),
    )
    record = xiaomi(client)
    assert (record["rank"], record["rank_url"]) == (3, [GSMARENA, B])  # same rank, one more page
    assert record["shipments"] == 5_500_000 and record["shipments_url"] == [GSMARENA]
    assert record["released"] == "2023-01-19"  # the rank was known since the first release
    publish(
        db,
        rows(
            f"canalys,india,smartphones,2022Q4,Xiaomi,5.6,{A},{B},2023-04-20,restated",
            header=(
                "source,market,category,quarter,vendor,shipments_million,shipments_url,"
                "rank_url,released,status"
            ),
        ),
    )
    record = xiaomi(client)
    assert (record["shipments"], record["shipments_url"]) == (5_600_000, [A])
    assert record["share_url"] == [GSMARENA]  # not stated again: its page stays
    assert (record["status"], record["released"]) == ("restated", "2023-04-20")
    history = client.get(
        "/api/v1/observations/history?source=canalys&market=india&category=smartphones"
        "&vendor=xiaomi&quarter=2022Q4"
    ).json()
    current = history["versions"][-1]
    released = {f: current[f"{f}_released"] for f in ("shipments", "share", "rank", "yoy")}
    # Each figure keeps the date of the release that stated it.
    assert released == {
        "shipments": "2023-04-20",
        "share": "2023-01-19",
        "rank": "2023-01-19",
        "yoy": "2023-01-19",
    }
    page = client.get(
        "/history?source=canalys&market=india&category=smartphones&vendor=xiaomi&quarter=2022Q4"
    ).text
    assert "Shipments 5.6 M · released 20 Apr 2023 · <a" in page
    assert re.search(r"Share 17(\.0)?% · released 19 Jan 2023 · <a", page), page[
        page.find("<ol") :
    ][:900]


def test_reimporting_with_blank_cells_keeps_every_stated_figure_and_page(
    db: Session, client: TestClient
) -> None:
    seeded = Path("app/seed/india_smartphones.csv").read_text().splitlines()
    canalys_2022q4 = [
        line for line in seeded if line.startswith("canalys,india,smartphones,2022Q4,")
    ]
    header = seeded[0].split(",")
    blanked = []
    for line in canalys_2022q4:
        cells = line.split(",", len(header) - 1)
        cells[header.index("rank")] = cells[header.index("yoy_growth_pct")] = ""
        cells[header.index("source_url")] = A
        blanked.append(",".join(cells))
    before = client.get("/api/v1/observations?source=canalys&quarter=2022Q4").json()["items"]
    preview = service.preview(db, rows(*blanked, header=seeded[0]), "again.csv")
    assert preview.ok
    kept = {c.row.vendor: c.kept for c in preview.changes if c.row.vendor}
    assert kept["xiaomi"] == ("rank", "yoy_growth_pct")
    publish(db, rows(*blanked, header=seeded[0]))
    after = client.get("/api/v1/observations?source=canalys&quarter=2022Q4").json()["items"]
    figures = ("shipments", "share_pct", "rank", "yoy_growth_pct")
    assert [{f: r[f] for f in figures} for r in after] == [
        {f: r[f] for f in figures} for r in before
    ]
    xiaomi_after = next(r for r in after if r["vendor"] == "xiaomi")
    assert xiaomi_after["rank"] == 3 and xiaomi_after["rank_url"] == [GSMARENA]
    assert xiaomi_after["yoy_growth_pct"] == -40.0 and xiaomi_after["yoy_url"] == [GSMARENA]
    assert xiaomi_after["shipments_url"] == [GSMARENA, A]  # the same figure, one page more


def test_the_story_holds_across_trackers(client: TestClient) -> None:
    assert xiaomi(client, "idc")["rank"] == 1
    assert xiaomi(client, "canalys")["rank"] == 3
    assert xiaomi(client, "counterpoint")["rank"] == 3


def test_released_dates_are_read_and_bad_ones_named(db: Session) -> None:
    header = "source,market,category,quarter,vendor,share_pct,released"
    good = rows("canalys,india,smartphones,2022Q4,Xiaomi,17,19 Jan 2023", header=header)
    (change,) = service.preview(db, good, "f.csv").changes
    assert change.new.released == date(2023, 1, 19)
    bad = rows("canalys,india,smartphones,2022Q4,Xiaomi,17,01/02/2023", header=header)
    assert [str(p) for p in service.preview(db, bad, "f.csv").problems] == [
        "row 2, column 'released': '01/02/2023' is not a date; write the release date as "
        "2023-01-19 (or 19 Jan 2023)"
    ]


def test_a_missing_category_is_one_problem_and_the_only_market_is_used(db: Session) -> None:
    data = rows(
        "canalys,2022Q4,Samsung,21",
        "canalys,2022Q4,vivo,20",
        "canalys,2022Q4,Xiaomi,17",
        header="source,quarter,vendor,share_pct",
    )
    preview = service.preview(db, data, "f.csv")
    assert [str(p) for p in preview.problems] == [
        "column 'category': the file has no 'category' column and no category was chosen; "
        "choose one on the upload (known: audio, feature-phones, smart-tvs, smartphones, "
        "smartwatches, wearables) or add the column"
    ]
    chosen = service.preview(db, data, "f.csv", defaults={"category": "smartphones"})
    assert chosen.ok and {c.row.market for c in chosen.changes} == {"india"}


def test_blank_cells_clear_only_when_asked_through_the_form(
    db: Session, admin_client: LoggedIn
) -> None:
    data = rows(
        "canalys,india,smartphones,2022Q4,Xiaomi,,17",
        header="source,market,category,quarter,vendor,rank,share_pct",
    )
    keeping = admin_client.post("/admin/imports", files={"file": ("k.csv", data, "text/csv")})
    page = admin_client.get(keeping.headers["location"]).text
    assert "keeps stated rank 3" in page and "Blank cells keep the stated figures" in page
    clearing = admin_client.post(
        "/admin/imports",
        data={"clear_blanks": "true"},
        files={"file": ("c.csv", data, "text/csv")},
    )
    location = clearing.headers["location"]
    page = admin_client.get(location).text
    assert "<strong>clears rank 3</strong>" in page
    base = int(page.split('name="base_revision" value="')[1].split('"')[0])
    admin_client.post(f"{location}/publish", data={"base_revision": str(base)})
    record = xiaomi(admin_client.client)
    assert record["rank"] == 3 and "rank" in record["derived"]  # cleared, then derived again
    assert record["rank_url"] == []


def test_blank_cells_clear_only_when_asked_through_the_api(
    db: Session, admin_client: LoggedIn
) -> None:
    page = admin_client.post("/admin/tokens", data={"name": "sync"}).text
    found = re.search(r'<code class="secret">(st_[^<]+)</code>', page)
    assert found is not None
    data = rows(
        "canalys,india,smartphones,2022Q4,Xiaomi,,17",
        header="source,market,category,quarter,vendor,rank,share_pct",
    )
    api = admin_client.client
    headers = {"authorization": f"Bearer {found.group(1)}"}
    kept = api.post(
        "/api/v1/imports?dry_run=true", headers=headers, files={"file": ("k.csv", data)}
    ).json()
    assert kept["rows"][0]["keeps"] == ["rank"] and kept["rows"][0]["new"]["rank"] == 3
    cleared = api.post(
        "/api/v1/imports?dry_run=true",
        headers=headers,
        data={"clear_blanks": "true"},
        files={"file": ("k.csv", data)},
    ).json()
    assert cleared["rows"][0]["clears"] == ["rank"] and cleared["rows"][0]["new"]["rank"] is None


def test_the_cli_keeps_blanks_clears_when_told_and_prints_every_row(
    cli_db: str,  # noqa: F811 (the fixture)
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    f = tmp_path / "blank.csv"
    f.write_bytes(
        rows(
            "canalys,india,smartphones,2022Q4,Xiaomi,,17",
            "canalys,india,smartphones,2022Q4,Samsung,1,21",
            header="source,market,category,quarter,vendor,rank,share_pct",
        )
    )
    assert cli.main(["import", str(f), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "row 2: canalys smartphones 2022Q4 Xiaomi: unchanged" in out[2]
    assert out[2].endswith("; keeps stated rank 3")
    assert out[3].startswith("row 3: canalys smartphones 2022Q4 Samsung: unchanged (shipments")
    before = dump(cli_db)
    assert cli.main(["import", str(f), "--clear-blanks", "--dry-run"]) == 0
    assert "clears rank 3" in capsys.readouterr().out
    assert dump(cli_db) == before
    assert cli.main(["import", str(f), "--clear-blanks", "--format", "json"]) == 0
    body = capsys.readouterr().out
    assert '"clears": [\n    "rank"\n   ]' in body and '"revision": ' in body


def test_history_keeps_the_first_release_and_the_restatement(
    db: Session, client: TestClient
) -> None:
    publish(
        db,
        rows(
            f"canalys,india,smartphones,2022Q4,OPPO,4.0,{C},2024-01-23,restated,excl. OnePlus",
            header=(
                "source,market,category,quarter,vendor,shipments_million,source_url,released,"
                "status,note"
            ),
        ),
    )
    body = client.get(
        "/api/v1/observations/history?source=canalys&vendor=oppo&quarter=2022Q4"
    ).json()
    first, restated = body["versions"]
    assert (first["shipments"], first["shipments_url"], first["current"]) == (
        5_500_000,
        [GSMARENA],
        False,
    )
    assert (restated["shipments"], restated["shipments_url"], restated["status"]) == (
        4_000_000,
        [C],
        "restated",
    )
    assert restated["released"] == "2024-01-23" and restated["current"]
    page = client.get("/history?source=canalys&vendor=oppo&quarter=2022Q4").text
    assert "Replaced in r" in page and "released by the tracker 23 Jan 2024" in page
    pinned = client.get(
        f"/api/v1/charts/shipments.json?source=canalys&as_of=r{first['revision']}"
        "&vendors=oppo&from=2022Q4&to=2022Q4"
    ).json()
    assert pinned["data"][0]["shipments"] == 5_500_000  # as_of draws what was known then
    missing = client.get("/api/v1/observations/history?source=canalys&vendor=acme&quarter=2022Q4")
    assert missing.status_code == 404
    assert (
        missing.json()["error"] == "unknown vendor 'acme'; write its slug, such as xiaomi, or TOTAL"
    )


def test_others_and_total_on_an_empty_database(empty_db: Session) -> None:
    data = rows(
        "idc,india,smartphones,2023Q1,Samsung,6.0,20",
        "idc,india,smartphones,2023Q1,Others,24.0,80",
        "idc,india,smartphones,2023Q1,TOTAL,30.0,",
        header="source,market,category,quarter,vendor,shipments_million,share_pct",
    )
    preview = service.preview(empty_db, data, "f.csv", create={"vendor"})
    assert preview.ok, preview.problems
    assert preview.vendors_to_create == {"Samsung": "samsung", "Others": "others"}
    assert [c.row.vendor for c in preview.changes] == ["samsung", "others", None]
    publish(empty_db, data, create={"vendor"})
    assert table_dump(empty_db)["vendors"][-1][1:3] == ("others", "Others")


def test_migration_carries_each_row_url_to_its_stated_figures(client: TestClient) -> None:
    record = xiaomi(client)
    assert record["shipments_url"] == record["share_url"] == record["rank_url"] == [GSMARENA]
    share_only = client.get(
        "/api/v1/observations?source=counterpoint&vendors=xiaomi&quarter=2022Q4"
    ).json()["items"][0]
    assert share_only["shipments"] is None and share_only["shipments_url"] == []
    assert share_only["share_url"] == share_only["source_url"] != []
    assert Decimal(str(share_only["share_pct"])) == Decimal("18")


def test_release_dates_migrate_to_each_stated_figure_and_back(backend: Backend) -> None:
    """0006 gives a row's date to the figures it states; down and up again keeps them."""
    engine = make_engine(backend.copy())
    dated = text(
        "SELECT count(*) FROM observations WHERE released IS NOT NULL AND ("
        "(shipments IS NOT NULL AND shipments_released IS DISTINCT FROM released) OR "
        "(share_pct IS NOT NULL AND share_released IS DISTINCT FROM released) OR "
        "(shipments IS NULL AND shipments_released IS NOT NULL))"
    )
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005")
        assert "share_released" not in {
            c["name"] for c in inspect(connection).get_columns("observations")
        }
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(dated).scalar() == 0
        share_dates = connection.execute(
            text("SELECT count(*) FROM observations WHERE share_released IS NOT NULL")
        ).scalar()
    assert share_dates and share_dates > 300
    engine.dispose()
