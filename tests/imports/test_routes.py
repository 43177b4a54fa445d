"""The upload flow over HTTP: every bad file is a 4xx naming row and column, and writes nothing."""

import io
import re
import zipfile

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ImportDraft, Revision
from tests.conftest import LoggedIn, table_dump
from tests.helpers import LONG_HEADER, csv_bytes, xlsx_bytes
from tests.imports.test_parse import PRESS_RELEASE

ROW = "canalys,india,smartphones,2025Q3"


def upload(browser: LoggedIn, data: bytes, name: str = "q.csv", **fields: str):  # type: ignore[no-untyped-def]
    return browser.post("/admin/imports", data=fields, files={"file": (name, data, "text/csv")})


def problems_on(page: str) -> list[str]:
    rows = re.findall(
        r"<tr><td>(\d*)</td><td>([^<]*)</td><td class=\"left\">([^<]*)</td></tr>", page
    )
    return [f"{row}|{column}|{message}" for row, column, message in rows]


# One file per rule of the upload format, with the row, column and reason it must report.
BAD_FILES = [
    (
        "unknown column",
        csv_bytes(
            "source,market,category,quarter,vendor,share_pct,colour", f"{ROW},Samsung,14,red"
        ),
        "1|colour|unknown column; expected one of source",
    ),
    (
        "bad quarter",
        csv_bytes(LONG_HEADER, "canalys,india,smartphones,2025Q5,Samsung,6.8,14,,,,,"),
        "2|quarter|&#39;2025Q5&#39;: quarter 5 does not exist",
    ),
    (
        "NaN",
        csv_bytes(LONG_HEADER, f"{ROW},Samsung,NaN,14,,,,,"),
        "2|shipments_million|&#39;NaN&#39; is not a plain decimal",
    ),
    (
        "infinite",
        csv_bytes(LONG_HEADER, f"{ROW},Samsung,inf,14,,,,,"),
        "2|shipments_million|&#39;inf&#39; is not a plain decimal",
    ),
    (
        "exponent",
        csv_bytes(LONG_HEADER, f"{ROW},Samsung,1e1,14,,,,,"),
        "2|shipments_million|&#39;1e1&#39; is not a plain decimal",
    ),
    (
        "negative shipments",
        csv_bytes(LONG_HEADER, f"{ROW},Samsung,-6.8,14,,,,,"),
        "2|shipments_million|&#39;-6.8&#39; is negative",
    ),
    (
        "negative share",
        csv_bytes(LONG_HEADER, f"{ROW},Samsung,6.8,-14,,,,,"),
        "2|share_pct|share -14% is negative",
    ),
    (
        "negative rank",
        csv_bytes(LONG_HEADER, f"{ROW},Samsung,6.8,14,-2,,,,"),
        "2|rank|&#39;-2&#39; is not a rank",
    ),
    (
        "share over 100",
        csv_bytes(LONG_HEADER, f"{ROW},Samsung,6.8,140,,,,,"),
        "2|share_pct|share 140% is over 100",
    ),
    (
        "shares sum",
        csv_bytes(LONG_HEADER, f"{ROW},Samsung,,60.5,,,,,", f"{ROW},vivo,,40.2,,,,,"),
        "3|share_pct|shares of canalys india smartphones 2025Q3 add up to 100.7%, over 100.5%",
    ),
    (
        "rank vs shipments",
        csv_bytes(LONG_HEADER, f"{ROW},Samsung,6.8,,1,,,,", f"{ROW},vivo,9.7,,2,,,,"),
        "3|rank|rank 2 for vivo contradicts shipments",
    ),
    (
        "duplicate",
        csv_bytes(LONG_HEADER, f"{ROW},vivo,9.7,,,,,,", f"{ROW},Vivo,9.6,,,,,,"),
        "3|vendor|duplicate: Vivo 2025Q3 already given on row 2",
    ),
    (
        "formula text",
        csv_bytes(LONG_HEADER, f"{ROW},@SUM(A1),9.7,,,,,,"),
        "2|vendor|&#39;@SUM(A1)&#39; looks like a formula",
    ),
    (
        "unknown vendor",
        csv_bytes(LONG_HEADER, f"{ROW},Samsnug,9.7,,,,,,"),
        "2|vendor|unknown vendor &#39;Samsnug&#39;; did you mean &#39;Samsung&#39;?",
    ),
]


@pytest.mark.parametrize(("rule", "data", "expected"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_each_bad_file_is_refused_in_the_preview(
    db: Session, admin_client: LoggedIn, rule: str, data: bytes, expected: str
) -> None:
    before = table_dump(db)
    response = upload(admin_client, data)
    assert response.status_code == 303
    preview = admin_client.get(response.headers["location"])
    assert preview.status_code == 422
    assert any(p.startswith(expected) for p in problems_on(preview.text)), problems_on(preview.text)
    assert "Publish as one revision" not in preview.text
    token = response.headers["location"].rsplit("/", 1)[1]
    refused = admin_client.post(f"/admin/imports/{token}/publish", data={"base_revision": "0"})
    assert refused.status_code == 422
    assert table_dump(db) == before


UNREADABLE = [
    ("empty", b"", "q.csv", 422, "the file is empty"),
    (
        "wrong type",
        b"\x89PNG\r\n\x1a\n",
        "chart.png",
        415,
        "only .csv and .xlsx files are accepted",
    ),
    (
        "zip named csv",
        b"PK\x03\x04xx",
        "q.csv",
        415,
        "is named like a CSV file but is a zip/Excel file",
    ),
    (
        "formula cell",
        xlsx_bytes([["vendor", "quarter", "share_pct"], ["vivo", "2025Q3", "=1+1"]]),
        "q.xlsx",
        422,
        "row 2, column &#39;C&#39;: formula cell",
    ),
    ("not utf-8", "vendor,quarter\nXiaómi,2025Q3\n".encode("latin-1"), "q.csv", 422, "not UTF-8"),
    ("no header", b"a,b\n1,2\n", "q.csv", 422, "no header row found"),
]


@pytest.mark.parametrize(
    ("rule", "data", "name", "status", "message"), UNREADABLE, ids=[u[0] for u in UNREADABLE]
)
def test_unreadable_files_are_refused_at_upload_keeping_the_form(
    db: Session,
    admin_client: LoggedIn,
    rule: str,
    data: bytes,
    name: str,
    status: int,
    message: str,
) -> None:
    before = table_dump(db)
    response = upload(admin_client, data, name, source="canalys")
    assert response.status_code == status
    assert message in response.text
    assert '<option value="canalys" selected>' in response.text  # what the admin chose stays
    assert db.scalar(select(ImportDraft)) is None
    assert table_dump(db) == before


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 2**20))
    return buffer.getvalue()


def test_zip_bomb_and_oversize_bodies(db: Session, admin_client: LoggedIn) -> None:
    before = table_dump(db)
    bomb = upload(admin_client, _zip_bomb(), "bomb.xlsx")
    assert bomb.status_code == 422 and "too large when unpacked" in bomb.text
    huge = upload(admin_client, b"a" * (6 * 2**20), "huge.csv")
    assert huge.status_code == 413 and "files may be at most 5,242,880 bytes" in huge.text
    assert table_dump(db) == before


def test_press_release_xlsx_preview_publish_and_rollback(
    db: Session, admin_client: LoggedIn
) -> None:
    response = upload(
        admin_client,
        xlsx_bytes(PRESS_RELEASE),
        "Canalys Q4 2022.xlsx",
        source="house",
        market="india",
        category="smartphones",
    )
    preview = admin_client.get(response.headers["location"])
    assert preview.status_code == 200
    assert "press-release format: one row per vendor" in preview.text
    assert "What publishing will do: 8 new, 0 changed, 0 unchanged" in preview.text
    base = re.search(r'name="base_revision" value="(\d+)"', preview.text)
    assert base is not None
    published = admin_client.post(
        response.headers["location"] + "/publish", data={"base_revision": base.group(1)}
    )
    revision_id = int(published.headers["location"].rsplit("/", 1)[1])
    assert revision_id > int(base.group(1))
    chart = admin_client.get("/api/v1/charts/snapshot.json?source=house&quarter=2022Q4").json()
    assert chart["title"] == "Samsung led Q4 2022 with 21.0% of shipments"
    detail = admin_client.get(f"/admin/revisions/{revision_id}")
    assert "8 figure sets written" in detail.text and "Canalys Q4 2022.xlsx" in detail.text
    rolled = admin_client.post(f"/admin/revisions/{int(base.group(1))}/rollback")
    assert rolled.status_code == 303
    gone = admin_client.get("/api/v1/charts/snapshot.json?source=house&quarter=2022Q4")
    assert gone.status_code == 404
    assert db.scalar(select(Revision).order_by(Revision.id.desc()).limit(1)).kind == "rollback"  # type: ignore[union-attr]


def test_map_an_unknown_vendor_then_publish(db: Session, admin_client: LoggedIn) -> None:
    response = upload(admin_client, csv_bytes(LONG_HEADER, f"{ROW},Xiaomi India,6.5,13,,,,,"))
    location = response.headers["location"]
    assert "Vendor “Xiaomi India” (1 row: 2)" in admin_client.get(location).text
    admin_client.post(location + "/choices", data={"vendor:Xiaomi India": "xiaomi"})
    preview = admin_client.get(location)
    assert "1 new, 0 changed, 0 unchanged" in preview.text


def test_stale_preview_gets_review_again(admin_client: LoggedIn) -> None:
    first = upload(admin_client, csv_bytes(LONG_HEADER, f"{ROW},vivo,9.7,20,1,,,,"))
    second = upload(admin_client, csv_bytes(LONG_HEADER, f"{ROW},vivo,9.8,20,1,,,,"))
    base = re.search(
        r'name="base_revision" value="(\d+)"', admin_client.get(first.headers["location"]).text
    )
    assert base is not None
    admin_client.post(first.headers["location"] + "/publish", data={"base_revision": base.group(1)})
    stale = admin_client.post(
        second.headers["location"] + "/publish", data={"base_revision": base.group(1)}
    )
    assert stale.status_code == 409
    assert "the data changed since your preview" in stale.text


def test_api_upload_dry_run_then_publish(db: Session, admin_client: LoggedIn) -> None:
    from app.accounts.service import create_token
    from app.models import User

    user = db.scalar(select(User))
    assert user is not None
    _, raw = create_token(db, user, "test")
    headers = {"authorization": f"Bearer {raw}"}
    data = csv_bytes(LONG_HEADER, f"{ROW},vivo,9.7,20,1,,preliminary,,https://example.org/q3")
    api = admin_client.client
    dry = api.post(
        "/api/v1/imports?dry_run=true", headers=headers, files={"file": ("q3.csv", data)}
    )
    assert dry.status_code == 200
    assert (
        dry.json()["rows"][0]["kind"] == "new"
        and dry.json()["rows"][0]["new"]["shipments"] == 9_700_000
    )
    done = api.post("/api/v1/imports", headers=headers, files={"file": ("q3.csv", data)})
    assert done.status_code == 201 and done.json()["revision"] == done.json()["latest_revision"]
    bad = api.post(
        "/api/v1/imports",
        headers=headers,
        files={"file": ("bad.csv", csv_bytes(LONG_HEADER, f"{ROW},vivo,-1,,,,,,"))},
    )
    assert bad.status_code == 422
    assert bad.json()["problems"][0] == {
        "row": 2,
        "column": "shipments_million",
        "message": "'-1' is negative; shipments cannot be negative",
    }


def test_a_thousand_columns(db: Session, admin_client: LoggedIn) -> None:
    header = "vendor,quarter,share_pct," + ",".join(f"extra{i}" for i in range(1000))
    response = upload(
        admin_client,
        csv_bytes(header, "vivo,2025Q3,20" + ",x" * 1000),
        source="canalys",
        market="india",
        category="smartphones",
    )
    preview = admin_client.get(response.headers["location"])
    assert preview.status_code == 422
    assert "1|extra0|unknown column" in problems_on(preview.text)[0]
