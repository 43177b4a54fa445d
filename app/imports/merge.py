"""What one row of a file makes of the figure stored for its key. Pure.

A stated cell replaces the stored figure and brings its own pages (the same figure stated
again keeps the pages it had and adds the new ones); a blank cell, or a column
the file lacks, keeps the stored figure and the pages it came from, so a second page's
figures merge in without taking over the source of figures it did not state. Clearing a
stated figure takes an explicit choice (clear_blanks), and the preview lists what it clears.
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
    for figure, url_field in provenance.FIGURE_URLS:
        value = getattr(row, figure)
        before = getattr(old, figure) if old else None
        if value is not None:
            pages = row.url_of(url_field)
            if value == before:  # the same figure, stated again: every page that states it
                pages = provenance.join([getattr(old, url_field), pages])
            fields[figure], fields[url_field] = value, pages
        elif before is not None and figure in row.given and clear_blanks:
            fields[figure], fields[url_field] = None, None
            cleared.append(figure)
        else:
            fields[figure] = before
            fields[url_field] = getattr(old, url_field) if old else None
            if before is not None and figure in row.given:
                kept.append(figure)
    for name in ("note", "released"):
        value, before = getattr(row, name), getattr(old, name) if old else None
        fields[name] = (
            value if value is not None or (clear_blanks and name in row.given) else before
        )
    pages = provenance.join(fields[url] for _, url in provenance.FIGURE_URLS)
    status = row.status if "status" in row.given or old is None else old.status
    values = FigureValues(
        status=status,
        source_url=pages or row.source_url or (old.source_url if old else None),
        **fields,
    ).normalised()
    return Merged(values, tuple(kept), tuple(cleared))
