"""The overview page."""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.charts import service as charts
from app.charts.query import parse_chart_query
from app.db import SessionDep
from app.observations import service as observations
from app.web import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep) -> HTMLResponse:
    snapshot = charts.chart(session, parse_chart_query("snapshot", {}))
    source = snapshot.query.source or ""
    rank = charts.chart(session, parse_chart_query("rank", {"source": source}))
    share = charts.chart(session, parse_chart_query("share", {"source": source}))
    names = charts.source_names(session)
    headlines = []
    for other in observations.sources_with_data(session, "india", "smartphones"):
        for shift in charts.shifts_for(session, "india", "smartphones", other)[:3]:
            headlines.append((names.get(other, other), shift))
    headlines.sort(key=lambda item: item[1].period, reverse=True)
    return render(
        request,
        "pages/overview.html",
        snapshot=snapshot,
        rank=rank,
        share=share,
        headlines=headlines[:8],
        figures={
            name: orjson.dumps(c.figure).decode()
            for name, c in (("rank", rank), ("share", share), ("snapshot", snapshot))
        },
    )
