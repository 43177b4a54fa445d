"""No dead ends: an impossible choice on a chart page shows the nearest chart with its
controls and the problem beside them; JSON clients get the 4xx JSON as before."""

import re

from fastapi.testclient import TestClient


def problem(page: str) -> str:
    found = re.search(
        r'<p class="error query-problem" id="query-problem" role="alert">(.*?)</p>', page
    )
    assert found, "no problem shown beside the controls"
    return found.group(1).replace("&#39;", "'")


def test_from_after_to_shows_the_chart_and_flags_the_from_field(client: TestClient) -> None:
    response = client.get("/charts/share?source=canalys&from=2024Q1&to=2022Q1")
    assert response.status_code == 422
    page = response.text
    assert problem(page) == (
        "'from' (2024Q1) is after 'to' (2022Q1). The chart is drawn without that choice."
    )
    assert (
        '<input name="from" value="2024Q1" placeholder="2019Q1" size="7" aria-invalid="true" '
        'aria-describedby="query-problem">' in page
    )
    assert 'value="2022Q1"' in page  # the choice that could be kept is kept
    assert 'id="chart-data"' in page and "Latest, Q1 2022: " in page  # drawn up to 2022Q1
    assert 'class="controls"' in page and "Use this chart" in page


def test_an_unknown_vendor_names_the_known_ones_and_keeps_what_was_typed(
    client: TestClient,
) -> None:
    response = client.get("/charts/rank?vendors=xiaomi,nokiax")
    assert response.status_code == 404
    text = problem(response.text)
    assert text.startswith("unknown vendor 'nokiax'; known: ")
    assert 'name="vendors" value="xiaomi,nokiax"' in response.text
    assert "<h1>" in response.text and 'id="chart-data"' in response.text


def test_a_choice_that_cannot_be_dropped_alone_falls_back_to_the_defaults(
    client: TestClient,
) -> None:
    response = client.get("/charts/share?mode=pie&theme=dark")
    assert response.status_code == 422
    assert problem(response.text).startswith("mode 'pie' is not valid for the share chart")
    assert 'data-theme="dark"' in response.text  # a valid theme is kept


def test_json_clients_still_get_the_json_error(client: TestClient) -> None:
    response = client.get(
        "/charts/share?from=2024Q1&to=2022Q1", headers={"Accept": "application/json"}
    )
    assert response.status_code == 422
    assert response.json() == {"error": "'from' (2024Q1) is after 'to' (2022Q1)"}
    api = client.get("/api/v1/charts/share.json?from=2024Q1&to=2022Q1")
    assert (
        api.status_code == 422 and api.json()["error"] == "'from' (2024Q1) is after 'to' (2022Q1)"
    )


def test_an_unknown_chart_is_still_not_found(client: TestClient) -> None:
    response = client.get("/charts/pie")
    assert response.status_code == 404
    assert "unknown chart &#39;pie&#39;" in response.text
