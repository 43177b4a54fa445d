"""The shape every chart is drawn from: plain data, no Plotly, no database."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(slots=True)
class TableData:
    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
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
