"""The command line against a database of its own (it commits)."""

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app import cli
from app.db import get_session_factory, make_engine
from app.observations import service as observations
from app.periods import Period
from tests.conftest import table_dump
from tests.helpers import LONG_HEADER, forget_database, use_database


@pytest.fixture
def cli_db(fresh_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    use_database(fresh_url, monkeypatch)
    yield fresh_url
    forget_database()


def dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = make_engine(url)
    with Session(engine) as session:
        result = table_dump(session)
    engine.dispose()
    return result


def test_bad_file_names_every_problem_and_writes_nothing(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "source,market,category,quarter,vendor,share_pct,colour\n"
        "canalys,india,smartphones,2022Q5,Samsung,-3,red\n"
    )
    before = dump(cli_db)
    assert cli.main(["import", str(bad)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "error: row 1, column 'colour': unknown column; expected one of source, market, category, "
        "segment, basis, quarter, vendor, shipments_million, shipments, share_pct, rank, yoy_growth_pct, status, "
        "released, note, source_url, shipments_url, share_url, rank_url, yoy_url",
        "error: row 2, column 'quarter': '2022Q5': quarter 5 does not exist (quarters are Q1-Q4)",
        "error: row 2, column 'share_pct': share -3% is negative; shares are 0-100",
    ]
    assert dump(cli_db) == before


def test_dry_run_then_import(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "q3.csv"
    good.write_text(
        f"{LONG_HEADER}\n"
        "canalys,india,smartphones,Q3 2025,Vivo,9.7,20,1,,preliminary,,\n"
        "canalys,india,smartphones,Q3 2025,Samsung,6.8,14,2,,preliminary,,\n"
        "canalys,india,smartphones,2022Q4,Xiaomi,5.5,17,3,-40,,,https://example.org\n"
    )
    before = dump(cli_db)
    assert cli.main(["import", str(good), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "row 2: canalys smartphones 2025Q3 Vivo: new" in out
    assert (
        "row 3: canalys smartphones 2025Q3 Samsung: new (shipments 6800000, share 14, rank 2" in out
    )
    assert (
        "row 4: canalys smartphones 2022Q4 Xiaomi: changed (status preliminary -> final; "
        "shipments, share, rank, growth pages https://m.gsmarena.com/" in out
    )
    assert "57258.php https://example.org)" in out  # the same figures, one page more
    assert out.strip().endswith("2 new, 1 changed, 0 unchanged; dry run: nothing written")
    assert dump(cli_db) == before
    assert cli.main(["import", str(good)]) == 0
    newest = dump(cli_db)["revisions"][-1][0]  # PostgreSQL sequences skip ids rolled back
    assert f"2 new, 1 changed, 0 unchanged; published as r{newest}" in capsys.readouterr().out
    assert len(dump(cli_db)["revisions"]) == len(before["revisions"]) + 1
    assert cli.main(["import", str(good)]) == 0
    assert "0 new, 0 changed, 3 unchanged; nothing changed; no revision" in capsys.readouterr().out


def test_unknown_vendor_suggests_and_can_be_created(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "n.csv"
    f.write_text("quarter,vendor,share_pct\n2025Q3,Samsnug,14\n")
    args = [
        "import",
        str(f),
        "--source",
        "canalys",
        "--market",
        "india",
        "--category",
        "smartphones",
    ]
    assert cli.main(args) == 2
    assert "unknown vendor 'Samsnug'; did you mean 'Samsung'?" in capsys.readouterr().err
    assert cli.main([*args, "--create-vendors"]) == 0
    assert "new vendor: Samsnug" in capsys.readouterr().out


def test_export_matches_the_api_columns(cli_db: str, tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    assert cli.main(["export", "--source", "canalys", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert list(rows[0]) == [
        "source",
        "market",
        "category",
        "segment",
        "basis",
        "vendor",
        "vendor_name",
        "quarter",
        "shipments",
        "share_pct",
        "rank",
        "yoy_growth_pct",
        "status",
        "released",
        "derived",
        "revision",
        "source_url",
        "shipments_url",
        "share_url",
        "rank_url",
        "yoy_url",
    ]
    xiaomi = next(r for r in rows if r["vendor"] == "xiaomi" and r["quarter"] == "2022Q4")
    assert (xiaomi["shipments"], xiaomi["share_pct"], xiaomi["rank"]) == ("5500000", "17.0", "3")


def test_create_admin_once(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["create-admin", "asha"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("created admin 'asha'") and "password (shown once): " in out
    assert cli.main(["create-admin", "asha"]) == 2
    assert "user 'asha' already exists" in capsys.readouterr().err


def test_missing_file(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", "/nonexistent.csv"]) == 2
    assert "no such file: /nonexistent.csv" in capsys.readouterr().err


def test_files_over_the_upload_limits_go_through_the_cli(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The web refuses over 5 MiB and names the CLI; the CLI reads the same file (the 200
    changed rows are the bundled 2019-2025 figures of these vendors)."""
    from app.errors import InvalidUpload
    from app.imports import service

    note = "n" * 1000
    url = "https://example.org/" + "u" * 980
    lines = [LONG_HEADER]
    for source in ("canalys", "counterpoint"):
        for year in range(1991, 2091):
            for quarter in range(1, 5):
                for vendor in ("Xiaomi", "Samsung", "vivo", "OPPO"):
                    lines.append(
                        f"{source},india,smartphones,{year}Q{quarter},{vendor},0.1,1,,,,"
                        f"{note},{url}"
                    )
    big = tmp_path / "history.csv"
    big.write_text("\n".join(lines) + "\n")
    size = big.stat().st_size
    assert size > 5 * 2**20

    with get_session_factory()() as session, pytest.raises(InvalidUpload) as refused:
        service.preview(session, big.read_bytes(), big.name)
    assert refused.value.status_code == 413
    assert str(refused.value.problems[0]) == (
        f"the file is {size:,} bytes; the limit is 5,242,880; "
        "import larger files with the CLI: python -m app import FILE"
    )

    assert cli.main(["import", str(big), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("2993 new, 207 changed, 0 unchanged; dry run: nothing written")


def test_a_long_import_shows_its_stages_at_a_terminal(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "q.csv"
    f.write_text(f"{LONG_HEADER}\ncanalys,india,smartphones,2025Q3,Vivo,9.7,20,1,,,,\n")
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert cli.main(["import", str(f)]) == 0
    stages = [line.split("] ", 1)[1] for line in capsys.readouterr().err.splitlines()]
    newest = dump(cli_db)["revisions"][-1][0]
    assert stages == [
        "reading q.csv (160 bytes), 5,000 rows at a time",
        "1 rows checked; 1 figure sets written",
        "checking 1 groups (tracker, market, category, period)",
        f"published as r{newest}",
    ]


def test_source_add_edit_and_list(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["source", "add", "acme", "--name", "Acme Research", "--url", "https://acme.example/"]
    args += [
        "--alias",
        "Acme",
        "--alias",
        "ACME India",
        "--predecessor",
        "cmr",
        "--from",
        "Q1 2026",
    ]
    assert cli.main([*args, "--methodology", "Sell-out."]) == 0
    assert capsys.readouterr().out == (
        "acme: created; url: None -> https://acme.example/; methodology: None -> Sell-out.; "
        "predecessor: None -> cmr; successor_from: None -> 2026Q1; alias added: Acme; "
        "alias added: ACME India\n"
    )
    edit = ["source", "edit", "acme", "--name", "Acme", "--alias", "Acme Research"]
    assert cli.main([*edit, "--remove-alias", "acme india", "--no-predecessor"]) == 0
    assert capsys.readouterr().out == (
        "acme: name: Acme Research -> Acme; predecessor: cmr -> None; "
        "successor_from: 2026Q1 -> None; alias removed: ACME India; alias added: Acme Research\n"
    )
    assert cli.main(["source", "note", "canalys", "OPPO excludes OnePlus", "--from", "2023Q2"]) == 0
    assert capsys.readouterr().out == "canalys: from Q2 2023: OPPO excludes OnePlus\n"
    about_tvs = ["source", "note", "idc", "Xiaomi includes Redmi", "--vendor", "xiaomi"]
    assert cli.main([*about_tvs, "--category", "smart-tv"]) == 2
    assert capsys.readouterr().err == (
        "error: unknown category 'smart-tv'; did you mean 'smart-tvs'?\n"
    )
    assert cli.main([*about_tvs, "--category", "smart-tvs"]) == 0
    capsys.readouterr()
    engine = make_engine(cli_db)
    with engine.connect() as connection:
        assert connection.execute(
            text(
                "SELECT c.slug FROM source_notes n JOIN categories c ON c.id = n.category_id "
                "WHERE n.text = 'Xiaomi includes Redmi'"
            )
        ).scalars().all() == ["smart-tvs"]
    engine.dispose()
    assert cli.main(["source", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert "acme           Acme                   aliases: Acme, Acme Research" in listed
    assert (
        "omdia          Omdia                  continues canalys from 2025Q3; aliases: Omdia"
        in listed
    )
    engine = make_engine(cli_db)
    with Session(engine) as session:
        actions = session.execute(text("SELECT action, actor FROM audit_log ORDER BY id")).all()
    engine.dispose()
    assert [tuple(a) for a in actions] == [
        ("source.create", "cli"),
        ("source.edit", "cli"),
        ("source.note.add", "cli"),
        ("source.note.add", "cli"),
    ]


def test_source_errors_name_the_field(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["source", "add", "Acme", "--name", "Acme"]) == 2
    assert capsys.readouterr().err == (
        "error: slug 'Acme' must be 1 to 40 characters of a-z, 0-9 and '-', "
        "such as omdia or smart-tvs\n"
    )
    assert (
        cli.main(["source", "edit", "canalys", "--predecessor", "omdia", "--from", "2026Q1"]) == 2
    )
    assert capsys.readouterr().err == (
        "error: predecessor 'omdia' would make a cycle: canalys → omdia → canalys\n"
    )
    assert (
        cli.main(["source", "add", "x", "--name", "X", "--predecessor", "idc", "--from", "2025"])
        == 2
    )
    assert "successor_from '2025' is a year; give a quarter, e.g. 2025Q3" in capsys.readouterr().err
    assert cli.main(["source", "edit", "nope", "--name", "N"]) == 2
    assert capsys.readouterr().err == "error: unknown tracker 'nope'\n"


def test_category_and_market_commands(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["category", "add", "tablets", "--name", "Tablets", "--alias", "tablet"]) == 0
    assert capsys.readouterr().out == "tablets: created; alias added: tablet\n"
    assert cli.main(["category", "edit", "smartwatches", "--parent", "wearables"]) == 0
    assert capsys.readouterr().out == "smartwatches: parent: None -> wearables\n"
    assert cli.main(["category", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert (
        "smartwatches     Smartwatches             part of wearables; aliases: smart watch, smartwatch"
        in listed
    )
    assert cli.main(["category", "add", "tv", "--name", "TV"]) == 2
    assert capsys.readouterr().err == (
        "error: slug 'tv' is already used by category Smart TVs (smart-tvs)\n"
    )
    assert cli.main(["market", "add", "bangladesh", "--name", "Bangladesh", "--alias", "BD"]) == 0
    assert cli.main(["market", "list"]) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == "india            India                    aliases: India"
    )


def test_rebuild_derived_finds_and_mends_a_wrong_derived_figure(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["rebuild-derived", "--check"]) == 0
    assert "derived figures: 0 rows differ from a rebuild" in capsys.readouterr().out
    engine = make_engine(cli_db)
    wrong = text(
        "UPDATE derived_points SET share_pct = 99 WHERE valid_to IS NULL AND vendor_id = "
        "(SELECT id FROM vendors WHERE slug = 'xiaomi') AND period = 20224 AND source_id = "
        "(SELECT id FROM sources WHERE slug = 'canalys') AND segment_id = "
        "(SELECT id FROM segments WHERE slug = 'all')"
    )
    with engine.begin() as connection:
        assert connection.execute(wrong).rowcount == 1
    # The wrong row and the right one differ; --check changes nothing.
    assert cli.main(["rebuild-derived", "--check"]) == 1
    assert "derived figures: 2 rows differ from a rebuild" in capsys.readouterr().out
    assert cli.main(["rebuild-derived"]) == 0
    assert "of them differed" in capsys.readouterr().out
    assert cli.main(["rebuild-derived", "--check"]) == 0
    with Session(engine) as session:
        canalys = observations.load_slice(session, "canalys", "india", "smartphones")
        assert canalys.by_key[("xiaomi", Period(2022, 4))].share_pct == 17
    engine.dispose()
