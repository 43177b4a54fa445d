"""Fixtures: every database test runs on SQLite and on real PostgreSQL.

Each backend gets a throwaway database built by `alembic upgrade head` and seeded once; each
test runs inside a transaction that is rolled back at the end. PostgreSQL is required when
CI or REQUIRE_POSTGRES is set (unreachable = failure), optional on a laptop (skipped).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import seed
from app.accounts.service import create_user
from app.db import get_session, make_engine
from app.main import create_app
from app.migrate import upgrade
from app.versions import VersionClock, content_version

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_POSTGRES = bool(os.environ.get("CI") or os.environ.get("REQUIRE_POSTGRES"))
BACKENDS = ["sqlite", "postgresql"]


class Backend:
    """A seeded database of one kind, plus cheap copies of it for tests that must commit."""

    def __init__(self, name: str, url: str, workdir: Path) -> None:
        self.name, self.url, self.workdir = name, url, workdir
        self.engine = make_engine(url)
        self._copies: list[str] = []

    def copy(self) -> str:
        """A fresh database with the seeded contents; dropped at the end of the run."""
        if self.name == "sqlite":
            target = self.workdir / f"copy-{uuid.uuid4().hex[:8]}.db"
            self.engine.dispose()
            shutil.copy(make_url(self.url).database or "", target)
            return f"sqlite:///{target}"
        name = f"sharetrack_test_{uuid.uuid4().hex[:10]}"
        source = make_url(self.url).database
        self.engine.dispose()
        with _postgres_admin() as admin:
            admin.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
        self._copies.append(name)
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def close(self) -> None:
        self.engine.dispose()
        if self.name == "postgresql":
            with _postgres_admin() as admin:
                for name in [*self._copies, make_url(self.url).database]:
                    admin.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _postgres_admin():  # type: ignore[no-untyped-def]
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    return engine.connect()


def build_database(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session, session.begin():
        seed.load(session)
    engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    workdir = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite":
        url = f"sqlite:///{workdir / 'seeded.db'}"
    else:
        name = f"sharetrack_test_{uuid.uuid4().hex[:10]}"
        try:
            with _postgres_admin() as admin:
                admin.execute(text(f'CREATE DATABASE "{name}"'))
        except OperationalError as error:
            message = f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}: {error.orig}"
            if REQUIRE_POSTGRES:
                pytest.fail(message)
            pytest.skip(message)
        url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    build_database(url)
    db = Backend(request.param, url, workdir)
    yield db
    db.close()


@pytest.fixture
def engine(backend: Backend) -> Engine:
    return backend.engine


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session on the seeded database whose changes vanish after the test."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


def app_on(db: Session) -> FastAPI:
    """The app answering from the test's session; its cache reads the revision every time."""
    app = create_app()
    app.dependency_overrides[get_session] = lambda: db
    app.state.version_clock = VersionClock(lambda: content_version(db), interval=0)
    return app


@pytest.fixture
def client(db: Session) -> Iterator[TestClient]:
    with TestClient(app_on(db)) as test_client:
        yield test_client


@pytest.fixture
def fresh_url(backend: Backend) -> str:
    """A database URL of its own (seeded), for code that opens its own connections and commits."""
    return backend.copy()


@pytest.fixture
def empty_url(backend: Backend, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it (not even tables), dropped after the test."""
    if backend.name == "sqlite":
        yield f"sqlite:///{tmp_path / f'empty-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"sharetrack_test_{uuid.uuid4().hex[:10]}"
    with _postgres_admin() as admin:
        admin.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(backend.url).set(database=name).render_as_string(hide_password=False)
    with _postgres_admin() as admin:
        admin.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def table_dump(session: Session) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every figure table: compared before and after to prove nothing changed."""
    tables = [
        "revisions",
        "observations",
        "market_totals",
        "derived_points",
        "vendors",
        "vendor_aliases",
        "events",
    ]
    return {
        t: [tuple(r) for r in session.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
        for t in tables
    }


ADMIN_PASSWORD = "correct horse battery staple"


def login(client: TestClient, username: str, password: str = ADMIN_PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token for later POSTs."""
    response = client.post(
        "/admin/login", data={"username": username, "password": password}, follow_redirects=False
    )
    assert response.status_code == 303, response.text[:500]
    page = client.get("/admin")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


@pytest.fixture
def secure_client(db: Session) -> Iterator[TestClient]:
    """An HTTPS client, so the Secure session cookie is sent back."""
    with TestClient(app_on(db), base_url="https://testserver") as test_client:
        yield test_client


@dataclass
class LoggedIn:
    """A logged-in browser: its POSTs carry the session's CSRF token like the real forms."""

    client: TestClient
    csrf: str

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        form = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(url, data=form, follow_redirects=False, **kwargs)


@pytest.fixture
def admin_client(db: Session, secure_client: TestClient) -> LoggedIn:
    create_user(db, "asha", ADMIN_PASSWORD, role="admin")
    return LoggedIn(secure_client, login(secure_client, "asha"))


@pytest.fixture
def uploader_client(db: Session, secure_client: TestClient) -> LoggedIn:
    create_user(db, "ravi", ADMIN_PASSWORD, role="uploader")
    return LoggedIn(secure_client, login(secure_client, "ravi"))
