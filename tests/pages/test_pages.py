"""Quarter, vendor and source pages on the seeded data (SQLite and PostgreSQL)."""

import html
import re

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.imports import service as imports
from app.reference import notes
from app.reference.edits import get_tracker
from app.web import figure_json


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_quarter_report_says_quarter_and_year_leaders_differ(client: TestClient) -> None:
    page = client.get("/quarters/Q4 2022")
    assert page.status_code == 200
    body = text_of(page.text)
    assert "Canalys: Samsung led Q4 2022 with 21.0% of shipments" in body
    assert (
        "Samsung led Q4 2022, but Xiaomi led 2022 as a whole for Canalys (stated by the tracker)."
    ) in body
    assert "Samsung overtook Xiaomi to take first place in Q4 2022" in body
    assert "Xiaomi falls to third" in body  # the event of that quarter
    assert 'href="/quarters/2022Q3"' in page.text and 'href="/quarters/2023Q1"' in page.text


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/quarters/2030Q1", "no figures for 2030Q1; recent quarters:"),
        ("/quarters/banana", "&#39;banana&#39; is not a quarter"),
        ("/vendors/nokiax", "unknown vendor &#39;nokiax&#39;; known: amazfit, apple"),
    ],
)
def test_unknown_pages_say_what_exists(client: TestClient, url: str, message: str) -> None:
    page = client.get(url)
    assert page.status_code == 404 and message in page.text


def test_vendor_profile(client: TestClient) -> None:
    page = client.get("/vendors/xiaomi")
    assert page.status_code == 200
    body = text_of(page.text)
    assert "Xiaomi fell to third, its lowest rank in this tracker's data" in body
    assert "ED seizes Rs 5,551 crore" in body
    for chart in ("c-rank-plot-data", "c-share-plot-data", "c-categories-plot-data"):
        assert f'id="{chart}"' in page.text


def test_sources_page_lists_coverage_and_method(client: TestClient) -> None:
    body = text_of(client.get("/sources").text)
    assert "Canalys Smartphones Q1 2019 Q2 2025" in body
    assert "Full years are the sum of the four quarters" in body


def test_full_year_leaderboard_is_derived_and_labelled(client: TestClient) -> None:
    # Canalys states 2022 and 2023 as years; 2024 only as quarters.
    body = client.get("/api/v1/charts/snapshot.json?source=canalys&quarter=2024").json()
    assert body["title"] == "vivo led 2024 with 18.9% of shipments"
    assert body["table"]["columns"][-1] == "vs previous year"
    vivo = next(r for r in body["data"] if r["vendor"] == "vivo")
    assert (vivo["quarter"], vivo["shipments"]) == ("2024", 29_500_000)  # 6.2 + 6.7 + 9.1 + 7.5
    assert vivo["derived"] == ["shipments", "share_pct", "rank", "yoy_growth_pct"]


def test_lakh_and_crore_on_request(client: TestClient) -> None:
    body = client.get(
        "/api/v1/charts/snapshot.json?source=canalys&quarter=2022Q4&units=indian"
    ).json()
    assert body["table"]["rows"][0][:4] == ["Samsung", "#1", "21.0%", "67 lakh"]
    assert client.get("/api/v1/charts/snapshot.json?units=lakh").status_code == 422


def test_figure_json_cannot_close_its_script_block() -> None:
    figure = {"data": [{"name": "</script><script>window.__x=1</script> & <!--"}]}
    text = figure_json(figure)
    assert "<" not in text and ">" not in text and "&" not in text
    assert orjson.loads(text) == figure  # what the browser's JSON.parse reads back


# Canalys's H1 2025 as a tracker would state it: the seed's Q1 and Q2 2025 figures summed.
H1_2025 = "\n".join(
    [
        "source,market,category,quarter,vendor,shipments_million,source_url",
        "canalys,india,smartphones,H1 2025,vivo,15.1,https://example.org/h1-2025",
        "canalys,india,smartphones,H1 2025,Samsung,11.3,https://example.org/h1-2025",
        "canalys,india,smartphones,H1 2025,Xiaomi,9.0,https://example.org/h1-2025",
        "canalys,india,smartphones,H1 2025,OPPO,8.9,https://example.org/h1-2025",
        "canalys,india,smartphones,H1 2025,TOTAL,71.4,https://example.org/h1-2025",
    ]
).encode()


def test_half_year_page_shows_the_half_year_as_stated(db: Session, client: TestClient) -> None:
    imports.publish(db, H1_2025, "h1-2025.csv")
    page = client.get("/quarters/1H25")
    assert page.status_code == 200
    body = text_of(page.text)
    assert "Half-year report · India smartphones" in body
    assert "Canalys: vivo led H1 2025 with 21.1% of shipments" in body  # 15.1 of 71.4 M
    assert "H1 2025: stated by the tracker." in body
    assert "vs previous half-year" in body and "lowest rank" not in body
    assert 'href="/quarters/2025Q2"' not in page.text  # the pager steps by half-years


def test_year_page_says_the_year_is_the_sum_of_four_quarters(client: TestClient) -> None:
    page = client.get("/quarters/2024")  # Canalys states no 2024 figures of its own
    body = text_of(page.text)
    assert "Year report · India smartphones" in body
    assert "Canalys: vivo led 2024 with 18.9% of shipments" in body
    assert "2024: sum of four quarters." in body
    assert 'href="/quarters/2023"' in page.text and 'href="/quarters/2025"' in page.text


def test_vendor_page_lists_half_years_and_years_with_how_they_came_about(
    db: Session, client: TestClient
) -> None:
    imports.publish(db, H1_2025, "h1-2025.csv")
    body = text_of(client.get("/vendors/vivo").text)
    latest = body[body.index("Latest figures") : body.index("Half-years and full years")]
    # The latest quarter of Canalys's series, credited to Omdia who stated it; not H1 2025.
    assert "Omdia Q4 2025 #1 23.0% 7.9 M 16.0%" in latest
    assert "IDC Q3 2025" in latest and "Idc" not in body  # trackers as they write their names
    assert "H1 2025" not in latest
    longer = body[body.index("Half-years and full years") :]
    assert "Canalys H1 2025 #1 21.1% 15.1 M – stated by the tracker" in longer
    # 6.2 + 6.7 + 9.1 + 7.5 M, and 13.0% over the 26.1 M Canalys stated for 2023.
    assert "Canalys 2024 #1 18.9% 29.5 M 13.0% sum of four quarters" in longer


def test_sources_page_tells_each_trackers_series_aliases_and_notes(
    client: TestClient, db: Session
) -> None:
    notes.add_note(
        db,
        get_tracker(db, "canalys"),
        notes.NoteForm(
            "realme includes narzo",  # fictional; the seed's notes stop before 2026
            from_period="2026Q1",
            vendor="realme",
            url="https://example.org/realme",
        ),
    )
    body = text_of(client.get("/sources").text)
    # The series, then the seed's notes by period (the first: OPPO until Q1 2023) ...
    assert (
        "Canalys Sell-in shipments from vendors to channels; preliminary estimates revised in "
        "later releases. Continued by Omdia from Q3 2025: one series on the charts, each figure "
        "credited to the tracker that published it. until Q1 2023, OPPO : OPPO includes OnePlus "
        "up to the Q1 2023 release"
    ) in body
    # ... and the note added here last, before the next tracker.
    note = "from Q1 2026, realme : realme includes narzo ( source ) "
    assert -1 < body.index(note) < body.index("CMR CyberMedia Research")
    assert "Also written: IDC, International Data Corporation" not in body  # IDC is the name
    assert "Also written: International Data Corporation" in body
    assert "Omdia Informa's Omdia, into which Canalys was merged" in body
    assert "Continues Canalys from Q3 2025" in body
