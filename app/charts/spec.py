"""The shapes of a chart: what a builder reads (ChartInputs) and what it returns (ChartSpec).

Plain data, no Plotly, no database: builders and figures are tested without either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.charts.query import ChartQuery
from app.observations.slices import Slice
from app.periods import Period


@dataclass(frozen=True, slots=True)
class VendorInfo:
    slug: str
    name: str
    colour: str
    group: str | None
    group_name: str | None
    country: str | None
    is_residual: bool


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """A segment as one tracker defines it: "Premium", price-band, "US$600–800"."""

    slug: str
    name: str
    kind: str  # price-band | technology | channel | form-factor | other
    position: int  # display order within its kind, cheapest band first
    definition: str = ""  # the tracker's own edges or wording; "" when none is recorded
    until: Period | None = None  # the last quarter the definition was used; None: current

    @property
    def label(self) -> str:
        """ "Premium (US$600–800)"; the name alone where it already says its edges."""
        said = not self.definition or self.definition.casefold() in self.name.casefold()
        return self.name if said else f"{self.name} ({self.definition})"


@dataclass(frozen=True, slots=True)
class MarketEvent:
    label: str  # the quarter, as on a chart's axis
    vendor: str | None  # None: market-wide
    title: str
    source_url: str


@dataclass(frozen=True, slots=True)
class ChartInputs:
    """Everything a builder draws from, read by the chart service in one go."""

    query: ChartQuery  # the tracker resolved; with by=group, vendors are group slugs
    # One tracker's slice; for `sources` every tracker's, for `categories` every category's
    # that states the vendor's share.
    slices: tuple[Slice, ...]
    info: Mapping[str, VendorInfo]  # with by=group, the groups as pseudo-vendors too
    source_names: Mapping[str, str]  # slug -> name
    category_names: Mapping[str, str]
    events: tuple[MarketEvent, ...]  # the market's, oldest first
    revision: int  # the revision drawn
    # segments: the tracker's segments of the kind drawn, as it defines them, by slug
    segments: Mapping[str, SegmentInfo] = field(default_factory=dict)

    @property
    def data(self) -> Slice:
        """The slice of a one-tracker chart."""
        return self.slices[0]


@dataclass(frozen=True, slots=True)
class Mark:
    """One value of a trace: where it sits, what hover says, whether it is preliminary."""

    y: float | None
    hover: str = ""
    preliminary: bool = False
    label: str | None = None  # text drawn on a bar


@dataclass(frozen=True, slots=True)
class Trace:
    name: str
    colour: str
    marks: dict[str, Mark]  # x label -> mark
    key: str = ""
    dash: bool = False  # e.g. the derived "Others" residual
    base_name: str = ""  # for grouped bars: the legend group


@dataclass(frozen=True, slots=True)
class EventMark:
    x: str
    title: str
    url: str
    show_label: bool = False
    drawn: bool = True  # a marker on the chart; the others are only listed below it


@dataclass(slots=True)
class TableData:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    footnote: str = ""  # what a mark in the cells means


@dataclass(frozen=True, kw_only=True)
class ChartSpec:
    chart_id: str
    kind: str  # "lines" | "area100" | "stacked" | "bump" | "bars" | "hbars" | "grouped"
    title: str
    y_title: str
    x_labels: list[str]
    traces: list[Trace]
    table: TableData
    footer: str
    y_suffix: str = ""
    events: list[EventMark] = field(default_factory=list)
    finding: str | None = None
    notes: list[str] = field(default_factory=list)
    period_label: str = ""  # "Q1 2019–Q2 2025" or "Q4 2022": for citations
    sources: list[str] = field(default_factory=list)  # the trackers credited, by name
