"""Each chart in words: what it shows, the finding and the latest figures, on the page."""

import html
import re

from fastapi.testclient import TestClient


def description(client: TestClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text[:300]
    found = re.search(r'<p class="visually-hidden" id="chart-desc">([^<]*)</p>', page.text)
    assert found, "no text alternative on the page"
    assert 'aria-describedby="chart-desc"' in page.text
    return html.unescape(found.group(1))


def test_rank_chart_says_what_it_shows_the_finding_and_the_latest_ranks(
    client: TestClient,
) -> None:
    text = description(client, "/charts/rank?source=canalys&to=2022Q4")
    assert text.startswith(
        "Rank chart (1 = largest), Q1 2019 to Q4 2022: Samsung, vivo, Xiaomi, OPPO and realme. "
        "Samsung overtook Xiaomi to take first place in Q4 2022; Xiaomi fell to third"
    )
    assert "Latest, Q4 2022: Samsung #1, vivo #2, Xiaomi #3, OPPO #4, realme #5." in text


def test_leaderboard_names_every_bar_with_its_figure(client: TestClient) -> None:
    text = description(client, "/charts/snapshot?source=canalys&quarter=2022Q4")
    assert text.startswith("Bar chart of share of shipments (%) for Samsung, vivo, Xiaomi")
    assert "Samsung led Q4 2022 with 21.0% of shipments." in text
    assert "Figures: Samsung 21.0%, vivo 20.0%, Xiaomi 17.0%, OPPO 17.0%, realme 8.0%" in text


def test_trackers_compared_names_each_trackers_figures(client: TestClient) -> None:
    text = description(client, "/charts/sources?quarter=2022Q4")
    assert "one bar each for Canalys, Counterpoint and IDC." in text
    assert "Counterpoint: Samsung 20.0%, vivo 19.0%, Xiaomi 18.0%, OPPO 11.0%" in text


def test_shipments_latest_figures_are_in_the_charts_units(client: TestClient) -> None:
    text = description(client, "/charts/shipments?source=canalys&to=2022Q4")
    assert "Latest, Q4 2022: Samsung 6.7 M" in text
    text = description(client, "/charts/shipments?source=canalys&to=2022Q4&units=indian")
    assert "Latest, Q4 2022: Samsung 67 lakh" in text
