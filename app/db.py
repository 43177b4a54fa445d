"""Engine, session factory and the request-scoped session dependency."""

import contextlib
from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings

# The execution option of sessions that will write (see _on_begin); PostgreSQL ignores it.
WRITES = "sharetrack_writes"
# Reads: on SQLite they take no lock and never wait for a writer (WAL).
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def make_engine(url: str, *, statement_timeout_ms: int = 0, pool_timeout_s: int = 5) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        _sqlite_real_transactions(engine)
        return engine
    options = f"-c statement_timeout={statement_timeout_ms}" if statement_timeout_ms else ""
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=pool_timeout_s,
        connect_args={"options": options} if options else {},
    )


def _sqlite_real_transactions(engine: Engine) -> None:
    # pysqlite opens transactions lazily and breaks SAVEPOINT; let SQLAlchemy emit BEGIN itself
    # (the recipe from the SQLAlchemy SQLite dialect docs), and enforce foreign keys.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A writer takes the write lock first (BEGIN IMMEDIATE), waiting up to the busy
        # timeout for another writer to finish. Deferred, a transaction that read and then
        # wrote would fail at once with "database is locked" whenever another process had
        # committed in between (its snapshot is stale): it could not wait its turn.
        writes = conn.get_execution_options().get(WRITES, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(
        settings.database_url,
        statement_timeout_ms=settings.statement_timeout_ms,
        pool_timeout_s=settings.pool_timeout_s,
    )


@lru_cache
def get_session_factory() -> sessionmaker[Session]:
    return sessionmaker(get_engine(), expire_on_commit=False)


def get_writer_factory() -> sessionmaker[Session]:
    """Sessions for work that writes (forms, uploads, the CLI's commands): on SQLite each
    transaction waits its turn for the write lock before reading anything."""
    return _writer_factory(get_engine())


@lru_cache(maxsize=4)  # per engine: a new DATABASE_URL (tests, tools) gets its own
def _writer_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine.execution_options(**{WRITES: True}), expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session for one request. Async so that FastAPI opens it without a thread hop (a new
    session touches no connection); closing it talks to the database, so that runs in a thread.
    An uncached chart is two hops instead of three (0.3 ms). Anything but a read writes."""
    reads = request.method in READ_METHODS
    session = (get_session_factory() if reads else get_writer_factory())()
    try:
        yield session
    finally:
        # A limiter of its own, as FastAPI does for its own dependencies' exits: a close must
        # never wait for a thread behind endpoints that wait for the connection it returns.
        # Shielded: a cancelled request still gives its connection back.
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(_close, session, limiter=anyio.CapacityLimiter(1))


def _close(session: Session) -> None:
    try:
        session.close()
    except SQLAlchemyError:
        # The connection died under us (a database restart): the answer is already chosen,
        # so drop the connection from the pool instead of failing the request.
        with contextlib.suppress(SQLAlchemyError):
            session.invalidate()


SessionDep = Annotated[Session, Depends(get_session)]
