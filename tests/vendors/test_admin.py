"""Editing vendors and events, and their text escaped wherever it is shown."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Event, Vendor
from tests.conftest import LoggedIn


def test_rename_recolour_and_alias(db: Session, admin_client: LoggedIn) -> None:
    response = admin_client.post(
        "/admin/vendors/xiaomi",
        data={
            "name": "Xiaomi",
            "aliases": "Mi\nRedmi, POCO India",
            "group": "xiaomi",
            "country": "cn",
            "colour": "#ff6a00",
        },
    )
    assert response.status_code == 303
    vendor = db.scalar(select(Vendor).where(Vendor.slug == "xiaomi"))
    assert vendor is not None and (vendor.colour, vendor.country) == ("#ff6a00", "CN")
    assert {a.alias for a in vendor.aliases} == {"Xiaomi", "Mi", "Redmi", "POCO India"}
    trace = next(
        t
        for t in admin_client.get("/api/v1/charts/share.json").json()["figure"]["data"]
        if t["name"] == "Xiaomi"
    )
    assert trace["line"]["color"] == "#ff6a00"


def test_alias_taken_by_another_vendor_is_refused(admin_client: LoggedIn) -> None:
    response = admin_client.post(
        "/admin/vendors/xiaomi",
        data={
            "name": "Xiaomi",
            "aliases": "Samsung",
            "group": "",
            "country": "CN",
            "colour": "#ff6900",
        },
    )
    assert (
        response.status_code == 409
        and "alias &#39;Samsung&#39; already belongs to Samsung" in response.text
    )


def test_bad_colour_is_refused(admin_client: LoggedIn) -> None:
    response = admin_client.post(
        "/admin/vendors/xiaomi",
        data={"name": "Xiaomi", "aliases": "", "group": "", "country": "CN", "colour": "orange"},
    )
    assert (
        response.status_code == 400
        and "colour &#39;orange&#39; must look like #1428a0" in response.text
    )


def test_event_create_edit_delete_and_escape(db: Session, admin_client: LoggedIn) -> None:
    payload = "<script>window.__x=1</script>"
    created = admin_client.post(
        "/admin/events",
        data={
            "happened_on": "2023-01-20",
            "quarter": "",
            "vendor": "xiaomi",
            "title": payload,
            "body": "x",
            "source_url": "https://example.org/e",
        },
    )
    assert created.status_code == 303
    event = db.scalar(select(Event).where(Event.title == payload))
    assert event is not None and event.period == 20231  # the date's quarter
    page = admin_client.get("/vendors/xiaomi").text
    assert payload not in page and "&lt;script&gt;window.__x=1&lt;/script&gt;" in page
    admin_client.post(
        f"/admin/events/{event.id}",
        data={
            "happened_on": "2023-01-20",
            "quarter": "2022Q4",
            "vendor": "xiaomi",
            "title": "Renamed",
            "body": "",
            "source_url": "https://example.org/e",
        },
    )
    db.refresh(event)
    assert (event.title, event.period) == ("Renamed", 20224)
    admin_client.post(f"/admin/events/{event.id}/delete")
    assert db.get(Event, event.id) is None


def test_event_with_bad_url_is_refused(admin_client: LoggedIn) -> None:
    response = admin_client.post(
        "/admin/events",
        data={"happened_on": "2023-01-20", "title": "x", "source_url": "javascript:alert(1)"},
    )
    assert (
        response.status_code == 400 and "the source URL must be an http(s) address" in response.text
    )
