"""One typed row of an upload, as validation reads it and publishing writes it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.periods import Period

FIGURE_FIELDS = ("shipments", "share_pct", "rank", "yoy_growth_pct", "status", "note", "source_url")


@dataclass(frozen=True, slots=True)
class ImportRow:
    row: int
    source: str
    market: str
    category: str
    period: Period
    vendor: str | None  # slug; None for the market TOTAL row
    vendor_as_written: str
    shipments: int | None
    share_pct: Decimal | None
    rank: int | None
    yoy_growth_pct: Decimal | None
    status: str
    note: str | None
    source_url: str | None
    # The figure columns the file has. A column it lacks leaves stored values alone, so a
    # share-only correction does not wipe the shipments already published.
    given: frozenset[str] = frozenset(FIGURE_FIELDS)

    @property
    def group(self) -> tuple[str, str, str, Period]:
        return (self.source, self.market, self.category, self.period)

    @property
    def key(self) -> tuple[str, str, str, str | None, Period]:
        return (self.source, self.market, self.category, self.vendor, self.period)
