"""The CLI's streaming import: a file read a few rows at a time must say and write exactly
what the upload path (service.preview / publish) says and writes for the whole file."""

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import cli
from app.errors import InvalidUpload
from app.imports import service, stream
from app.models import DerivedPoint
from app.revisions import derived, store
from tests.helpers import LONG_HEADER, csv_bytes
from tests.test_cli import cli_db, dump  # noqa: F401 (the fixture)

ROW = "canalys,india,smartphones"
GOOD = [
    LONG_HEADER,
    f"{ROW},2026Q1,Samsung,6.1,18,2,,preliminary,,https://example.org/q1",
    f"{ROW},2026Q1,Xiaomi,6.5,19,1,,preliminary,,https://example.org/q1",
    f"{ROW},2022Q4,Xiaomi,5.5,17,3,-40,,,https://example.org/restated",
    f"{ROW},2026Q1,vivo,5.0,,,,preliminary,,https://example.org/q1",
    f"{ROW},2026Q2,Samsung,6.3,18.5,,,,,https://example.org/q2",
    f"{ROW},2026Q1,Acme Phones,0.9,2.5,,,preliminary,,https://example.org/q1",
    f"{ROW},2026Q2,Acme Phones,1.1,3,,,,,https://example.org/q2",
]


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes(*lines))
    return path


def described(changes: list[service.RowChange]) -> list[tuple[object, ...]]:
    return [(c.row.row, c.kind, c.old, c.new, c.kept, c.cleared) for c in changes]


@pytest.mark.parametrize("chunk_rows", [1, 2, 3, 5_000])
def test_chunks_say_what_the_whole_file_says(db: Session, tmp_path: Path, chunk_rows: int) -> None:
    path = write(tmp_path, *GOOD)
    whole = service.preview(db, path.read_bytes(), path.name, create={"vendor"})
    done = stream.run(
        db, path, create={"vendor"}, dry_run=True, keep_changes=True, chunk_rows=chunk_rows
    )
    assert described(done.preview.changes) == described(whole.changes)
    assert done.summary() == whole.summary() == "6 new, 1 changed, 0 unchanged"
    assert done.preview.to_create == whole.to_create == {"vendor": {"Acme Phones": "acme-phones"}}
    assert done.preview.how_read == whole.how_read
    assert done.revision is None


def test_chunks_publish_what_the_whole_file_publishes(db: Session, tmp_path: Path) -> None:
    path = write(tmp_path, *GOOD)
    expected = service.preview(db, path.read_bytes(), path.name, create={"vendor"})
    done = stream.run(db, path, create={"vendor"}, chunk_rows=2)
    assert done.revision is not None
    assert (done.revision.summary, done.revision.rows_added, done.revision.rows_changed) == (
        "6 new, 1 changed, 0 unchanged",
        6,
        1,
    )
    written = store.read_written_by(db, done.revision.id)
    assert sorted(written.values(), key=repr) == sorted((c.new for c in expected.changes), key=repr)
    samsung_q2 = [v for v in written.values() if v.share_pct is not None and v.share_pct == 18.5]
    assert [(v.shipments, v.source_url) for v in samsung_q2] == [
        (6_300_000, "https://example.org/q2")
    ]
    # Shares, ranks and growth derived once, for the whole file, as a publish derives them.
    incremental = derived.snapshot(db)
    written_with = select(func.count()).where(DerivedPoint.valid_from == done.revision.id)
    assert db.scalar(written_with) == 7  # one per figure set: the seed states what is near them
    derived.rebuild(db)
    assert derived.snapshot(db) == incremental
    again = stream.run(db, path, create={"vendor"}, chunk_rows=2)
    assert (again.revision, again.summary()) == (None, "0 new, 0 changed, 7 unchanged")


BAD = [
    LONG_HEADER,
    f"{ROW},2026Q1,Samsung,6.1,60,2,,,,",
    f"{ROW},2026Q1,Xiaomi,6.5,45,3,,,,",  # shares 105% with row 2; ranks contradict
    f"{ROW},2026Q2,Samsnug,1,,,,,,",
    f"{ROW},2026Q3,Samsung,1,,,,,,",
    f"{ROW},2026Q5,Samsung,1,,,,,,",
    f"{ROW},2026Q2,Samsnug,2,,,,,,",  # the same unknown spelling, another chunk
    f"{ROW},2026Q3,Samsung,2,,,,,,",  # a duplicate of row 5, another chunk
]


@pytest.mark.parametrize("chunk_rows", [1, 2, 4])
def test_rules_across_rows_hold_across_chunks(db: Session, tmp_path: Path, chunk_rows: int) -> None:
    path = write(tmp_path, *BAD)
    whole = service.preview(db, path.read_bytes(), path.name)
    with pytest.raises(InvalidUpload) as refused:
        stream.run(db, path, chunk_rows=chunk_rows)
    assert refused.value.problems == whole.problems
    said = [(p.row, p.column, p.message) for p in refused.value.problems]
    assert said == [
        (
            3,
            "rank",
            "rank 3 for Xiaomi contradicts shipments: it shipped more than Samsung (rank 2, row 2)",
        ),
        (
            3,
            "share_pct",
            "shares of canalys india smartphones 2026Q1 add up to 105%, over 101.0% (rows 2, 3)",
        ),
        (
            4,
            "vendor",
            "unknown vendor 'Samsnug' (on 2 rows); did you mean 'Samsung'? Map it to a known "
            "vendor or create it",
        ),
        (6, "quarter", "'2026Q5': quarter 5 does not exist (quarters are Q1-Q4)"),
        (8, "vendor", "duplicate: Samsung 2026Q3 already given on row 5"),
    ]
    assert refused.value.problems[2].rows == (4, 7)


def test_a_bad_last_row_leaves_nothing_written(
    cli_db: str,  # noqa: F811 (the fixture)
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stream, "CHUNK_ROWS", 2)  # three chunks written before the last row
    path = write(tmp_path, *GOOD, f"{ROW},2026Q2,Xiaomi,-1,,,,,,")
    before = dump(cli_db)
    assert cli.main(["import", str(path), "--create-vendors"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: row 9, column 'shipments_million': '-1' is negative; shipments cannot be negative"
    ]
    assert dump(cli_db) == before


def test_a_csv_file_streams_with_the_upload_checks(tmp_path: Path) -> None:
    from app.imports.files import LOCAL_FILE, UPLOAD, read_grid
    from app.imports.local import stream_grid

    path = tmp_path / "f.csv"
    path.write_bytes(
        b'\xef\xbb\xbfquarter,vendor,note\r\n2022Q4,Xiaomi,"two\r\nlines"\r\n\r\n2023Q1,vivo,\r'
    )
    assert list(stream_grid(path, LOCAL_FILE).rows) == read_grid(path.read_bytes(), "f.csv").rows
    assert list(stream_grid(path, LOCAL_FILE).rows) == [
        (1, ["quarter", "vendor", "note"]),
        (3, ["2022Q4", "Xiaomi", "two\r\nlines"]),
        (5, ["2023Q1", "vivo", ""]),
    ]
    path.write_bytes(b"quarter,vendor\n2022Q4,Xiaomi\n2022Q4,Sams\xffung\n")
    with pytest.raises(InvalidUpload) as not_utf8:
        list(stream_grid(path, LOCAL_FILE).rows)
    assert [(p.row, p.message) for p in not_utf8.value.problems] == [
        (3, "the file is not UTF-8 text (save it as 'CSV UTF-8')")
    ]
    path.write_bytes(b"quarter,vendor\n" + b"2022Q4,Xiaomi\n" * (UPLOAD.rows + 51))
    with pytest.raises(InvalidUpload) as too_long:
        list(stream_grid(path, UPLOAD).rows)
    assert too_long.value.problems[0].message.startswith("the file has more than 50,000 rows")
