"""Empty databases to restore into, on the backend under test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import Backend, _postgres_admin


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
