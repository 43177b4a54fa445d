"""Dated notes on a tracker's figures: what a vendor's figure covers from when ("OPPO excludes
OnePlus from 2023Q2, prior year restated"), shown on /sources and in the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models import Category, Source, SourceNote, Vendor
from app.periods import Period
from app.reference import fields
from app.reference.fields import InvalidField
from app.reference.names import suggest


@dataclass(frozen=True)
class NoteForm:
    text: str
    from_period: str = ""  # quarters, inclusive; either may be open
    to_period: str = ""
    vendor: str = ""  # a vendor's slug, or "" for the whole tracker
    url: str = ""
    category: str = ""  # a category's slug, or "" for every category


def add_note(session: Session, source: Source, form: NoteForm) -> SourceNote:
    text = fields.note_text(form.text)
    start = fields.quarter(form.from_period, "from_period")
    end = fields.quarter(form.to_period, "to_period")
    if start is not None and end is not None and start > end:
        raise InvalidField(
            "to_period",
            f"to_period {fields.code(end)} is before from_period {fields.code(start)}",
        )
    url = fields.url(form.url, "note_url", limit=1000)
    note = SourceNote(
        text=text,
        from_period=start,
        to_period=end,
        vendor=_named(session, Vendor, form.vendor, "vendor"),
        category=_named(session, Category, form.category, "category"),
        url=url or None,
    )
    source.notes.append(note)
    session.flush()
    return note


def _named(session: Session, model: Any, slug: str, field: str) -> Any:
    """The vendor or category a note is about, by slug; None when blank."""
    wanted = slug.strip()
    if not wanted:
        return None
    found = session.scalar(select(model).where(model.slug == wanted))
    if found is None:
        hint = suggest(wanted, list(session.scalars(select(model.slug))))
        raise InvalidField(
            field, f"unknown {field} '{wanted}'" + (f"; did you mean '{hint}'?" if hint else "")
        )
    return found


def delete_note(session: Session, source: Source, note_id: int) -> SourceNote:
    note = next((n for n in source.notes if n.id == note_id), None)
    if note is None:
        raise NotFound(f"{source.name} has no note #{note_id}")
    source.notes.remove(note)
    session.flush()
    return note


def dated(notes: list[SourceNote]) -> list[SourceNote]:
    """Oldest first; a note with no start comes before dated ones."""
    return sorted(notes, key=lambda n: (n.from_period or 0, n.to_period or 0, n.id))


def about(note: SourceNote) -> str:
    """Whom and what the note is about: "OPPO", "OPPO, Wearables", "" (the whole tracker)."""
    return ", ".join(x.name for x in (note.vendor, note.category) if x is not None)


def describe(note: SourceNote) -> str:
    """The note's dates in words: "from Q2 2023", "Q1 2020–Q4 2022", "until Q4 2022"."""
    start = Period.from_key(note.from_period).label if note.from_period else ""
    end = Period.from_key(note.to_period).label if note.to_period else ""
    if start and end:
        return start if start == end else f"{start}–{end}"
    return f"from {start}" if start else (f"until {end}" if end else "")
