"""A slice of figures (one tracker, market, category, segment and basis) and the records
read from it.

Pure values shared by the observations service, which builds them from the database, and
the chart builders, which draw them: no database here.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from app import provenance
from app.derive import Point, Total
from app.errors import InvalidQuery
from app.periods import Period

FIELDS = (
    "source",
    "market",
    "category",
    "segment",
    "basis",
    "vendor",
    "vendor_name",
    "quarter",
    "shipments",
    "share_pct",
    "rank",
    "yoy_growth_pct",
    "status",
    "released",
    "derived",
    "revision",
    "source_url",
    "shipments_url",
    "share_url",
    "rank_url",
    "yoy_url",
)


BASES = ("units", "value")  # what a share measures


def parse_basis(text: str | None) -> str:
    """`basis` as a URL gives it: units (the default) or value."""
    basis = (text or "units").strip().lower()
    if basis not in BASES:
        raise InvalidQuery(f"'basis' must be 'units' or 'value', not '{text}'")
    return basis


@dataclass(frozen=True, slots=True)
class Successor:
    """A tracker that continues another's series from a quarter (Omdia, Canalys renamed)."""

    slug: str
    name: str
    since: Period


@dataclass(frozen=True, slots=True)
class PerimeterNote:
    """A tracker's dated note on what one vendor's figures include ("OPPO excludes OnePlus
    from Q2 2023")."""

    source: str
    vendor: str
    start: Period | None  # first quarter it applies to; None: open
    end: Period | None
    text: str

    def covers(self, period: Period) -> bool:
        """Whether it applies to any quarter of the period."""
        return any(
            (self.start is None or not q < self.start) and (self.end is None or not self.end < q)
            for q in ([period] if period.is_quarter else period.quarters())
        )


@dataclass(frozen=True)
class Slice:
    """One tracker's figures for a market, category, segment and basis, its successors' from
    the quarter each took over. Read-only once built: a slice is shared by every request of
    its content version, and its indexes are built on first use."""

    source: str
    market: str
    category: str
    points: list[Point]  # derived values filled in, sorted by period
    totals: dict[Period, Total]
    source_name: str = ""  # the tracker's own name
    successors: tuple[Successor, ...] = ()  # the ones whose figures this slice holds
    stated_by: Mapping[Period, str] = field(default_factory=dict)  # period -> successor slug
    notes: tuple[PerimeterNote, ...] = ()  # of this tracker and its successors
    segment: str = "all"  # in a segment, vendor shares are shares within it
    basis: str = "units"
    segment_name: str = "All"

    def notes_on(self, vendor: str, period: Period) -> list[str]:
        """What the tracker that stated a vendor's figures of a period says they include."""
        tracker = self.source_at(period)
        return [
            n.text
            for n in self.notes
            if n.vendor == vendor and n.source == tracker and n.covers(period)
        ]

    @cached_property
    def series_name(self) -> str:
        """Who is credited for the slice: "Canalys", or "Canalys (Omdia from Q3 2025)"."""
        if not self.successors:
            return self.source_name
        taken = ", ".join(f"{s.name} from {s.since.label}" for s in self.successors)
        return f"{self.source_name} ({taken})"

    def source_at(self, period: Period) -> str:
        """The slug of the tracker that stated a period's figures."""
        return self.stated_by.get(period, self.source)

    def name_at(self, period: Period) -> str:
        """The name of the tracker behind a period's figures; a year summed across a change
        of tracker is credited to the series."""
        slug = self.stated_by.get(period)
        if slug is not None:
            return next(s.name for s in self.successors if s.slug == slug)
        if period.is_full_year and any(q in self.stated_by for q in period.quarters_of_year()):
            return self.series_name
        return self.source_name

    @cached_property
    def periods(self) -> list[Period]:
        """Periods with vendor figures (a quarter known only by its total is not charted)."""
        return sorted(self.by_period)

    @cached_property
    def by_period(self) -> dict[Period, list[Point]]:
        out: dict[Period, list[Point]] = {}
        for point in self.points:
            out.setdefault(point.period, []).append(point)
        return out

    @cached_property
    def by_key(self) -> dict[tuple[str, Period], Point]:
        return {(p.vendor, p.period): p for p in self.points}

    @cached_property
    def residual_vendors(self) -> list[str]:
        """The unattributed rest ("Others"), in the order first met."""
        return list(dict.fromkeys(p.vendor for p in self.points if p.is_residual))

    @cached_property
    def scratch(self) -> dict[Hashable, Any]:
        """What readers work out from this slice's points (e.g. hover texts), kept with it."""
        return {}

    def leader(self, period: Period) -> Point | None:
        """The sole first-ranked vendor of a period, if there is one."""
        first = [p for p in self.by_period.get(period, ()) if p.rank == 1]
        return first[0] if len(first) == 1 else None


@dataclass(frozen=True, slots=True)
class ObservationRecord:
    """One figure set as the API, downloads and chart data list it (CONTRACT §3 fields)."""

    source: str
    market: str
    category: str
    point: Point
    segment: str = "all"
    basis: str = "units"

    def as_dict(self) -> dict[str, object]:
        """For JSON: every page behind a figure as a list. Shared: not to be changed."""
        return _as_dict(self)

    def as_row(self) -> dict[str, object]:
        """For CSV and XLSX: pages separated by spaces."""
        p = self.point
        return {
            "source": self.source,
            "market": self.market,
            "category": self.category,
            "segment": self.segment,
            "basis": self.basis,
            "vendor": p.vendor,
            "vendor_name": p.vendor_name,
            "quarter": p.period.code,
            "shipments": p.shipments,
            "share_pct": None if p.share_pct is None else float(p.share_pct),
            "rank": p.rank,
            "yoy_growth_pct": None if p.yoy_growth_pct is None else float(p.yoy_growth_pct),
            "status": p.status,
            "released": p.released.isoformat() if p.released else None,
            "derived": list(p.derived),
            "revision": p.revision,
            "source_url": p.source_url,
            "shipments_url": p.shipments_url,
            "share_url": p.share_url,
            "rank_url": p.rank_url,
            "yoy_url": p.yoy_url,
        }


# A chart's windows and vendor choices list the same records again and again (all immutable
# within a content version): each is turned into its JSON fields once.
@lru_cache(maxsize=8192)
def _as_dict(record: ObservationRecord) -> dict[str, object]:
    pages = {
        name: list(provenance.split(getattr(record.point, name))) for name in provenance.URL_FIELDS
    }
    return {**record.as_row(), **pages}
