"""Segments and basis on both backends: the key, the upload columns and their aliases, the
sum rules per segment kind, and the figures the segments chart and the segment views show."""

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidUpload
from app.imports import service as imports
from app.models import Observation, Segment, SegmentAlias, Source, Vendor
from tests.helpers import csv_bytes

HEADER = "source,market,category,segment,basis,quarter,vendor,share_pct,rank,source_url"
PAGE = "https://www.counterpointresearch.com/insights/india-smartphone-market-q1-2024/"


def _stored(db: Session, vendor: str, segment: str, basis: str) -> list[Decimal]:
    """Counterpoint's current shares of one vendor in 2024Q1, in a segment and basis."""
    o = Observation
    query = (
        select(o.share_pct)
        .join(Segment, Segment.id == o.segment_id)
        .join(Vendor, Vendor.id == o.vendor_id)
        .join(Source, Source.id == o.source_id)
        .where(Segment.slug == segment, o.basis == basis, o.valid_to.is_(None))
        .where(o.period == 20241, Vendor.slug == vendor, Source.slug == "counterpoint")
    )
    return list(db.scalars(query))


def test_a_segment_and_a_basis_are_keys_of_their_own(db: Session) -> None:
    """Samsung's unit share of the whole market, its share within premium and its share by
    value are three figures; writing two leaves the stored whole-market one untouched."""
    before = _stored(db, "samsung", "all", "units")
    assert [float(v) for v in _stored(db, "samsung", "all", "value")] == [25.0]
    data = csv_bytes(
        HEADER,
        f"counterpoint,india,smartphones,Premium segment,units,Q1 2024,Samsung,21,2,{PAGE}",
        f"counterpoint,india,smartphones,,Value,Q1 2024,Samsung,27,1,{PAGE}",
    )
    preview, revision = imports.publish(db, data, "segments.csv")
    assert revision is not None and [c.kind for c in preview.changes] == ["new", "changed"]
    assert _stored(db, "samsung", "all", "units") == before
    shares = db.execute(
        select(Segment.slug, Observation.basis, Observation.share_pct)
        .join(Segment, Segment.id == Observation.segment_id)
        .where(Observation.valid_from == revision.id)
        .order_by(Segment.slug, Observation.basis)
    ).all()
    assert [(s, b, float(v)) for s, b, v in shares] == [
        ("all", "value", 27.0),
        ("premium", "units", 21.0),
    ]


def test_an_unknown_segment_spelling_is_asked_once_then_remembered(db: Session) -> None:
    data = csv_bytes(
        HEADER,
        f"counterpoint,india,smartphones,Premium (>₹30k),,Q3 2026,TOTAL,22,,{PAGE}",
        f"counterpoint,india,smartphones,Premium (>₹30k),,Q3 2026,Apple,28,1,{PAGE}",
    )
    preview = imports.preview(db, data, "q.csv")
    [unknown] = preview.unknown
    assert (unknown.kind, unknown.name, unknown.rows) == ("segment", "Premium (>₹30k)", (2, 3))
    imports.publish(db, data, "q.csv", choices={"segment": {"Premium (>₹30k)": "premium"}})
    alias = db.scalar(select(SegmentAlias.alias).where(SegmentAlias.alias == "Premium (>₹30k)"))
    assert alias == "Premium (>₹30k)"
    assert imports.preview(db, data, "q.csv").unknown == []


def test_a_new_segment_is_created_with_its_kind_read_from_its_name(db: Session) -> None:
    data = csv_bytes(HEADER, f"idc,india,smartphones,Foldables,,Q3 2026,TOTAL,1.5,,{PAGE}")
    imports.publish(db, data, "q.csv", create=("segment",))
    made = db.scalar(select(Segment).where(Segment.slug == "foldables"))
    assert made is not None and (made.name, made.kind) == ("Foldables", "form-factor")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            (
                f"idc,india,smartphones,mass-budget,,Q3 2026,TOTAL,60,,{PAGE}",
                f"idc,india,smartphones,premium,,Q3 2026,TOTAL,30,,{PAGE}",
                f"idc,india,smartphones,super-premium,,Q3 2026,TOTAL,15,,{PAGE}",
            ),
            "row 4, column 'share_pct': the price-band segments of idc india smartphones "
            "2026Q3 add up to 105%, over 101.5% (rows 2, 3, 4)",
        ),
        (
            (
                f"idc,india,smartphones,premium,,Q3 2026,Apple,70,1,{PAGE}",
                f"idc,india,smartphones,premium,,Q3 2026,Samsung,40,2,{PAGE}",
            ),
            "row 3, column 'share_pct': shares of idc india smartphones premium 2026Q3 add up "
            "to 110%, over 101.0% (rows 2, 3)",
        ),
        (
            (f"idc,india,smartphones,,,Q3 2026,TOTAL,40,,{PAGE}",),
            "row 2, column 'share_pct': the TOTAL row's share must be empty or 100 (in a "
            "segment, it is the segment's share of the market)",
        ),
        (
            (f"idc,india,smartphones,premium,price,Q3 2026,Apple,70,1,{PAGE}",),
            "row 2, column 'basis': basis 'price' must be 'units' or 'value' (blank = units)",
        ),
    ],
    ids=["bands over 100", "shares within a band over 100", "total share", "basis"],
)
def test_segment_rules_refuse_with_row_column_and_reason(
    db: Session, lines: tuple[str, ...], message: str
) -> None:
    with pytest.raises(InvalidUpload) as refused:
        imports.publish(db, csv_bytes(HEADER, *lines), "q.csv")
    assert str(refused.value.problems[0]).startswith(message)


def test_the_segments_chart_draws_idcs_bands_with_their_edges_and_leaders(
    client: TestClient,
) -> None:
    body = client.get("/api/v1/charts/segments.json?source=idc").json()
    columns = body["table"]["columns"]
    assert columns[:3] == [
        "Quarter",
        "Entry level (below US$100)",
        "Mass budget (US$100–200)",
    ]
    assert "Super premium (above US$800)" in columns
    rows = {row[0]: dict(zip(columns, row, strict=True)) for row in body["table"]["rows"]}
    assert rows["Q2 2024"]["Mass budget (US$100–200)"] == "44.0%"
    assert rows["Q3 2023"]["Super premium (above US$800)"] == "6.0%; led by Apple (60.0%)"
    assert body["title"].startswith("Mass budget (US$100–200) was IDC's largest price band")
    records = client.get("/api/v1/charts/segments.csv?source=idc").text.splitlines()
    assert records[0].startswith("source,market,category,segment,basis,vendor,")
    assert any(r.startswith("idc,india,smartphones,mass-budget,units,TOTAL,") for r in records)


def test_counterpoints_price_bands_over_six_quarters_with_its_own_edges(
    client: TestClient,
) -> None:
    """A second tracker's mix, in rupee bands that are not IDC's dollar ones; the bands it
    stated do not cover the market, so they are lines, and the premium band names its
    leader."""
    body = client.get("/api/v1/charts/segments.json?source=counterpoint").json()
    columns = body["table"]["columns"]
    assert columns == [
        "Quarter",
        "Entry level (below ₹10,000)",
        "Upper mid tier (₹20,000–30,000)",
        "Above ₹20k (above ₹20,000)",
        "Premium (above ₹30,000)",
    ]
    rows = {row[0]: row[1:] for row in body["table"]["rows"]}
    assert list(rows) == ["Q3 2021", "Q4 2021", "Q2 2022", "Q3 2022", "Q2 2023", "Q1 2024"]
    assert rows["Q4 2021"] == ["30.0%", "23.0%", "–", "–"]
    assert rows["Q3 2022"] == ["27.0%", "–", "–", "12.0%; led by Apple (40.0%)"]
    assert rows["Q2 2023"][3] == "17.0%; led by Samsung (34.0%)"
    assert all("stackgroup" not in trace for trace in body["figure"]["data"])
    leaders = client.get("/api/v1/charts/share.json?source=counterpoint&segment=premium").json()
    shares = {row[0]: row[1:] for row in leaders["table"]["rows"]}
    assert leaders["table"]["columns"] == ["Quarter", "OnePlus", "Samsung", "Apple"]
    assert shares["Q2 2019"] == ["43.0%", "22.0%", "20.0%"]
    assert shares["Q3 2021"] == ["–", "–", "44.0%"]


def test_a_segment_and_value_on_the_existing_charts(client: TestClient) -> None:
    share = client.get("/api/v1/charts/share.json?segment=premium&source=idc").json()
    assert share["query"] == "market=india&category=smartphones&source=idc&segment=premium"
    rows = {row[0]: row[1:] for row in share["table"]["rows"]}
    assert share["table"]["columns"] == ["Quarter", "Apple", "Samsung"]
    assert rows["Q1 2024"] == ["45.0%", "44.0%"] and rows["Q3 2024"] == ["71.0%", "19.0%"]
    value = client.get("/api/v1/charts/snapshot.json?basis=value&source=counterpoint").json()
    assert value["query"].endswith("source=counterpoint&basis=value")
    assert value["table"]["rows"][0][:3] == ["Apple", "#1", "28.0%"]
    assert {(r["basis"], r["quarter"]) for r in value["data"]} == {("value", "2025Q3")}


def test_trackers_defining_a_segment_differently_are_not_compared(client: TestClient) -> None:
    response = client.get("/api/v1/charts/sources.json?segment=premium")
    assert response.status_code == 422
    assert response.json()["error"].startswith(
        "the trackers define the 'premium' segment differently (IDC: US$600–800; "
    )
    assert "Counterpoint: above ₹30,000" in response.json()["error"]


def test_sources_lists_each_trackers_own_band_edges(client: TestClient) -> None:
    page = client.get("/sources").text
    idc = page[page.index("IDC's segments") :]
    counterpoint = page[page.index("Counterpoint's segments") :]
    assert "<td>US$600–800" in idc[: idc.index("</table>")]
    assert "<td>above ₹30,000" in counterpoint[: counterpoint.index("</table>")]


def test_pages_show_segments(client: TestClient) -> None:
    overview = client.get("/").text
    assert "Mass budget (US$100–200) was IDC&#39;s largest price band in Q2 2024" in overview
    quarter = client.get("/quarters/2024Q2").text
    assert "Premium (US$600–800)</a></td><td>2.0%</td><td>Apple (61.0%)</td>" in quarter
    apple = client.get("/vendors/apple").text
    assert "Premium (above ₹30,000)</a></td><td>Q4 2023</td><td>#1</td><td>17.0%</td>" in apple


def test_a_press_release_table_of_price_bands_is_read_as_segment_totals(db: Session) -> None:
    data = csv_bytes(
        "IDC India smartphone shipments by price band",
        "Price band,Q3 2026 market share,Q3 2025 market share",
        "Entry level,13%,16%",
        "Mass budget,45%,42%",
        "Source: IDC Quarterly Mobile Phone Tracker",
    )
    preview = imports.preview(
        db,
        data,
        "bands.csv",
        defaults={"source": "idc", "market": "india", "category": "smartphones"},
    )
    assert preview.problems == []
    assert "a table of segments: each row is a segment's share of the market" in preview.how_read
    read = sorted(
        (c.row.segment, c.row.period.code, c.row.vendor, float(c.row.share_pct or 0))
        for c in preview.changes
    )
    assert read == [
        ("entry-level", "2025Q3", None, 16.0),
        ("entry-level", "2026Q3", None, 13.0),
        ("mass-budget", "2025Q3", None, 42.0),
        ("mass-budget", "2026Q3", None, 45.0),
    ]


def test_a_half_year_column_of_segment_shares_is_read(db: Session) -> None:
    data = csv_bytes(
        "tracker,market,category,price band,half-year,brand,market share,source_url",
        f"Counterpoint,India,Smartphones,Premium segment,H1 2026,Apple,28%,{PAGE}",
    )
    [change] = imports.preview(db, data, "h1.csv").changes
    assert (change.row.segment, change.row.period.code, change.row.vendor) == (
        "premium",
        "2026H1",
        "apple",
    )


def test_the_chart_page_offers_the_trackers_segments_with_their_edges(client: TestClient) -> None:
    page = client.get("/charts/share?source=counterpoint&segment=premium").text
    segment = page[page.index('<select name="segment">') :]
    options = segment[: segment.index("</select>")]
    assert '<option value="premium" selected>Premium (above ₹30,000)</option>' in options
    # the whole category first, then bands from the cheapest up, then 5G
    order = [options.index(f'value="{s}"') for s in ("all", "upper-mid-tier", "premium", "5g")]
    assert order == sorted(order)
    assert "US$" not in options  # IDC's bands are not Counterpoint's
    snapshot = client.get("/charts/snapshot?source=counterpoint&basis=value").text
    basis = snapshot[snapshot.index('<select name="basis">') :]
    assert (
        '<option value="value" selected>market value</option>' in basis[: basis.index("</select>")]
    )
    mix = client.get("/charts/segments?source=idc").text
    kinds = mix[mix.index('<select name="mode">') :]
    assert '<option value="channel" >sales channel</option>' in kinds[: kinds.index("</select>")]


def test_segment_refusals_speak_hindi(client: TestClient) -> None:
    refused = client.get("/api/v1/charts/sources.json?segment=premium&lang=hi")
    assert refused.status_code == 422
    assert refused.json()["error"].startswith("ट्रैकर 'premium' सेगमेंट को अलग-अलग परिभाषित करते हैं")
    missing = client.get("/api/v1/charts/segments.json?mode=channel&source=cmr&lang=hi")
    assert missing.status_code == 404
    assert missing.json()["error"] == (
        "CMR india smartphones के लिए बिक्री चैनल सेगमेंट की हिस्सेदारी नहीं बताता; "
        "जो ट्रैकर बताते हैं: idc, counterpoint"
    )
