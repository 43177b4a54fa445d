"""Chart pages and the data behind each chart (.json, .csv, .xlsx)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.charts import service
from app.charts.query import CHART_IDS, ChartQuery, parse_chart_query
from app.config import get_settings
from app.db import SessionDep
from app.embeds import service as embeds
from app.errors import documented
from app.exports import to_csv, to_xlsx
from app.observations import service as observations
from app.observations.service import FIELDS
from app.web import figure_json, render

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
router = APIRouter(responses=documented(400, 404, 422, 503))

CHART_TITLES = {
    "share": "Market share by quarter",
    "rank": "Rank by quarter",
    "shipments": "Shipments by vendor",
    "snapshot": "Quarter leaderboard",
    "growth": "Year-on-year growth",
    "origin": "Share by brand origin",
    "sources": "Trackers compared",
    "categories": "One vendor across categories",
}


async def chart_query(
    chart_id: Annotated[
        str, Path(description=f"one of: {', '.join(CHART_IDS)}", examples=["rank"])
    ],
    market: Annotated[str | None, Query(max_length=60, examples=["india"])] = None,
    category: Annotated[str | None, Query(max_length=60, examples=["smartphones"])] = None,
    source: Annotated[
        str | None, Query(max_length=60, description="default: the tracker with the latest data")
    ] = None,
    vendors: Annotated[
        str | None,
        Query(max_length=400, description="comma slugs; default: top 5 + Others"),
    ] = None,
    from_: Annotated[str | None, Query(alias="from", max_length=20, examples=["2021Q1"])] = None,
    to: Annotated[str | None, Query(max_length=20, examples=["2023Q4"])] = None,
    quarter: Annotated[
        str | None, Query(max_length=20, description="snapshot, growth, sources: the quarter")
    ] = None,
    vendor: Annotated[
        str | None, Query(max_length=60, description="categories: the vendor")
    ] = None,
    mode: Annotated[
        str | None,
        Query(
            max_length=20,
            description="share: lines|area100; shipments: stacked|lines; origin: country|group",
        ),
    ] = None,
    by: Annotated[str | None, Query(max_length=10, description="vendor or group")] = None,
    units: Annotated[
        str | None, Query(max_length=10, description="millions or indian (lakh/crore)")
    ] = None,
    as_of: Annotated[str | None, Query(max_length=12, examples=["r2"])] = None,
) -> ChartQuery:
    given = {
        "market": market,
        "category": category,
        "source": source,
        "vendors": vendors,
        "from": from_,
        "to": to,
        "quarter": quarter,
        "vendor": vendor,
        "mode": mode,
        "by": by,
        "units": units,
        "as_of": as_of,
    }
    return parse_chart_query(chart_id, {k: v for k, v in given.items() if v})


ChartQueryDep = Annotated[ChartQuery, Depends(chart_query)]


def citation(chart: service.Chart, url: str) -> str:
    q = chart.query
    spec = chart.spec
    subject = f"{q.market.title()} {q.category.replace('-', ' ')}"
    return (
        f"{chart.source_name} via sharetrack. \u201c{spec.title}.\u201d {subject}, "
        f"{CHART_TITLES[q.chart_id].lower()}, {spec.period_label}. "
        f"Data revision r{chart.revision}. Accessed {date.today().isoformat()}. {url}"
    )


@router.get("/charts/{chart_id}", response_class=HTMLResponse, include_in_schema=False)
def chart_page(request: Request, session: SessionDep, q: ChartQueryDep) -> HTMLResponse:
    chart = service.chart(session, q)
    base = get_settings().base_url.rstrip("/")
    addresses = embeds.urls(base, chart.query)
    url = addresses.page
    live = replace(chart.query, as_of=None)
    return render(
        request,
        "charts/detail.html",
        chart=chart,
        chart_ids=CHART_IDS,
        titles=CHART_TITLES,
        figure_json=figure_json(chart.figure),
        share_url=url,
        citation=citation(chart, url),
        image_url=addresses.image,
        oembed_url=f"{base}/oembed?" + urlencode({"url": url, "format": "json"}),
        embed_live=embeds.snippet(base, live, chart.spec.title),
        embed_pinned=embeds.snippet(base, live, chart.spec.title, pinned_to=chart.revision),
        sources=observations.sources_with_data(session, q.market, q.category),
        vendors=service.vendor_info(session),
    )


@router.get("/api/v1/charts/{chart_id}.json", tags=["charts"])
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
        "table": {"columns": chart.spec.table.columns, "rows": chart.spec.table.rows},
        "data": [r.as_dict() for r in chart.records],
    }
    return Response(orjson.dumps(body), media_type="application/json")


@router.get(
    "/api/v1/charts/{chart_id}.csv",
    tags=["charts"],
    responses={200: {"content": {"text/csv": {}}, "description": "the observations as CSV"}},
)
def chart_csv(session: SessionDep, q: ChartQueryDep) -> Response:
    chart = service.chart(session, q)
    return _download(
        to_csv(FIELDS, (r.as_dict() for r in chart.records)), q, "csv", "text/csv; charset=utf-8"
    )


@router.get(
    "/api/v1/charts/{chart_id}.xlsx",
    tags=["charts"],
    responses={200: {"content": {XLSX: {}}, "description": "the observations as a workbook"}},
)
def chart_xlsx(session: SessionDep, q: ChartQueryDep) -> Response:
    chart = service.chart(session, q)
    data = to_xlsx(FIELDS, (r.as_dict() for r in chart.records), title=q.chart_id)
    return _download(data, q, "xlsx", XLSX)


def _download(data: bytes, q: ChartQuery, extension: str, media_type: str) -> Response:
    name = f"sharetrack-{q.chart_id}-{q.market}-{q.category}.{extension}"
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
