"""The overview, quarter, vendor and source pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.cache_policy import cached
from app.charts import service as charts
from app.charts.query import parse_chart_query
from app.db import SessionDep
from app.errors import NotFound
from app.observations import history
from app.observations import service as observations
from app.observations.params import FigureKeyDep
from app.pages import segments, service
from app.periods import Period, PeriodError
from app.web import figure_json, render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
@cached()
def overview(request: Request, session: SessionDep) -> HTMLResponse:
    snapshot = charts.chart(session, parse_chart_query("snapshot", {}))
    source = snapshot.query.source or ""
    rank = charts.chart(session, parse_chart_query("rank", {"source": source}))
    share = charts.chart(session, parse_chart_query("share", {"source": source}))
    headlines = []
    for other in observations.sources_with_data(session, "india", "smartphones"):
        data = observations.load_slice(session, other, "india", "smartphones")
        for shift in charts.shifts_for(session, "india", "smartphones", other)[:3]:
            headlines.append((data.name_at(shift.period), shift))  # Omdia's, from 2025Q3
    headlines.sort(key=lambda item: item[1].period, reverse=True)
    return render(
        request,
        "pages/overview.html",
        snapshot=snapshot,
        rank=rank,
        share=share,
        headlines=headlines[:8],
        segment_findings=segments.findings(session),
        figures={
            name: figure_json(c.page_figure)
            for name, c in (("rank", rank), ("share", share), ("snapshot", snapshot))
        },
    )


@router.get("/quarters/{code}", response_class=HTMLResponse)
@cached()
def quarter_page(request: Request, session: SessionDep, code: str) -> HTMLResponse:
    try:
        period = Period.parse(code)
    except PeriodError as error:
        raise NotFound(str(error)) from None
    report = service.quarter_report(session, period)
    return render(
        request,
        "pages/quarter.html",
        report=report,
        segments=segments.in_quarter(session, period),
        figures={t.source: figure_json(t.leaderboard.page_figure) for t in report.trackers},
    )


@router.get("/vendors/{slug}", response_class=HTMLResponse)
@cached()
def vendor_page(request: Request, session: SessionDep, slug: str) -> HTMLResponse:
    profile = service.vendor_profile(session, slug.lower())
    charts_shown = [
        (name, c)
        for name, c in (
            ("rank", profile.rank),
            ("share", profile.share),
            ("categories", profile.categories),
        )
        if c
    ]
    return render(
        request,
        "pages/vendor.html",
        profile=profile,
        charts_shown=charts_shown,
        segments=segments.of_vendor(session, profile.vendor.slug),
        figures={name: figure_json(c.page_figure) for name, c in charts_shown},
    )


@router.get("/sources", response_class=HTMLResponse)
@cached()
def sources_page(request: Request, session: SessionDep) -> HTMLResponse:
    return render(
        request,
        "pages/sources.html",
        coverage=service.source_coverage(session),
        trackers=service.trackers(session),
    )


@router.get("/history", response_class=HTMLResponse)
@cached()
def history_page(request: Request, session: SessionDep, key: FigureKeyDep) -> HTMLResponse:
    """One figure set's versions, as first published and as restated since."""
    return render(request, "pages/history.html", found=history.history(session, key))
