"""A chart in words: the text alternative read out instead of the drawing.

Says what the chart shows (kind, measure, periods, series), the finding, and the latest
figures, from the same spec the drawing and the table come from. Pure.
"""

from __future__ import annotations

from app.charts.spec import ChartSpec, TableData
from app.i18n import N_, sentence
from app.i18n import gettext as _

KINDS = {
    "lines": N_("Line chart"),
    "area100": N_("100% stacked area chart"),
    "stacked": N_("Stacked bar chart"),
    "bump": N_("Rank chart"),
    "bars": N_("Bar chart"),
    "hbars": N_("Bar chart"),
    "grouped": N_("Grouped bar chart"),
}
OVER_TIME = ("lines", "area100", "stacked", "bump")
MISSING = "–"  # how tables write a figure the tracker did not state
MOST_NAMED = 8  # a sentence naming more series than this is no longer read to the end


def text_alternative(spec: ChartSpec) -> str:
    parts = [_what(spec)]
    if spec.finding:
        parts.append(sentence(spec.finding))
    latest = _latest(spec)
    if latest:
        parts.append(latest)
    parts.append(sentence(spec.footer))
    return " ".join(parts)


def _names(names: list[str]) -> str:
    shown = names[:MOST_NAMED]
    more = len(names) - len(shown)
    if more:
        return _("{names} and {more} more").format(names=", ".join(shown), more=more)
    if len(shown) > 1:
        return _("{names} and {last}").format(names=", ".join(shown[:-1]), last=shown[-1])
    return "".join(shown)


def _what(spec: ChartSpec) -> str:
    measure = spec.y_title[:1].lower() + spec.y_title[1:]
    kind = _(KINDS.get(spec.kind, N_("Chart")))
    names = _names([t.name for t in spec.traces])
    if spec.kind in OVER_TIME and spec.x_labels:
        first, last = spec.x_labels[0], spec.x_labels[-1]
        if spec.kind == "bump":
            told = _("{kind} (1 = largest), {first} to {last}: {names}.")
        else:
            told = _("{kind} of {measure}, {first} to {last}: {names}.")
        return told.format(kind=kind, measure=measure, first=first, last=last, names=names)
    told = (
        _("{kind} of {measure} for {labels}, one bar each for {names}.")
        if spec.kind == "grouped"
        else _("{kind} of {measure} for {labels}.")
    )
    return told.format(kind=kind, measure=measure, labels=_names(spec.x_labels), names=names)


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
    return _("Figures: {figures}.").format(figures=joined) if figures else ""


def _latest_row(table: TableData) -> str:
    """The newest row of a table by period that states a figure, as "vivo 23.0%, …"."""
    for row in reversed(table.rows):
        stated = [
            f"{column} {cell}"
            for column, cell in zip(table.columns[1:], row[1:], strict=False)
            if cell and cell != MISSING
        ]
        if stated:
            return _("Latest, {period}: {figures}.").format(
                period=row[0], figures=", ".join(stated[:MOST_NAMED])
            )
    return ""
