"""The baseline an analyst would otherwise build: a minimal Dash app drawing the same rank chart.

The figure is fetched once at start and returned by a callback, so a request to the callback
measures Dash's own cost of serving a figure already built (the cheapest Dash can do).
"""

from __future__ import annotations

import sys
from typing import Any

import httpx

# The body a browser posts when the page loads: the callback that fills the graph.
CALLBACK_BODY = (
    '{"output":"rank.figure","outputs":{"id":"rank","property":"figure"},'
    '"inputs":[{"id":"source","property":"value","value":"canalys"}],"changedPropIds":[]}'
)


def make_app(figure_source: str) -> Any:
    # Imported here: bench.http reads CALLBACK_BODY where Dash is not installed (make test).
    from dash import Dash, Input, Output, dcc, html

    figure = httpx.get(figure_source, timeout=30).json()["figure"]
    app = Dash(__name__)
    app.layout = html.Div(
        [
            html.H1(figure["layout"]["title"]["text"]),
            dcc.Dropdown(["canalys"], "canalys", id="source"),
            dcc.Graph(id="rank"),
        ]
    )

    @app.callback(Output("rank", "figure"), Input("source", "value"))
    def draw(_source: str) -> dict[str, object]:
        return figure  # type: ignore[no-any-return]

    return app


if __name__ == "__main__":
    source, port = sys.argv[1], int(sys.argv[2])
    make_app(source).run(host="127.0.0.1", port=port, debug=False)
