"""Chart specs to Plotly figure dicts. Pure and fast: dicts, never plotly.graph_objects.

User text (vendor names, event titles) is entity-escaped before it reaches Plotly, which
renders its own pseudo-HTML (<a href>, <b>, ...) in names, titles and hover text.
"""

from __future__ import annotations

from typing import Any

from app.charts.spec import ChartSpec, Trace

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
GRID = "#e6e6e6"


def plot_text(text: str) -> str:
    if "<" in text or ">" in text or "&" in text:  # rare: most text is left as it is
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def build(spec: ChartSpec) -> dict[str, Any]:
    traces = [_trace(spec, trace, i) for i, trace in enumerate(spec.traces)]
    layout = _layout(spec)
    if spec.kind == "bump":
        layout["annotations"] += _end_labels(spec)
    return {"data": traces, "layout": layout}


def _trace(spec: ChartSpec, trace: Trace, index: int) -> dict[str, Any]:
    xs = (
        [x for x in spec.x_labels if x in trace.marks]
        if spec.kind in ("bars", "hbars")
        else spec.x_labels
    )
    marks = [trace.marks.get(x) for x in xs]
    ys = [m.y if m else None for m in marks]
    hover = [plot_text(m.hover).replace("\n", "<br>") if m else "" for m in marks]
    name = plot_text(trace.name)
    base: dict[str, Any] = {
        "name": name,
        "hovertemplate": "%{customdata}<extra></extra>",
        "customdata": hover,
        "legendgroup": plot_text(trace.base_name or trace.name),
    }
    if spec.kind in ("bars", "grouped", "stacked"):
        return {
            **base,
            "type": "bar",
            "x": _categories(xs),
            "y": ys,
            "marker": {
                "color": trace.colour,
                "pattern": {"shape": ["/" if m and m.preliminary else "" for m in marks]},
            },
            "text": [plot_text(m.label) if m and m.label else "" for m in marks],
            "textposition": "outside" if spec.kind != "stacked" else "none",
            "cliponaxis": False,
        }
    if spec.kind == "hbars":
        return {
            **base,
            "type": "bar",
            "orientation": "h",
            "y": _categories(xs),
            "x": ys,
            "marker": {"color": [trace.colour if (y or 0) >= 0 else "#b23b3b" for y in ys]},
            "text": [plot_text(m.label) if m and m.label else "" for m in marks],
            "textposition": "outside",
            "cliponaxis": False,
        }
    symbols = ["circle-open" if m and m.preliminary else "circle" for m in marks]
    line: dict[str, Any] = {"color": trace.colour, "width": 3 if spec.kind == "bump" else 2.5}
    if trace.dash:
        line["dash"] = "dot"
    out = {
        **base,
        "type": "scatter",
        "x": spec.x_labels,
        "y": ys,
        "mode": "lines+markers",
        "line": line,
        "marker": {
            "size": 9 if spec.kind == "bump" else 6,
            "symbol": symbols,
            "color": trace.colour,
        },
        "connectgaps": False,
    }
    if spec.kind == "area100":
        out.update(
            stackgroup="share",
            groupnorm="percent",
            mode="lines",
            line={"color": trace.colour, "width": 0.5},
        )
    return out


def _categories(labels: list[str]) -> list[str]:
    """Category values are drawn as tick labels, pseudo-HTML included: vendor names on bars."""
    return [plot_text(label) for label in labels]


def _layout(spec: ChartSpec) -> dict[str, Any]:
    y_axis: dict[str, Any] = {
        "title": {"text": plot_text(spec.y_title)},
        "gridcolor": GRID,
        "zeroline": False,
        "ticksuffix": spec.y_suffix,
        "automargin": True,
        "fixedrange": True,
    }
    x_axis: dict[str, Any] = {
        "type": "category",
        "automargin": True,
        "fixedrange": True,
        "tickangle": 0,
        "gridcolor": GRID,
    }
    if len(spec.x_labels) > 8 and spec.kind not in ("bars", "hbars", "grouped"):
        x_axis.update(_year_ticks(spec.x_labels))
    if spec.kind == "bump":
        worst = max((m.y for t in spec.traces for m in t.marks.values() if m.y), default=5)
        y_axis.update(
            autorange=False, range=[worst + 0.5, 0.5], dtick=1, ticksuffix="", tickprefix="#"
        )
    if spec.kind == "area100":
        y_axis.update(range=[0, 100])
    if spec.kind == "hbars":
        x_axis, y_axis = (
            {**y_axis, "type": "linear", "zeroline": True, "zerolinecolor": "#888"},
            {"type": "category", "automargin": True, "autorange": "reversed", "fixedrange": True},
        )
    layout: dict[str, Any] = {
        "font": {"family": FONT, "size": 13, "color": "#1f2328"},
        "title": {
            "text": f"<b>{plot_text(spec.title)}</b>",
            "x": 0,
            "xanchor": "left",
            "font": {"size": 16},
        },
        "xaxis": x_axis,
        "yaxis": y_axis,
        "legend": {"orientation": "h", "y": -0.15, "x": 0, "yanchor": "top"},
        "margin": {"l": 10, "r": 90 if spec.kind == "bump" else 20, "t": 60, "b": 10},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "plot_bgcolor": "#fff",
        "paper_bgcolor": "#fff",
        "annotations": [],
        "shapes": [],
        "separators": ".,",
    }
    if spec.kind in ("grouped", "bars"):
        layout["barmode"] = "group"
    if spec.kind == "stacked":
        layout["barmode"] = "stack"
    if spec.kind == "bump":
        layout["showlegend"] = False
    # Labelled events last, on an opaque ground, so the dots of nearby events do not cross them.
    for event in sorted(spec.events, key=lambda e: e.show_label):
        if not event.drawn or event.x not in spec.x_labels:
            continue
        layout["shapes"].append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": event.x,
                "x1": event.x,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#9a9a9a", "width": 1, "dash": "dot"},
                "layer": "below",
            }
        )
        layout["annotations"].append(
            {
                "xref": "x",
                "yref": "paper",
                "x": event.x,
                "y": 1,
                "yanchor": "bottom",
                "text": plot_text(event.title) if event.show_label else "●",
                "hovertext": plot_text(event.title),
                "showarrow": False,
                "font": {"size": 11, "color": "#555"},
                "bgcolor": "#fff",
            }
        )
    return layout


def _year_ticks(labels: list[str]) -> dict[str, Any]:
    """Long quarter axes get one tick a year ('2022' at Q1 2022); hover keeps the quarter."""
    first_quarters = [label for label in labels if label.startswith("Q1 ")] or labels[::4]
    return {"tickvals": first_quarters, "ticktext": [label[-4:] for label in first_quarters]}


def _end_labels(spec: ChartSpec) -> list[dict[str, Any]]:
    """Bump charts name each line where it ends instead of in a legend."""
    labels = []
    for trace in spec.traces:
        last = next(
            (
                x
                for x in reversed(spec.x_labels)
                if x in trace.marks and trace.marks[x].y is not None
            ),
            None,
        )
        if last is None:
            continue
        labels.append(end_label(last, trace.marks[last].y, trace))
    return labels


def end_label(x: str, y: float | None, trace: Trace) -> dict[str, Any]:
    """A line's name written where it ends, in its colour."""
    return {
        "x": x,
        "y": y,
        "xref": "x",
        "yref": "y",
        "text": f"<b>{plot_text(trace.name)}</b>",
        "showarrow": False,
        "xanchor": "left",
        "xshift": 8,
        "font": {"color": trace.colour, "size": 12},
    }
