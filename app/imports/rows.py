"""One typed row of an upload, as validation reads it and publishing writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.periods import Period

FIGURE_FIELDS = ("shipments", "share_pct", "rank", "yoy_growth_pct")
# The columns a row may state: its figures and what is said of them.
STATED_FIELDS = (*FIGURE_FIELDS, "status", "released", "note")


@dataclass(frozen=True, slots=True)
class ImportRow:
    row: int
    source: str
    market: str
    category: str
    segment: str  # "all": the whole category
    basis: str  # "units" or "value": what the shares measure
    period: Period
    vendor: str | None  # slug; None for the market TOTAL row
    vendor_as_written: str
    shipments: int | None
    share_pct: Decimal | None
    rank: int | None
    yoy_growth_pct: Decimal | None
    status: str
    note: str | None
    source_url: str | None  # the row's pages (provenance.join)
    released: date | None = None
    # Pages of one figure (shipments_url, ...), where the file names them apart from the row's.
    figure_urls: tuple[tuple[str, str], ...] = ()
    # The columns the file has (STATED_FIELDS). A column it lacks, or a blank cell, leaves the
    # stored figure alone, so a share-only correction does not wipe the shipments.
    given: frozenset[str] = frozenset(STATED_FIELDS)

    def url_of(self, figure_url: str) -> str | None:
        """The pages behind one figure of this row: its own column's, else the row's."""
        return dict(self.figure_urls).get(figure_url) or self.source_url

    @property
    def group(self) -> tuple[str, str, str, str, str, Period]:
        """The rows whose shares add up and whose ranks are compared together."""
        return (self.source, self.market, self.category, self.segment, self.basis, self.period)

    @property
    def key(self) -> tuple[str, str, str, str, str, str | None, Period]:
        return (*self.group[:5], self.vendor, self.period)
