"""The baseline an analyst would otherwise build: a minimal Dash app drawing the same rank chart."""

from __future__ import annotations

import sys

import httpx
from dash import Dash, dcc, html


def make_app(figure_source: str) -> Dash:
    figure = httpx.get(figure_source, timeout=30).json()["figure"]
    app = Dash(__name__)
    app.layout = html.Div(
        [html.H1(figure["layout"]["title"]["text"]), dcc.Graph(id="rank", figure=figure)]
    )
    return app


if __name__ == "__main__":
    source, port = sys.argv[1], int(sys.argv[2])
    make_app(source).run(host="127.0.0.1", port=port, debug=False)
