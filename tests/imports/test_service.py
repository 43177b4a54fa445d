"""Preview and publish against the seeded database (SQLite and PostgreSQL)."""

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import Conflict, InvalidUpload
from app.imports import service
from app.models import Observation, Revision, Vendor
from app.observations.service import records
from app.periods import Period
from app.revisions.store import latest_revision_id
from tests.conftest import table_dump
from tests.helpers import LONG_HEADER, csv_bytes, xlsx_bytes
from tests.imports.test_parse import PRESS_RELEASE

NEW_QUARTER = csv_bytes(
    LONG_HEADER,
    "canalys,india,smartphones,2025Q3,vivo,9.7,20,1,,preliminary,,https://example.org/q3",
    "canalys,india,smartphones,2025Q3,Samsung,6.8,14,2,,preliminary,,https://example.org/q3",
    "canalys,india,smartphones,2025Q3,TOTAL,48.4,,,,preliminary,,https://example.org/q3",
)


def test_preview_writes_nothing(db: Session) -> None:
    before = table_dump(db)
    preview = service.preview(db, NEW_QUARTER, "q3.csv")
    assert preview.ok and preview.summary() == "3 new, 0 changed, 0 unchanged"
    assert table_dump(db) == before


def test_publish_one_revision_and_the_diff(db: Session) -> None:
    base = latest_revision_id(db)
    _, revision = service.publish(db, NEW_QUARTER, "q3.csv", base_revision=base)
    assert revision is not None and revision.rows_added == 3
    assert revision.id > base and latest_revision_id(db) == revision.id  # PG ids may skip
    changed = NEW_QUARTER.replace(b"vivo,9.7,20,1,,preliminary", b"vivo,9.8,20,1,,final")
    preview = service.preview(db, changed, "q3-final.csv")
    kinds = {c.row.vendor_as_written: c.kind for c in preview.changes}
    assert kinds == {"vivo": "changed", "Samsung": "unchanged", "TOTAL": "unchanged"}
    vivo = next(c for c in preview.changes if c.kind == "changed")
    assert (vivo.old.shipments, vivo.new.shipments) == (9_700_000, 9_800_000)
    assert (vivo.old.status, vivo.new.status) == ("preliminary", "final")


def test_publishing_the_same_file_twice_changes_nothing(db: Session) -> None:
    service.publish(db, NEW_QUARTER, "q3.csv")
    count = db.scalar(select(func.count()).select_from(Revision))
    _, revision = service.publish(db, NEW_QUARTER, "q3.csv")
    assert revision is None
    assert db.scalar(select(func.count()).select_from(Revision)) == count


def test_bad_file_is_refused_whole(db: Session) -> None:
    before = table_dump(db)
    bad = NEW_QUARTER + b"canalys,india,smartphones,2025Q3,OPPO,-1,,,,,,\n"
    with pytest.raises(InvalidUpload) as caught:
        service.publish(db, bad, "bad.csv")
    assert str(caught.value.problems[0]) == (
        "row 5, column 'shipments_million': '-1' is negative; shipments cannot be negative"
    )
    assert table_dump(db) == before


def test_stale_preview_is_refused(db: Session) -> None:
    base = latest_revision_id(db)
    service.publish(db, NEW_QUARTER, "q3.csv", base_revision=base)
    other = NEW_QUARTER.replace(b"9.7", b"9.9")
    with pytest.raises(Conflict, match="the data changed since your preview"):
        service.publish(db, other, "q3b.csv", base_revision=base)


def test_press_release_xlsx_publishes_both_quarters(db: Session) -> None:
    data = xlsx_bytes(PRESS_RELEASE)
    preview = service.preview(
        db,
        data,
        "canalys-q4-2022.xlsx",
        defaults={"source": "house", "market": "india", "category": "smartphones"},
    )
    assert preview.ok, preview.problems
    assert preview.layout == "press-release"
    assert preview.count("new") == 8  # 3 vendors + total, two quarters each


def test_unknown_vendor_created_when_asked(db: Session) -> None:
    data = csv_bytes(LONG_HEADER, "canalys,india,smartphones,2025Q3,Nothing Phone (1),0.4,1,,,,,")
    with pytest.raises(InvalidUpload, match="unknown vendor 'Nothing Phone \\(1\\)'"):
        service.publish(db, data, "n.csv")
    _, revision = service.publish(db, data, "n.csv", create={"vendor"})
    assert revision is not None
    vendor = db.scalar(select(Vendor).where(Vendor.name == "Nothing Phone (1)"))
    assert vendor is not None and vendor.slug == "nothing-phone-1"


def test_several_new_vendors_in_one_quarter_each_keep_their_figures(db: Session) -> None:
    """Found by bench/imports.py: new vendors once shared one stand-in id, and all but the
    last vendor's row of a quarter were dropped without a word."""
    data = csv_bytes(
        LONG_HEADER,
        "canalys,india,smartphones,2012Q1,Karbonn,1.2,,,,,,",
        "canalys,india,smartphones,2012Q1,Intex,0.9,,,,,,",
        "canalys,india,smartphones,2012Q1,Gionee,0.5,,,,,,",
    )
    preview = service.preview(db, data, "new.csv", create={"vendor"})
    assert preview.summary().startswith("3 new, 0 changed")
    service.publish(db, data, "new.csv", create={"vendor"})
    rows = records(
        db,
        sources=["canalys"],
        market="india",
        category="smartphones",
        start=Period(2012, 1),
        end=Period(2012, 1),
    )
    stored = {r.point.vendor: r.point.shipments for r in rows}
    assert stored == {"karbonn": 1_200_000, "intex": 900_000, "gionee": 500_000}


def test_unknown_vendor_mapped_to_existing(db: Session) -> None:
    data = csv_bytes(LONG_HEADER, "canalys,india,smartphones,2026Q1,Xiaomi India,6.0,13,,,,,")
    _, revision = service.publish(db, data, "m.csv", choices={"vendor": {"Xiaomi India": "xiaomi"}})
    assert revision is not None
    rows = records(
        db,
        sources=["canalys"],
        market="india",
        category="smartphones",
        vendors=["xiaomi"],
        start=Period(2026, 1),
        end=Period(2026, 1),
    )
    assert [(r.point.vendor, r.point.shipments) for r in rows] == [("xiaomi", 6_000_000)]


def test_database_refuses_what_validation_would(db: Session) -> None:
    """Constraints are the last line: a bug in validation still cannot store a 120% share."""
    from sqlalchemy.exc import IntegrityError

    row = db.scalars(select(Observation).limit(1)).one()
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(
            Observation(
                source_id=row.source_id,
                market_id=row.market_id,
                category_id=row.category_id,
                vendor_id=row.vendor_id,
                period=20301,
                share_pct=120,
                valid_from=row.valid_from,
            )
        )
        db.flush()


def test_a_file_without_a_column_leaves_that_figure_alone(db: Session) -> None:
    """A share-only correction keeps the stated shipments; the preview shows exactly that."""
    fix = csv_bytes(
        "source,market,category,quarter,vendor,share_pct",
        "canalys,india,smartphones,2022Q4,Xiaomi,17.5",
    )
    preview = service.preview(db, fix, "fix.csv")
    (change,) = preview.changes
    assert change.kind == "changed"
    assert (change.old.share_pct, change.new.share_pct) == (Decimal("17"), Decimal("17.5"))
    assert change.new.shipments == change.old.shipments == 5_500_000
    assert change.new.source_url == change.old.source_url


def test_an_empty_cell_keeps_the_stated_figure_unless_told_to_clear_it(db: Session) -> None:
    clear = csv_bytes(
        "source,market,category,quarter,vendor,shipments,share_pct",
        "canalys,india,smartphones,2022Q4,Xiaomi,,17",
    )
    (kept,) = service.preview(db, clear, "clear.csv").changes
    assert (kept.old.shipments, kept.new.shipments) == (5_500_000, 5_500_000)
    assert kept.kept == ("shipments",) and kept.cleared == ()
    assert kept.new.shipments_url == kept.old.shipments_url is not None
    (cleared,) = service.preview(db, clear, "clear.csv", clear_blanks=True).changes
    assert (cleared.old.shipments, cleared.new.shipments) == (5_500_000, None)
    assert cleared.cleared == ("shipments",) and cleared.new.shipments_url is None


def test_new_vendors_whose_names_slugify_alike_stay_apart(db: Session) -> None:
    data = csv_bytes(
        LONG_HEADER,
        "canalys,india,smartphones,2025Q3,<b>Acme</b>,0.1,,,,,,",
        "canalys,india,smartphones,2025Q3,B Acme B,0.2,,,,,,",
    )
    preview = service.preview(db, data, "n.csv", create={"vendor"})
    assert preview.ok and preview.vendors_to_create == {
        "<b>Acme</b>": "b-acme-b",
        "B Acme B": "b-acme-b-2",
    }
    service.publish(db, data, "n.csv", create={"vendor"})
    names = dict(
        db.execute(select(Vendor.slug, Vendor.name).where(Vendor.slug.like("b-acme%"))).all()
    )
    assert names == {"b-acme-b": "<b>Acme</b>", "b-acme-b-2": "B Acme B"}


# IDC smartwatches by half-year. The totals are the seed's IDC quarters summed (10.4 + 12.8;
# 16.9 + the 13.3 left of the stated 53.4 M year); the shares are test figures.
HALF_YEARS = csv_bytes(
    LONG_HEADER,
    "idc,india,smartwatches,2023H1,Noise,,26.0,1,,,,https://example.org/idc-1h23",
    "idc,india,smartwatches,2023H1,Fire-Boltt,,25.0,2,,,,https://example.org/idc-1h23",
    "idc,india,smartwatches,2023H1,boAt,,18.0,3,,,,https://example.org/idc-1h23",
    "idc,india,smartwatches,2023H1,TOTAL,23.2,,,,,,https://example.org/idc-1h23",
    "idc,india,smartwatches,H2 2023,Fire-Boltt,,27.0,1,,,,https://example.org/idc-2h23",
    "idc,india,smartwatches,H2 2023,Noise,,21.0,2,,,,https://example.org/idc-2h23",
    "idc,india,smartwatches,H2 2023,TOTAL,30.2,,,,,,https://example.org/idc-2h23",
)


def test_stated_half_years_import_and_stay_off_quarter_charts(
    db: Session, client: TestClient
) -> None:
    preview = service.preview(db, HALF_YEARS, "idc-halves.csv")
    assert preview.ok, preview.problems
    assert [c.row.period.code for c in preview.changes] == ["2023H1"] * 4 + ["2023H2"] * 3
    assert preview.summary() == "7 new, 0 changed, 0 unchanged"
    _, revision = service.publish(db, HALF_YEARS, "idc-halves.csv")
    assert revision is not None and revision.rows_added == 7

    items = client.get("/api/v1/observations?source=idc&category=smartwatches&limit=1000").json()[
        "items"
    ]
    halves = [
        (i["quarter"], i["vendor"], i["share_pct"], i["rank"], i["shipments"], i["derived"])
        for i in items
        if i["quarter"] in ("2023H1", "2023H2")
    ]
    # Shipments are not derived from a half-year's total; ranks are the stated ones.
    assert halves == [
        ("2023H1", "noise", 26.0, 1, None, []),
        ("2023H1", "fire-boltt", 25.0, 2, None, []),
        ("2023H1", "boat", 18.0, 3, None, []),
        ("2023H2", "fire-boltt", 27.0, 1, None, []),
        ("2023H2", "noise", 21.0, 2, None, []),
    ]
    only = client.get("/api/v1/observations?source=idc&category=smartwatches&quarter=H1 2023")
    assert [i["vendor"] for i in only.json()["items"]] == ["noise", "fire-boltt", "boat"]
    listed = client.get("/api/v1/quarters?category=smartwatches").json()["items"]
    idc = next(s["periods"] for s in listed if s["source"] == "idc")
    assert idc[idc.index("2023") : idc.index("2024")] == ["2023", "2023H1", "2023H2"]

    body = client.get("/api/v1/charts/share.json?source=idc&category=smartwatches").json()
    axis = {x for trace in body["figure"]["data"] for x in trace.get("x", [])}
    assert "Q2 2024" in axis and not {"H1 2023", "H2 2023"} & axis
    assert [row[0] for row in body["table"]["rows"]][-2:] == ["Q2 2024", "Q3 2024"]
    assert all(r["quarter"][4] == "Q" for r in body["data"])
    snapshot = client.get(
        "/api/v1/charts/snapshot.json?source=idc&category=smartwatches&quarter=2023H1"
    ).json()
    assert snapshot["title"] == "Noise led H1 2023 with 26.0% of shipments"


def test_a_problem_on_many_rows_is_said_once_with_its_rows(db: Session) -> None:
    data = csv_bytes(
        "source,market,category,quarter,vendor,share_pct",
        *[f"idc,india,tablets,2023Q{q},Samsung,{20 + q}" for q in (1, 2, 3, 4)],
        "idc,india,smartphones,2023Q1,Samsung,-1",
    )
    problems = service.preview(db, data, "f.csv").problems
    assert [str(p) for p in problems] == [
        "rows 2, 3, 4 and 1 more, column 'category': unknown category 'tablets' (on 4 rows); "
        "known: audio, feature-phones, smart-tvs, smartphones, smartwatches, wearables. Map it "
        "to a known category or create it",
        "row 6, column 'share_pct': share -1% is negative; shares are 0-100",
    ]
    assert problems[0].as_dict()["rows"] == [2, 3, 4, 5]


def test_a_choice_reads_again_only_the_rows_that_name_the_spelling(db: Session) -> None:
    """A new vendor's rows are read again once "create" is chosen: their other problems are
    said once, and the other rows stay as first read, in file order."""
    data = csv_bytes(
        LONG_HEADER,
        "canalys,india,smartphones,2025Q3,vivo,9.7,20,1,,,,",
        "canalys,india,smartphones,2025Q3,Nothing Phone (1),0.4,140,,,,,",
        "canalys,india,smartphones,2025Q3,Samsung,6.8,14,2,,,,",
    )
    preview = service.preview(db, data, "n.csv", create={"vendor"})
    assert [(p.row, p.column, p.message) for p in preview.problems] == [
        (3, "share_pct", "share 140% is over 100")
    ]
    fixed = data.replace(b",140,", b",0.8,")
    preview = service.preview(db, fixed, "n.csv", create={"vendor"})
    assert preview.ok, preview.problems
    assert [(c.row.row, c.row.vendor) for c in preview.changes] == [
        (2, "vivo"),
        (3, "nothing-phone-1"),
        (4, "samsung"),
    ]
