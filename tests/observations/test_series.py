"""A successor continues its predecessor's series: Omdia (Canalys renamed) from Q3 2025."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.imports import service as imports
from app.observations import service as observations
from tests.conftest import LoggedIn
from tests.helpers import LONG_HEADER, csv_bytes

# The seed already carries Omdia's own releases from 2025Q3 (its successor_from) on; the test
# adds a quarter the seed does not have and Omdia's restatement of a quarter Canalys reported.
OMDIA_FILE = csv_bytes(
    LONG_HEADER,
    "omdia,india,smartphones,2026Q1,vivo,8.4,21,1,,preliminary,,https://example.org/omdia-q1",
    "omdia,india,smartphones,2026Q1,Samsung,6.6,16,2,,preliminary,,https://example.org/omdia-q1",
    "omdia,india,smartphones,2026Q1,Xiaomi,5.0,12,3,,preliminary,,https://example.org/omdia-q1",
    # Omdia's own restatement of a quarter Canalys reported: not part of Canalys's series.
    "omdia,india,smartphones,2025Q2,vivo,8.3,22,1,,,,https://example.org/omdia-q2",
)


@pytest.fixture
def omdia(db: Session) -> int:
    _, revision = imports.publish(db, OMDIA_FILE, "omdia-q1.csv")
    assert revision is not None
    return revision.id


def test_the_canalys_chart_continues_with_omdia(client: TestClient, omdia: int) -> None:
    body = client.get("/api/v1/charts/share.json?source=canalys").json()
    vivo = next(t for t in body["figure"]["data"] if t["name"] == "vivo")
    assert vivo["x"][-4:] == ["Q2 2025", "Q3 2025", "Q4 2025", "Q1 2026"]
    # Q2 is Canalys's figure (21), not Omdia's restatement (22); Q3 on are Omdia's.
    assert vivo["y"][-4:] == [21.0, 20.0, 23.0, 21.0]
    stated = {
        (r["quarter"], r["source"], r["shipments"])
        for r in body["data"]
        if r["vendor"] == "vivo" and r["quarter"] in ("2025Q2", "2025Q3", "2025Q4", "2026Q1")
    }
    assert stated == {
        ("2025Q2", "canalys", 8_100_000),
        ("2025Q3", "omdia", 9_700_000),
        ("2025Q4", "omdia", 7_900_000),
        ("2026Q1", "omdia", 8_400_000),
    }
    # Omdia's growth is worked out against Canalys's quarter a year earlier.
    assert "<br>Source: Omdia (derived: yoy_growth_pct)<br>" in vivo["customdata"][-1]
    assert "<br>Source: Omdia<br>" in vivo["customdata"][-2]  # 2025Q4: growth stated
    assert "<br>Source: Omdia (derived: yoy_growth_pct)<br>" in vivo["customdata"][-3]
    assert "<br>Source: Canalys<br>" in vivo["customdata"][-4]

    page = client.get("/charts/share?source=canalys").text
    footer = f"Source: Canalys (Omdia from Q3 2025) · sharetrack · data as of r{omdia}"
    assert footer in page
    assert "Canalys (Omdia from Q3 2025) via sharetrack." in page  # the citation


def test_growth_is_derived_across_the_change_of_name(client: TestClient, omdia: int) -> None:
    body = client.get("/api/v1/charts/growth.json?source=canalys&quarter=2025Q3").json()
    vivo = next(r for r in body["data"] if r["vendor"] == "vivo")
    # Omdia's 9.7 M against Canalys's 9.1 M a year earlier.
    assert (vivo["source"], vivo["yoy_growth_pct"], vivo["derived"]) == (
        "omdia",
        6.6,
        ["yoy_growth_pct"],
    )


def test_the_successor_is_not_listed_apart_but_charts_alone(
    client: TestClient, db: Session, omdia: int
) -> None:
    assert observations.sources_with_data(db, "india", "smartphones") == (
        "canalys",
        "counterpoint",
        "idc",
        "cmr",
    )
    assert "omdia" in observations.sources_with_data(db, "india", "smartphones", separately=True)
    alone = client.get("/charts/share?source=omdia")
    assert alone.status_code == 200
    assert f"Source: Omdia · sharetrack · data as of r{omdia}" in alone.text
    compared = client.get("/charts/sources?quarter=2025Q3").text
    # Canalys's series is one column, credited to Omdia, which stated Q3 2025.
    assert "Sources: Omdia, Counterpoint, IDC, CMR · sharetrack" in compared
    assert "Canalys" not in compared.split("Sources: ", 1)[1].split(" · sharetrack")[0]
    table = client.get("/api/v1/charts/sources.json?quarter=2025Q3").json()["table"]
    assert table["columns"] == ["Vendor", "Omdia", "Counterpoint", "IDC", "CMR", "Spread"]


def test_without_successor_figures_the_name_stays(db: Session, admin_client: LoggedIn) -> None:
    # The seed holds Omdia's figures, so a fictional successor that has stated nothing yet.
    created = admin_client.post(
        "/admin/sources",
        {
            "slug": "acme",
            "name": "Acme Research",
            "url": "",
            "methodology": "",
            "aliases": "",
            "predecessor": "cmr",
            "successor_from": "2026Q1",
        },
    )
    assert created.status_code == 303
    page = admin_client.get("/charts/share?source=cmr").text
    assert "Source: CMR · sharetrack · data as of r" in page
    assert "Acme" not in admin_client.get("/api/v1/charts/share.json?source=cmr").text
    # Once it states a quarter, the series is credited to both.
    imports.publish(
        db,
        csv_bytes(
            "source,market,category,quarter,vendor,share_pct",
            "acme,india,smartphones,2026Q1,vivo,19",
        ),
        "acme.csv",
    )
    page = admin_client.get("/charts/share?source=cmr").text
    assert "Source: CMR (Acme Research from Q1 2026) · sharetrack · data as of r" in page


def test_observations_name_the_tracker_that_stated_each_figure(
    client: TestClient, omdia: int
) -> None:
    items = client.get("/api/v1/observations?source=canalys&vendors=vivo&from=2025Q2").json()
    assert [(r["quarter"], r["source"]) for r in items["items"]] == [
        ("2025Q2", "canalys"),
        ("2025Q3", "omdia"),
        ("2025Q4", "omdia"),
        ("2026Q1", "omdia"),
    ]
    both = client.get("/api/v1/observations?source=canalys,omdia&vendors=vivo&from=2025Q2").json()
    assert sorted((r["quarter"], r["source"]) for r in both["items"]) == [
        ("2025Q2", "canalys"),
        ("2025Q2", "omdia"),  # Omdia's own restatement, asked for by name
        ("2025Q3", "omdia"),  # once, though both series hold it
        ("2025Q4", "omdia"),
        ("2026Q1", "omdia"),
    ]


def test_a_successor_figure_replaces_the_predecessors_for_its_quarter(
    client: TestClient, db: Session
) -> None:
    imports.publish(
        db,
        csv_bytes(
            "source,market,category,quarter,vendor,share_pct",
            "canalys,india,smartphones,2026Q1,vivo,19",
            "omdia,india,smartphones,2026Q1,vivo,20",
        ),
        "both.csv",
    )
    body = client.get("/api/v1/charts/share.json?source=canalys&vendors=vivo&from=2026Q1").json()
    assert [(r["source"], r["share_pct"]) for r in body["data"] if r["vendor"] == "vivo"] == [
        ("omdia", 20.0)
    ]


def test_the_sources_api_lists_both_with_the_succession(client: TestClient) -> None:
    items = {s["slug"]: s for s in client.get("/api/v1/sources").json()["items"]}
    assert (items["omdia"]["predecessor"], items["omdia"]["successor_from"]) == (
        "canalys",
        "2025Q3",
    )
    assert (items["canalys"]["predecessor"], items["canalys"]["successor_from"]) == (None, None)
    assert items["idc"]["aliases"] == ["IDC", "International Data Corporation"]


def test_the_quarter_page_names_the_tracker_of_that_quarter(client: TestClient, omdia: int) -> None:
    page = client.get("/quarters/2025Q3").text
    assert '<h2 id="t-canalys">Omdia: vivo led Q3 2025 with 20.0% of shipments</h2>' in page
    assert '<h2 id="t-canalys">Canalys: ' in client.get("/quarters/2025Q2").text


def test_a_shift_in_a_successors_quarter_is_credited_to_it(client: TestClient, db: Session) -> None:
    imports.publish(
        db,
        csv_bytes(
            # Restates the seed's Omdia Q3 2025 (vivo first, Samsung second), ranks included.
            "source,market,category,quarter,vendor,shipments_million,share_pct,rank",
            "omdia,india,smartphones,2025Q3,Samsung,9.9,21,1",
            "omdia,india,smartphones,2025Q3,vivo,9.0,19,2",
        ),
        "samsung-leads.csv",
    )
    page = client.get("/").text
    assert (
        "<time>Q3 2025</time></a> Samsung overtook vivo to take first place in Q3 2025 "
        '<span class="muted">(Omdia)</span>'
    ) in page  # Canalys's vivo of Q2 against Omdia's Samsung of Q3: one series
