"""Chart pages, the data behind each chart (.json, .csv, .xlsx) and its picture (.png)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from app.cache_policy import cached
from app.charts import images, links, service
from app.charts.builders.common import market_category
from app.charts.builders.segments import KIND_WORDS
from app.charts.controls import controls
from app.charts.fallback import nearest_chart
from app.charts.params import ChartQueryDep
from app.charts.query import CHART_IDS, ChartQuery
from app.config import get_settings
from app.db import SessionDep
from app.errors import documented
from app.exports import to_csv, to_xlsx
from app.i18n import N_
from app.i18n import gettext as _
from app.observations import service as observations
from app.observations.slices import FIELDS
from app.themes import THEMES, picture_theme
from app.web import figure_json, render, wants_json

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
router = APIRouter(responses=documented(400, 404, 422, 503))

# Message ids: pages show them in the reader's language.
CHART_TITLES = {
    "share": N_("Market share by quarter"),
    "rank": N_("Rank by quarter"),
    "shipments": N_("Shipments by vendor"),
    "snapshot": N_("Quarter leaderboard"),
    "growth": N_("Year-on-year growth"),
    "origin": N_("Share by brand origin"),
    "sources": N_("Trackers compared"),
    "categories": N_("One vendor across categories"),
    "segments": N_("Segment mix by quarter"),
}


def citation(chart: service.Chart, url: str) -> str:
    q = chart.query
    spec = chart.spec
    return _(
        "{trackers} via sharetrack. \u201c{title}.\u201d {subject}, {chart}, {periods}. "
        "Data revision r{revision}. Accessed {date}. {url}"
    ).format(
        trackers=chart.source_name,
        title=spec.title,
        subject=market_category(q.market, q.category),
        lang=q.lang,
        chart=_(CHART_TITLES[q.chart_id]).lower(),
        periods=spec.period_label,
        revision=chart.revision,
        date=date.today().isoformat(),
        url=url,
    )


# Before the chart page: /charts/{chart_id} would also match rank.png.
@router.get("/charts/{chart_id}.png", include_in_schema=False)
@cached("embed")
async def chart_image(
    session: SessionDep,
    q: ChartQueryDep,
    width: Annotated[int | None, Query()] = None,
    height: Annotated[int | None, Query()] = None,
) -> Response:
    return await _picture(session, q, width, height, "png")


@router.get("/charts/{chart_id}.svg", include_in_schema=False)
@cached("embed")
async def chart_svg(
    session: SessionDep,
    q: ChartQueryDep,
    width: Annotated[int | None, Query()] = None,
    height: Annotated[int | None, Query()] = None,
) -> Response:
    """The same picture as the PNG (state, theme, size), as scalable vectors."""
    return await _picture(session, q, width, height, "svg")


async def _picture(
    session: SessionDep, q: ChartQuery, width: int | None, height: int | None, kind: str
) -> Response:
    size = images.image_size(width, height)
    chart = await run_in_threadpool(service.chart, session, q)
    theme = picture_theme(q.theme)
    figure = images.image_figure(chart.drawing, chart.spec.footer, theme)
    key = _picture_key(chart.query, chart.revision, size, kind)
    data = await run_in_threadpool(images.render, figure, size[0], size[1], key, kind)
    return Response(data, media_type=images.FORMATS[kind])


def _picture_key(q: ChartQuery, revision: int, size: tuple[int, int], kind: str) -> str:
    """What a stored picture is drawn from: the state (theme and language included, as in
    the canonical query), the revision, the size and the format."""
    return f"{q.chart_id}?{q.canonical()}@r{revision}:{size}:{kind}"


@router.get("/charts/{chart_id}", response_class=HTMLResponse, include_in_schema=False)
@cached()
def chart_page(request: Request, session: SessionDep, chart_id: str) -> HTMLResponse:
    """The chart and its controls; an impossible choice shows the nearest chart that can be
    drawn with the problem beside the controls (status 4xx), never a bare error page."""
    params = dict(request.query_params)
    found = nearest_chart(session, chart_id, params)
    if found.problem is not None and wants_json(request):
        raise found.problem
    chart = found.chart
    q = chart.query
    base = get_settings().base_url.rstrip("/")
    addresses = links.urls(base, chart.query)
    url = addresses.page
    live = replace(chart.query, as_of=None)
    return render(
        request,
        "charts/detail.html",
        chart=chart,
        chart_ids=CHART_IDS,
        titles=CHART_TITLES,
        figure_json=figure_json(chart.page_figure),
        share_url=url,
        citation=citation(chart, url),
        subject=market_category(q.market, q.category),
        lang=q.lang,
        image_url=addresses.image,
        svg_url=addresses.svg,
        oembed_url=f"{base}/oembed?" + urlencode({"url": url, "format": "json"}),
        embeds={theme: _snippets(base, live, chart, theme) for theme in THEMES},
        embed_theme=q.theme if q.theme in ("dark", "auto") else "light",
        sources=observations.sources_with_data(session, q.market, q.category),
        vendors=service.vendor_info(session),
        controls=controls(session, q),
        kind_words=KIND_WORDS,
        problem=found.problem.message if found.problem else None,
        typed={found.param: params[found.param]} if found.param else {},
        status_code=found.problem.status_code if found.problem else 200,
    )


def _snippets(
    base: str, live: ChartQuery, chart: service.Chart, theme: str
) -> tuple[links.Snippet, links.Snippet]:
    """The live and the pinned embed code of one theme (light: the embed's default)."""
    q = replace(live, theme=None if theme == "light" else theme)
    title = chart.spec.title
    return links.snippet(base, q, title), links.snippet(base, q, title, pinned_to=chart.revision)


@router.get("/api/v1/charts/{chart_id}.json", tags=["charts"])
@cached()
def chart_json(session: SessionDep, q: ChartQueryDep) -> Response:
    """The Plotly figure and the observations behind it."""
    chart = service.chart(session, q)
    body = {
        "chart_id": q.chart_id,
        "query": chart.query.canonical(),
        "title": chart.spec.title,
        "finding": chart.spec.finding,
        "revision": chart.revision,
        "figure": chart.figure,
        "table": {
            "columns": chart.spec.table.columns,
            "rows": chart.spec.table.rows,
            "footnote": chart.spec.table.footnote or None,
        },
        "data": [r.as_dict() for r in chart.records],
    }
    return Response(orjson.dumps(body), media_type="application/json")


@router.get(
    "/api/v1/charts/{chart_id}.csv",
    tags=["charts"],
    responses={200: {"content": {"text/csv": {}}, "description": "the observations as CSV"}},
)
@cached()
def chart_csv(session: SessionDep, q: ChartQueryDep) -> Response:
    chart = service.chart(session, q)
    return _download(
        to_csv(FIELDS, (r.as_row() for r in chart.records)), q, "csv", "text/csv; charset=utf-8"
    )


@router.get(
    "/api/v1/charts/{chart_id}.xlsx",
    tags=["charts"],
    responses={200: {"content": {XLSX: {}}, "description": "the observations as a workbook"}},
)
@cached()
def chart_xlsx(session: SessionDep, q: ChartQueryDep) -> Response:
    chart = service.chart(session, q)
    data = to_xlsx(FIELDS, (r.as_row() for r in chart.records), title=q.chart_id)
    return _download(data, q, "xlsx", XLSX)


def _download(data: bytes, q: ChartQuery, extension: str, media_type: str) -> Response:
    name = f"sharetrack-{q.chart_id}-{q.market}-{q.category}.{extension}"
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
