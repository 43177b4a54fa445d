"""`python -m app backup FILE` and `restore FILE [--replace]`: what they refuse and say."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.orm import Session

from app import cli
from app.backups import pg_tools
from app.db import make_engine
from app.errors import AppError
from app.migrate import alembic_config
from tests.conftest import table_dump
from tests.helpers import forget_database, use_database

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


@pytest.fixture(autouse=True)
def _forget_settings() -> Iterator[None]:
    yield
    forget_database()


def dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = table_dump(session)
    engine.dispose()
    return found


def scalar(url: str, sql: str) -> object:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.scalar(text(sql))
    engine.dispose()
    return found


def test_restore_refuses_a_database_holding_data_unless_told_to_replace(
    fresh_url: str,
    empty_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    file = tmp_path / "seeded.backup"
    use_database(fresh_url, monkeypatch)
    assert cli.main(["backup", str(file)]) == 0
    said = capsys.readouterr().out
    latest = scalar(fresh_url, "SELECT max(id) FROM revisions")
    assert said.startswith("backed up ") and f"(r{latest}, schema {HEAD}) to {file}: " in said
    with Session(make_engine(fresh_url)) as session, session.begin():
        session.execute(text("UPDATE vendors SET name = 'Changed after the backup'"))
    changed = dump(fresh_url)

    assert cli.main(["restore", str(file)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: the database already holds data ({latest} revisions, ")
    assert error.rstrip().endswith(
        "restore into an empty database, or add --replace to overwrite it (take a backup of it first)"
    )
    assert dump(fresh_url) == changed  # refused: nothing touched

    assert cli.main(["restore", str(file), "--replace"]) == 0
    assert "every login session ended" in capsys.readouterr().out
    assert scalar(fresh_url, "SELECT count(*) FROM vendors WHERE name LIKE 'Changed%'") == 0
    assert scalar(fresh_url, "SELECT max(id) FROM revisions") == latest

    use_database(empty_url, monkeypatch)
    assert cli.main(["restore", str(file)]) == 0  # an empty database needs no --replace
    assert dump(empty_url)["observations"] == dump(fresh_url)["observations"]


def test_an_older_backup_is_migrated_forward(
    fresh_url: str,
    empty_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0004")
    engine.dispose()
    file = tmp_path / "old.backup"
    use_database(empty_url, monkeypatch)
    assert cli.main(["backup", str(file)]) == 0

    use_database(fresh_url, monkeypatch)
    assert cli.main(["restore", str(file), "--replace"]) == 0
    assert "schema 0004, migrated to the latest schema" in capsys.readouterr().out
    assert scalar(fresh_url, "SELECT version_num FROM alembic_version") == HEAD
    assert scalar(fresh_url, "SELECT count(*) FROM revisions") == 0
    assert scalar(fresh_url, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == "restore"


def test_a_backup_from_a_newer_schema_is_refused(
    fresh_url: str,
    empty_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Session(make_engine(fresh_url)) as session, session.begin():
        session.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    file = tmp_path / "newer.backup"
    use_database(fresh_url, monkeypatch)
    assert cli.main(["backup", str(file)]) == 0
    use_database(empty_url, monkeypatch)
    assert cli.main(["restore", str(file)]) == 2
    assert capsys.readouterr().err == (
        f"error: {file} is at schema 0099, which this sharetrack does not know (its latest is "
        f"{HEAD}): it was made by a newer version; upgrade sharetrack, then restore\n"
    )


def test_a_backup_of_the_other_kind_or_no_backup_is_refused(
    empty_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_database(empty_url, monkeypatch)
    postgres = empty_url.startswith("postgresql")
    other = tmp_path / "other.backup"
    other.write_bytes(b"SQLite format 3\x00" if postgres else b"PGDMP\x01\x0e")
    assert cli.main(["restore", str(other)]) == 2
    made, target = ("SQLite", "PostgreSQL") if postgres else ("PostgreSQL", "SQLite")
    assert capsys.readouterr().err == (
        f"error: {other} is a {made} backup and DATABASE_URL names a {target} database: "
        f"restore it into a {made} database\n"
    )
    assert cli.main(["restore", str(tmp_path / "missing.backup")]) == 2
    assert "no such backup file: " in capsys.readouterr().err


def test_missing_client_tools_say_what_to_install() -> None:
    with pytest.raises(AppError) as raised:
        pg_tools.find("pg_dump", 99)
    assert raised.value.message == (
        "pg_dump for PostgreSQL 99 was not found (looked in /usr/lib/postgresql/99/bin, PG_BIN "
        "and the PATH): install the client tools of the server's version (Debian: apt-get "
        "install postgresql-client-99) or set PG_BIN to the folder that holds them"
    )
