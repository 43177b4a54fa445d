"""The admin pages for trackers, markets and categories: admins only, every change audited,
a refused form shown again as typed with the message beside the field."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, Category, Market, Source
from tests.conftest import LoggedIn

NEW_TRACKER = {
    "slug": "acme",
    "name": "Acme Research",
    "url": "https://acme.example/",
    "methodology": "Sell-out, from retail panels.",
    "aliases": "Acme\r\nACME Research India",
    "predecessor": "",
    "successor_from": "",
}


def audit(db: Session) -> list[tuple[str, str]]:
    """What the test's admin did, after logging in."""
    rows = db.execute(
        select(AuditEntry.action, AuditEntry.detail)
        .where(AuditEntry.action != "login")
        .order_by(AuditEntry.id)
    )
    return [(action, detail) for action, detail in rows]


def test_the_trackers_page_lists_succession_and_aliases(admin_client: LoggedIn) -> None:
    page = admin_client.get("/admin/sources")
    assert page.status_code == 200
    assert "continues Canalys from Q3 2025" in page.text
    assert "IDC, International Data Corporation" in page.text
    assert 'href="/admin/sources"' in page.text  # in the admin nav


def test_create_a_tracker(db: Session, admin_client: LoggedIn) -> None:
    response = admin_client.post("/admin/sources", NEW_TRACKER)
    assert (response.status_code, response.headers["location"]) == (303, "/admin/sources/acme")
    acme = db.scalar(select(Source).where(Source.slug == "acme"))
    assert acme is not None and {a.alias for a in acme.aliases} == {"Acme", "ACME Research India"}
    assert audit(db)[-1] == (
        "source.create",
        "acme: created; url: None -> https://acme.example/; methodology: None -> Sell-out, "
        "from retail panels.; alias added: Acme; alias added: ACME Research India",
    )


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        (
            {"slug": "Acme Research"},
            400,
            "slug &#39;Acme Research&#39; must be 1 to 40 characters of a-z, 0-9 and &#39;-&#39;",
        ),
        (
            {"aliases": "Acme\nInternational Data Corporation"},
            409,
            "alias &#39;International Data Corporation&#39; is already used by tracker IDC (idc)",
        ),
        (
            {"predecessor": "canalys", "successor_from": "Q5 2025"},
            400,
            "successor_from: &#39;Q5 2025&#39;: quarter 5 does not exist (quarters are Q1-Q4)",
        ),
    ],
)
def test_a_refused_tracker_keeps_what_was_typed(
    db: Session, admin_client: LoggedIn, changes: dict[str, str], status: int, message: str
) -> None:
    typed = {**NEW_TRACKER, **changes}
    response = admin_client.post("/admin/sources", typed)
    assert response.status_code == status
    assert message in response.text
    assert f'value="{typed["slug"]}"' in response.text
    assert 'value="Acme Research"' in response.text
    assert "Sell-out, from retail panels.</textarea>" in response.text
    assert db.scalar(select(Source).where(Source.name == "Acme Research")) is None


def test_edit_omdia_and_refuse_a_cycle(db: Session, admin_client: LoggedIn) -> None:
    page = admin_client.get("/admin/sources/omdia").text
    assert '<option value="canalys" selected>Canalys (canalys)</option>' in page
    assert 'name="successor_from" value="2025Q3"' in page
    saved = admin_client.post(
        "/admin/sources/omdia",
        {
            "name": "Omdia",
            "url": "https://omdia.tech.informa.com",
            "methodology": "Informa's Omdia, into which Canalys was merged: its India smartphone "
            "shipment estimates (sell-in) continue the Canalys series from 2025Q3.",
            "aliases": "Omdia\nOmdia (formerly Canalys)",
            "predecessor": "canalys",
            "successor_from": "2025Q3",
        },
    )
    assert saved.status_code == 303
    assert audit(db)[-1] == ("source.edit", "omdia: alias added: Omdia (formerly Canalys)")
    cycle = admin_client.post(
        "/admin/sources/canalys",
        {"name": "Canalys", "predecessor": "omdia", "successor_from": "2026Q1"},
    )
    assert cycle.status_code == 400
    assert "predecessor &#39;omdia&#39; would make a cycle: canalys → omdia → canalys" in cycle.text
    assert 'name="successor_from" value="2026Q1"' in cycle.text
    assert 'aria-invalid="true" aria-describedby="predecessor-error"' in cycle.text


def test_notes_are_added_refused_and_deleted(db: Session, admin_client: LoggedIn) -> None:
    note = {
        "text": "OPPO excludes OnePlus (prior year restated)",
        "from_period": "2023Q2",
        "to_period": "",
        "vendor": "oppo",
        "note_url": "https://www.canalys.com/newsroom/india-smartphone-market-q2-2023",
    }
    assert admin_client.post("/admin/sources/canalys/notes", note).status_code == 303
    page = admin_client.get("/admin/sources/canalys").text
    assert (
        '<th scope="row">from Q2 2023</th><td class="left">OPPO</td><td class="left">all</td>'
        in page
    )
    wearables = {**note, "text": "OPPO includes OnePlus", "category": "wearables"}
    assert admin_client.post("/admin/sources/canalys/notes", wearables).status_code == 303
    assert (
        '<td class="left">OPPO</td><td class="left">Wearables</td>'
        in admin_client.get("/admin/sources/canalys").text
    )
    typo = admin_client.post("/admin/sources/canalys/notes", {**note, "category": "wearable"})
    assert typo.status_code == 400
    assert "unknown category &#39;wearable&#39;; did you mean &#39;wearables&#39;?" in typo.text
    refused = admin_client.post("/admin/sources/canalys/notes", {**note, "to_period": "2022Q4"})
    assert refused.status_code == 400
    assert "to_period 2022Q4 is before from_period 2023Q2" in refused.text
    assert "OPPO excludes OnePlus (prior year restated)</textarea>" in refused.text
    canalys = db.scalar(select(Source).where(Source.slug == "canalys"))
    assert canalys is not None
    seeded = {n.id for n in canalys.notes if n.text not in (note["text"], "OPPO includes OnePlus")}
    assert len(seeded) == 4  # Canalys's notes in app/seed/tracker_notes.csv
    added = [n for n in canalys.notes if n.text == note["text"]]
    assert len(added) == 1  # the refused ones were not added
    deleted = admin_client.post(f"/admin/sources/canalys/notes/{added[0].id}/delete")
    assert deleted.status_code == 303
    assert [a for a, _ in audit(db)] == ["source.note.add", "source.note.add", "source.note.delete"]
    db.refresh(canalys)
    assert {n.id for n in canalys.notes if n.text != "OPPO includes OnePlus"} == seeded


def test_categories_and_markets(db: Session, admin_client: LoggedIn) -> None:
    created = admin_client.post(
        "/admin/categories",
        {"slug": "tablets", "name": "Tablets", "aliases": "tablet PCs\nslates", "parent": ""},
    )
    assert (created.status_code, created.headers["location"]) == (303, "/admin/categories")
    edited = admin_client.post(
        "/admin/categories/smartwatches",
        {"name": "Smartwatches", "aliases": "smartwatch\nsmart watch", "parent": "wearables"},
    )
    assert edited.status_code == 303
    watches = db.scalar(select(Category).where(Category.slug == "smartwatches"))
    assert watches is not None and watches.parent is not None
    assert watches.parent.slug == "wearables"
    listed = admin_client.get("/admin/categories").text
    assert "<td>Wearables</td>" in listed and "slates, tablet PCs" in listed
    refused = admin_client.post(
        "/admin/categories", {"slug": "tv", "name": "TVs", "aliases": "", "parent": ""}
    )
    assert refused.status_code == 409
    assert "slug &#39;tv&#39; is already used by category Smart TVs (smart-tvs)" in refused.text
    market = admin_client.post("/admin/markets", {"slug": "bangladesh", "name": "Bangladesh"})
    assert market.status_code == 303
    assert db.scalar(select(Market.name).where(Market.slug == "bangladesh")) == "Bangladesh"
    assert [a for a, _ in audit(db)] == ["category.create", "category.edit", "market.create"]


def test_uploaders_cannot_edit_reference_data(uploader_client: LoggedIn) -> None:
    for path in ("/admin/sources", "/admin/sources/canalys", "/admin/categories"):
        assert uploader_client.post(path, NEW_TRACKER).status_code == 403
    nav = uploader_client.get("/admin").text
    assert "/admin/sources" not in nav


def test_a_post_without_the_csrf_token_is_refused(admin_client: LoggedIn) -> None:
    response = admin_client.client.post("/admin/sources", data=NEW_TRACKER, follow_redirects=False)
    assert response.status_code == 403


def test_a_rename_reaches_the_public_pages(client: TestClient, admin_client: LoggedIn) -> None:
    before = admin_client.get("/charts/share?source=counterpoint").text
    assert "Source: Counterpoint · sharetrack" in before
    form = {"name": "Counterpoint Research", "aliases": "", "predecessor": "", "successor_from": ""}
    assert admin_client.post("/admin/sources/counterpoint", form).status_code == 303
    after = admin_client.get("/charts/share?source=counterpoint").text
    assert "Source: Counterpoint Research · sharetrack" in after
    assert "Counterpoint Research" in admin_client.get("/sources").text
