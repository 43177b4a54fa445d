"""Backups and restores of the whole database: `python -m app backup FILE` and
`python -m app restore FILE [--replace]`.

PostgreSQL: pg_dump's custom format, restored by pg_restore through psql in one transaction
(a restore that fails or is killed leaves the database as it was). SQLite: the online backup
API, which copies a consistent snapshot while the app goes on serving and writing, and copies
a restore in with one write transaction. Both are written in the audit log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, delete, func, inspect, select, text
from sqlalchemy.orm import Session

from app import audit, versions
from app.backups import pg_tools, sqlite_files
from app.db import WRITES, make_engine
from app.errors import AppError
from app.migrate import alembic_config, upgrade
from app.models import Revision, UserSession

# A database holding a row in any of these has been used: a restore would overwrite data.
CONTENT_TABLES = ("revisions", "observations", "vendors", "events", "users", "audit_log")
PG_MAGIC = b"PGDMP"


@dataclass(frozen=True, slots=True)
class Outcome:
    file: Path
    schema: str  # the schema version the backup was taken at
    revision: int  # the latest data revision in it
    migrated: bool = False  # restore: the backup was older and was migrated forward


def backup(engine: Engine, file: Path, *, actor: str) -> Outcome:
    """Write the whole database to `file` (replaced only once the copy is complete)."""
    for stale in file.parent.glob(f".{file.name}.????????.partial"):
        stale.unlink(missing_ok=True)  # a backup killed before it was complete
    work = file.with_name(f".{file.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        if engine.dialect.name == "postgresql":
            dump = pg_tools.find("pg_dump", _server_major(engine))
            info, env = pg_tools.conninfo(engine.url)
            pg_tools.run(
                [dump, "--format=custom", f"--file={work}", f"--dbname={info}"], env, "pg_dump"
            )
        else:
            sqlite_files.copy(_sqlite_path(engine), work)
        work.replace(file)
    finally:
        work.unlink(missing_ok=True)
    with Session(engine.execution_options(**{WRITES: True})) as session, session.begin():
        schema, revision = _state(session)
        size = file.stat().st_size
        detail = f"to {file.resolve()} (r{revision}, schema {schema}, {size:,} bytes)"
        audit.record(session, "backup", actor=actor, detail=detail)
    return Outcome(file, schema, revision)


def restore(engine: Engine, file: Path, *, actor: str, replace: bool = False) -> Outcome:
    """Replace the database's contents with the backup's, migrated to the latest schema.
    Refuses a database already holding data unless `replace`; every login session ends."""
    if not file.is_file():
        raise AppError(f"no such backup file: {file}")
    with file.open("rb") as opened:
        is_dump = opened.read(len(PG_MAGIC)) == PG_MAGIC
    postgres = engine.dialect.name == "postgresql"
    if is_dump != postgres:
        made, target = ("PostgreSQL", "SQLite") if is_dump else ("SQLite", "PostgreSQL")
        raise AppError(
            f"{file} is a {made} backup and DATABASE_URL names a {target} database: "
            f"restore it into a {made} database"
        )
    if postgres:
        tool = pg_tools.find("pg_restore", _server_major(engine))
        schema = _dump_schema(tool, file)
    else:
        schema = sqlite_files.schema_of(file)
    head = _check_schema(schema, file)
    if not replace:
        _refuse_if_used(engine)
    migrated = "" if schema == head else f", migrated to {head}"
    detail = f"from {file.resolve()} (schema {schema}{migrated})"
    if postgres:
        _restore_postgres(engine, tool, file, actor=actor, detail=detail)
        if schema != head:
            upgrade(engine)
    else:
        _restore_sqlite(engine, file, migrate=schema != head, actor=actor, detail=detail)
    engine.dispose()  # pooled connections may hold the old schema's prepared statements
    with Session(engine) as session:
        return Outcome(file, schema, _state(session)[1], migrated=schema != head)


def _restore_sqlite(engine: Engine, file: Path, *, migrate: bool, actor: str, detail: str) -> None:
    # Everything (migration, ended sessions, the audit entry) is done on a copy first, so the
    # database itself changes in one step: the copy written in by one write transaction.
    target = _sqlite_path(engine)
    for stale in target.parent.glob(f".{target.name}.restore-????????"):
        sqlite_files.remove(stale)  # a restore killed before it copied in
    work = target.with_name(f".{target.name}.restore-{uuid.uuid4().hex[:8]}")
    try:
        sqlite_files.copy(file, work)
        staging = make_engine(f"sqlite:///{work}")
        if migrate:
            upgrade(staging)
        with Session(staging) as session, session.begin():
            session.execute(delete(UserSession))
            audit.record(session, "restore", actor=actor, detail=detail)
        staging.dispose()
        engine.dispose()
        sqlite_files.copy(work, target)
    finally:
        sqlite_files.remove(work)


def _restore_postgres(engine: Engine, tool: str, file: Path, *, actor: str, detail: str) -> None:
    psql = pg_tools.find("psql", _server_major(engine))
    info, env = pg_tools.conninfo(engine.url)
    # One transaction: drop what is there, load the dump, end every session, say so in the
    # audit log, COMMIT. A script cut off for any reason (pg_restore failing, this process
    # killed) never reaches the COMMIT, and psql's end rolls it all back. The dump empties
    # search_path, hence the schema-qualified names.
    before = "BEGIN;\nDROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"
    after = (
        "DELETE FROM public.user_sessions;\n"
        "INSERT INTO public.audit_log (at, actor, action, detail) "
        "VALUES (now(), :'actor', 'restore', :'detail');\n"
        "COMMIT;\n"
    )
    pg_tools.restore(
        [tool, "--no-owner", "--no-privileges", "--file=-", str(file)],
        [
            psql,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-v",
            f"actor={actor[:100]}",
            "-v",
            f"detail={detail}",
            f"--dbname={info}",
            "--file=-",
        ],
        before=before,
        after=after,
        env=env,
        pause=versions.pause_before_commit,
    )


def _dump_schema(tool: str, file: Path) -> str:
    """The schema version inside a pg_dump file, read without restoring it."""
    script = pg_tools.run(
        [tool, "--data-only", "--table=alembic_version", "--file=-", str(file)],
        None,
        f"reading {file} as a pg_dump backup",
    )
    lines = script.splitlines()
    for n, line in enumerate(lines):
        copying = line.startswith("COPY ") and "alembic_version" in line
        if copying and n + 1 < len(lines) and lines[n + 1] != "\\.":
            return lines[n + 1].strip()
    raise AppError(f"{file} holds no schema version (alembic_version): not a sharetrack backup")


def _check_schema(schema: str, file: Path) -> str:
    """The latest schema, once the backup's is known to be one of ours and not newer."""
    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head() or ""
    known = {script.revision for script in scripts.walk_revisions()}
    if schema not in known:
        raise AppError(
            f"{file} is at schema {schema}, which this sharetrack does not know (its latest is "
            f"{head}): it was made by a newer version; upgrade sharetrack, then restore"
        )
    return head


def _refuse_if_used(engine: Engine) -> None:
    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        held = {
            table: connection.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608
            for table in CONTENT_TABLES
            if table in present
        }
    used = {table: n for table, n in held.items() if n}
    if used:
        counts = ", ".join(f"{n:,} {table}" for table, n in used.items())
        raise AppError(
            f"the database already holds data ({counts}): restore into an empty database, "
            "or add --replace to overwrite it (take a backup of it first)"
        )


def _state(session: Session) -> tuple[str, int]:
    schema = session.scalar(text("SELECT version_num FROM alembic_version")) or ""
    return schema, session.scalar(select(func.max(Revision.id))) or 0


def _server_major(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text("SHOW server_version_num")) or 0) // 10000


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise AppError("an in-memory SQLite database cannot be backed up or restored")
    return Path(database)
