"""The bundled figures as the trackers released them: one group per release, in date order.

A release is one tracker's publication on one day (its quarter, often its full year, and the
prior-year figures it restated). Seeding one revision per release lets `as_of`, pinned embeds
and "figures revised since" run on the real history. Rows whose release date no page records
come first, one group per tracker, and say so. Pure.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass
class Release:
    source: str
    released: date | None  # None: the rows whose release date is not recorded
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        when = self.released.isoformat() if self.released else "date not recorded"
        return f"{self.source} release {when}.csv"  # read as the CSV it is

    @property
    def data(self) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, self.header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue().encode()


def releases(files: Iterable[str]) -> list[Release]:
    """The rows of the files (CSV texts of the upload format) grouped by release, undated
    first, then by date and tracker; within a release, rows keep their order in the files. A
    release's header has every column its rows have (segment figures add segment and basis;
    the other rows leave them blank: the whole category, by units)."""
    found: dict[tuple[str, date | None], Release] = {}
    for text in files:
        reader = csv.DictReader(io.StringIO(text))
        for row in reader:
            released = date.fromisoformat(row["released"]) if row["released"] else None
            key = (row["source"], released)
            if key not in found:
                found[key] = Release(row["source"], released, list(reader.fieldnames or []))
            release = found[key]
            release.header += [name for name in row if name not in release.header]
            release.rows.append(row)
    return sorted(
        found.values(),
        key=lambda r: (r.released is not None, r.released or date.min, r.source),
    )
