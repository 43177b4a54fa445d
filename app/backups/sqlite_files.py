"""SQLite's online backup API: a consistent copy of a database that others go on using."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from app.errors import AppError

MAGIC = b"SQLite format 3\x00"


def copy(source: Path, target: Path) -> None:
    """Copy `source` into `target` in one step: readers of the target see the old contents or
    the new ones, and writers to the source are never blocked (WAL)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target, timeout=15)) as dst,
    ):
        src.backup(dst)  # pages=-1: everything in one step, so in one transaction


def schema_of(file: Path) -> str:
    """The schema version of a SQLite backup, read without changing it."""
    with file.open("rb") as opened:
        header = opened.read(len(MAGIC))
    if header != MAGIC:
        raise AppError(f"{file} is neither a pg_dump nor a SQLite backup")
    uri = f"file:{file.resolve()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise AppError(f"{file} cannot be read as a sharetrack backup: {error}") from None
    if not found:
        raise AppError(f"{file} holds no schema version: not a sharetrack backup")
    return str(found[0])


def remove(database: Path) -> None:
    """A database file and the journal files SQLite keeps beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
