"""Embeds for newsrooms: the chart alone, the resize script and oEmbed."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.responses import FileResponse

from app.assets import ROOT as STATIC_ROOT
from app.cache_policy import cached
from app.charts import links
from app.charts import service as charts
from app.charts.params import ChartQueryDep
from app.config import get_settings
from app.db import SessionDep
from app.embeds import service
from app.errors import AppError, documented
from app.web import figure_json, render

router = APIRouter()


def _base() -> str:
    return get_settings().base_url.rstrip("/")


def _revised_since(session: SessionDep, chart: charts.Chart) -> bool:
    """A pinned chart whose figures a later revision changed (not merely any later revision)."""
    if not chart.revised_since:
        return False
    live = charts.chart(session, replace(chart.query, as_of=None))

    def values(c: charts.Chart) -> list[dict[str, object]]:
        return [{k: v for k, v in r.as_dict().items() if k != "revision"} for r in c.records]

    return values(live) != values(chart)


@router.get("/embed/{chart_id}", response_class=HTMLResponse, include_in_schema=False)
@cached("embed")
def embed(request: Request, session: SessionDep, q: ChartQueryDep) -> HTMLResponse:
    chart = charts.chart(session, q)
    page = links.urls(_base(), chart.query).page
    live = links.urls(_base(), replace(chart.query, as_of=None)).page
    return render(
        request,
        "embeds/chart.html",
        chart=chart,
        chart_url=page,
        live_url=live,
        figure_json=figure_json(chart.page_figure),
        theme=chart.query.theme or "light",
        lang=chart.query.lang,
        revised=_revised_since(session, chart),
    )


@router.get("/embed.js", include_in_schema=False)
@cached("embed")
def embed_script() -> Response:
    return FileResponse(
        STATIC_ROOT / "embed.js", media_type="application/javascript; charset=utf-8"
    )


@router.get("/oembed", tags=["embeds"], responses=documented(400, 404, 422, 501, 503))
@cached()
def oembed(
    session: SessionDep,
    url: Annotated[str, Query(max_length=2000, description="a chart or embed URL of this site")],
    format: Annotated[str, Query(max_length=10)] = "json",
    maxwidth: Annotated[int | None, Query(ge=100, le=4000)] = None,
    maxheight: Annotated[int | None, Query(ge=100, le=4000)] = None,
) -> Response:
    """oEmbed 1.0 `rich` answer with the iframe for a chart page or embed URL."""
    if format != "json":
        raise AppError("only format=json is supported", status_code=501)
    q = service.query_from_url(_base(), url)
    chart = charts.chart(session, q)
    body = service.oembed(
        _base(), chart.query, chart.spec.title, chart.source_name, maxwidth, maxheight
    )
    return JSONResponse(body)
