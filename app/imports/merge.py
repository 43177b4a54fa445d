"""What one row of a file makes of the figure stored for its key. Pure.

A stated cell replaces the stored figure and brings its own pages and release date (the
same figure stated again keeps the pages and date it had and adds the new pages); a blank
cell, or a column the file lacks, keeps the stored figure with its pages and date, so a second
page's figures merge in without taking over the source of figures it did not state. Clearing
a stated figure takes an explicit choice (clear_blanks), and the preview lists what it clears.
The row's own release date is the newest of its figures'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app import provenance
from app.imports.rows import ImportRow
from app.revisions.store import FigureValues


@dataclass(frozen=True, slots=True)
class Merged:
    values: FigureValues
    kept: tuple[str, ...] = ()  # stated figures a blank cell left as they were
    cleared: tuple[str, ...] = ()  # stated figures a blank cell cleared


def merge(row: ImportRow, old: FigureValues | None, *, clear_blanks: bool = False) -> Merged:
    fields: dict[str, Any] = {}
    kept, cleared = [], []
    for figure in provenance.FIGURES:
        value = getattr(row, figure.value)
        before = getattr(old, figure.value) if old else None
        if value is not None:
            pages, released = row.url_of(figure.url), row.released
            if value == before:  # the same figure, stated again: every page that states it
                pages = provenance.join([getattr(old, figure.url), pages])
                released = getattr(old, figure.released) or released  # known since then
            fields |= {figure.value: value, figure.url: pages, figure.released: released}
        elif before is not None and figure.value in row.given and clear_blanks:
            fields |= {figure.value: None, figure.url: None, figure.released: None}
            cleared.append(figure.value)
        else:
            for name in (figure.value, figure.url, figure.released):
                fields[name] = getattr(old, name) if old else None
            if before is not None and figure.value in row.given:
                kept.append(figure.value)
    stated_note = row.note is not None or (clear_blanks and "note" in row.given)
    fields["note"] = row.note if stated_note else (old.note if old else None)
    dates = [fields[name] for name in provenance.RELEASED_FIELDS if fields[name]]
    pages = provenance.join(fields[figure.url] for figure in provenance.FIGURES)
    status = row.status if "status" in row.given or old is None else old.status
    values = FigureValues(
        status=status,
        released=max(dates, default=None),
        source_url=pages or row.source_url or (old.source_url if old else None),
        **fields,
    ).normalised()
    return Merged(values, tuple(kept), tuple(cleared))
