"""What tells the series apart besides colour, added to a figure before it is drawn.

Lines get a marker shape each (the legend shows it too) and, where names are short, the
vendor's name at the line's end; stacked areas and bars get a fill pattern each. A hatched
"/" stays reserved for preliminary bars. Pure; the API's figure is left as it is, so the
drawing on pages, embeds and pictures is the figure plus these cues.
"""

from __future__ import annotations

import copy
from typing import Any

from app.charts.figures import end_label
from app.charts.spec import ChartSpec

SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "triangle-down", "star")
PATTERNS = ("", ".", "x", "-", "|", "+", "\\")  # never "/": that one marks preliminary bars
PATTERN_INK = "rgba(255,255,255,0.55)"
END_LABEL_CHARS = 16  # longer names would run off the plot; the legend names them instead
END_LABEL_RIGHT = 90  # the right margin the names at line ends need
END_LABEL_GAP = 0.07  # of the plotted range: labels closer than this are spread apart


def add(spec: ChartSpec, figure: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(figure)
    for index, trace in enumerate(out["data"]):
        if trace.get("type") == "scatter" and "stackgroup" in trace:
            trace["fillpattern"] = _pattern(index)
        elif trace.get("type") == "scatter" and "markers" in trace.get("mode", ""):
            trace["marker"]["symbol"] = _symbols(trace["marker"].get("symbol"), index)
        elif spec.kind in ("stacked", "grouped"):
            shapes = trace["marker"].get("pattern", {}).get("shape", [])
            own = PATTERNS[index % len(PATTERNS)]
            trace["marker"]["pattern"] = {
                "shape": [s or own for s in shapes],
                "fgcolor": PATTERN_INK,
                "fillmode": "overlay",  # ink over the vendor's colour, not instead of it
                "solidity": 0.25,
            }
    if spec.kind == "lines" and all(len(t.name) <= END_LABEL_CHARS for t in spec.traces):
        out["layout"]["annotations"] = [*out["layout"]["annotations"], *_end_labels(spec)]
        margin = out["layout"]["margin"]
        out["layout"]["margin"] = {**margin, "r": max(margin.get("r", 0), END_LABEL_RIGHT)}
    return out


def _pattern(index: int) -> dict[str, Any]:
    return {
        "shape": PATTERNS[index % len(PATTERNS)],
        "fgcolor": PATTERN_INK,
        "fillmode": "overlay",
        "solidity": 0.25,
        "size": 9,
    }


def _symbols(symbols: object, index: int) -> object:
    """The trace's own shape; hollow (preliminary) points stay hollow."""
    own = SYMBOLS[index % len(SYMBOLS)]
    if isinstance(symbols, list):
        return [f"{own}-open" if str(s).endswith("-open") else own for s in symbols]
    return own


def _end_labels(spec: ChartSpec) -> list[dict[str, Any]]:
    """Each line named where it ends, nudged apart where two lines end close together."""
    ends = []
    for trace in spec.traces:
        last = next(
            (x for x in reversed(spec.x_labels) if (m := trace.marks.get(x)) and m.y is not None),
            None,
        )
        if last is not None:
            ends.append((trace.marks[last].y or 0.0, last, trace))
    values = [m.y for t in spec.traces for m in t.marks.values() if m.y is not None]
    gap = (max(values) - min(values)) * END_LABEL_GAP if values else 0.0
    labels, below = [], None
    for y, x, trace in sorted(ends, key=lambda end: end[0]):
        placed = y if below is None else max(y, below + gap)
        below = placed
        labels.append(end_label(x, placed, trace))
    return labels
