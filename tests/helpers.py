"""Small builders for upload files used across tests, and lookups of the seeded history."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import get_settings
from app.db import get_engine, get_session_factory
from app.models import Revision

LONG_HEADER = (
    "source,market,category,quarter,vendor,shipments_million,share_pct,rank,"
    "yoy_growth_pct,status,note,source_url"
)


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(
    rows: Sequence[Sequence[object]],
    *,
    percent_columns: Sequence[int] = (),
    extra_sheets: dict[str, Sequence[Sequence[object]]] | None = None,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(list(row))
    for column in percent_columns:
        for cells in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            for cell in cells:
                cell.number_format = "0%"
    for title, sheet_rows in (extra_sheets or {}).items():
        other = workbook.create_sheet(title)
        for row in sheet_rows:
            other.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def release_revision(session: Session, source: str, released: str) -> int:
    """The seed revision that published one tracker release ("canalys", "2023-01-19")."""
    name = f"{source} release {released}.csv"
    found = session.scalar(select(Revision.id).where(Revision.file_name == name))
    assert found, f"no seed revision {name}"
    return found


def use_database(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the app's own settings, engine and sessions (the CLI's, a real app's) at `url`."""
    monkeypatch.setenv("DATABASE_URL", url)
    _forget_cached()


def forget_database() -> None:
    """Close the engine `use_database` made and forget it, so the next test reads its own."""
    get_engine().dispose()
    _forget_cached()


def _forget_cached() -> None:
    for cached in (get_settings, get_engine, get_session_factory):
        cached.cache_clear()
