"""A chart in words: the text alternative read out instead of the drawing.

Says what the chart shows (kind, measure, periods, series), the finding, and the latest
figures, from the same spec the drawing and the table come from. Pure.
"""

from __future__ import annotations

from app.charts.spec import ChartSpec, TableData

KINDS = {
    "lines": "Line chart",
    "area100": "100% stacked area chart",
    "stacked": "Stacked bar chart",
    "bump": "Rank chart",
    "bars": "Bar chart",
    "hbars": "Bar chart",
    "grouped": "Grouped bar chart",
}
OVER_TIME = ("lines", "area100", "stacked", "bump")
MISSING = "–"  # how tables write a figure the tracker did not state
MOST_NAMED = 8  # a sentence naming more series than this is no longer read to the end


def text_alternative(spec: ChartSpec) -> str:
    parts = [_what(spec)]
    if spec.finding:
        parts.append(spec.finding.rstrip(".") + ".")
    latest = _latest(spec)
    if latest:
        parts.append(latest)
    parts.append(spec.footer.rstrip(".") + ".")
    return " ".join(parts)


def _names(names: list[str]) -> str:
    shown = names[:MOST_NAMED]
    more = len(names) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    return ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else "".join(shown)


def _what(spec: ChartSpec) -> str:
    measure = spec.y_title[:1].lower() + spec.y_title[1:]
    kind = KINDS.get(spec.kind, "Chart")
    names = _names([t.name for t in spec.traces])
    if spec.kind in OVER_TIME and spec.x_labels:
        span = f"{spec.x_labels[0]} to {spec.x_labels[-1]}"
        of = "(1 = largest)" if spec.kind == "bump" else f"of {measure}"
        return f"{kind} {of}, {span}: {names}."
    return f"{kind} of {measure} for {_names(spec.x_labels)}" + (
        f", one bar each for {names}." if spec.kind == "grouped" else "."
    )


def _latest(spec: ChartSpec) -> str:
    if spec.kind in OVER_TIME:
        return _latest_row(spec.table)
    figures = []
    for trace in spec.traces:
        labelled = [f"{x} {m.label}" for x, m in trace.marks.items() if m.label]
        if labelled:
            prefix = f"{trace.name}: " if spec.kind == "grouped" else ""
            figures.append(prefix + ", ".join(labelled[:MOST_NAMED]))
    joined = ("; " if spec.kind == "grouped" else ", ").join(figures)
    return f"Figures: {joined}." if figures else ""


def _latest_row(table: TableData) -> str:
    """The newest row of a table by period that states a figure, as "vivo 23.0%, …"."""
    for row in reversed(table.rows):
        stated = [
            f"{column} {cell}"
            for column, cell in zip(table.columns[1:], row[1:], strict=False)
            if cell and cell != MISSING
        ]
        if stated:
            return f"Latest, {row[0]}: " + ", ".join(stated[:MOST_NAMED]) + "."
    return ""
