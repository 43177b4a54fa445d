"""A tracker's note on what a vendor's figures include shows in the hover where it applies:
its tracker, its vendor, its quarters and (when it names one) its category."""

from fastapi.testclient import TestClient


def hover_of(client: TestClient, query: str, vendor: str, x: str) -> str:
    body = client.get(f"/api/v1/charts/share.json?{query}").json()
    (trace,) = [t for t in body["figure"]["data"] if t["name"] == vendor]
    return str(trace["customdata"][trace["x"].index(x)])


def test_a_perimeter_note_shows_where_it_applies(client: TestClient) -> None:
    after = hover_of(client, "source=canalys&vendors=oppo&from=2023Q1&to=2023Q4", "OPPO", "Q3 2023")
    assert "Note: From the Q2 2023 release OPPO excludes OnePlus" in after
    assert "includes OnePlus up to the Q1 2023 release" not in after
    before = hover_of(
        client, "source=canalys&vendors=oppo&from=2021Q1&to=2021Q4", "OPPO", "Q1 2021"
    )
    assert "Note: OPPO includes OnePlus up to the Q1 2023 release" in before


def test_a_note_about_one_category_stays_out_of_the_others(client: TestClient) -> None:
    wearables = hover_of(
        client,
        "source=idc&category=wearables&vendors=oppo&from=2024Q2&to=2024Q3",
        "OPPO",
        "Q2 2024",
    )
    assert "Note: Wearables only: IDC's OPPO includes OnePlus" in wearables
    phones = hover_of(client, "source=idc&vendors=oppo&from=2024Q2&to=2024Q3", "OPPO", "Q2 2024")
    assert "Wearables only" not in phones
    assert "Note: IDC lists OnePlus separately from OPPO" in phones
