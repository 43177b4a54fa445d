"""Read API: observations (JSON pages or CSV) and the reference lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app import provenance
from app.cache_policy import cached
from app.db import SessionDep
from app.errors import InvalidQuery, documented
from app.exports import to_csv
from app.observations import history, service
from app.observations.params import FigureKeyDep
from app.observations.slices import FIELDS, ObservationRecord, parse_basis
from app.periods import Period, parse_period, parse_revision
from app.revisions.store import latest_revision_id

router = APIRouter(prefix="/api/v1", tags=["data"], responses=documented(400, 404, 422, 503))
MAX_LIMIT = 1000


def _json(body: object) -> Response:
    return Response(orjson.dumps(body), media_type="application/json")


@dataclass(frozen=True)
class ObservationQuery:
    sources: list[str]  # empty: every tracker with data
    market: str
    category: str
    segment: str
    basis: str
    vendors: list[str]
    start: Period | None
    end: Period | None
    as_of: int | None
    status: str | None

    def records(self, session: Session) -> list[ObservationRecord]:
        sources = self.sources or list(
            service.sources_with_data(
                session, self.market, self.category, segment=self.segment, basis=self.basis
            )
        )
        found = service.records(
            session,
            sources=sources,
            market=self.market,
            category=self.category,
            segment=self.segment,
            basis=self.basis,
            vendors=self.vendors,
            start=self.start,
            end=self.end,
            as_of=self.as_of,
        )
        return [r for r in found if self.status in (None, r.point.status)]


async def observation_query(
    source: Annotated[str | None, Query(max_length=400, description="comma-separated")] = None,
    market: Annotated[str, Query(max_length=60)] = "india",
    category: Annotated[str, Query(max_length=60)] = "smartphones",
    vendors: Annotated[str | None, Query(max_length=400, description="comma slugs")] = None,
    from_: Annotated[str | None, Query(alias="from", max_length=20, examples=["2022Q1"])] = None,
    to: Annotated[str | None, Query(max_length=20, examples=["2022Q4"])] = None,
    quarter: Annotated[str | None, Query(max_length=20, description="from = to")] = None,
    as_of: Annotated[str | None, Query(max_length=12, examples=["r2"])] = None,
    segment: Annotated[str, Query(max_length=60, description="default: all")] = "all",
    basis: Annotated[str, Query(max_length=10, description="units or value")] = "units",
    status: Annotated[
        str | None, Query(max_length=12, description="preliminary, final or restated")
    ] = None,
) -> ObservationQuery:
    """The filters, checked. Async and free of the database, so FastAPI runs it without a
    thread: the endpoint then takes one thread while it holds a connection."""
    start, end = parse_period("from", from_), parse_period("to", to)
    if quarter:
        start = end = parse_period("quarter", quarter)
    if status is not None and status not in provenance.STATUSES:
        raise InvalidQuery(f"'status' must be one of {', '.join(provenance.STATUSES)}")
    return ObservationQuery(
        [s.strip() for s in source.split(",") if s.strip()] if source else [],
        market,
        category,
        segment.strip().lower(),
        parse_basis(basis),
        [v.strip().lower() for v in vendors.split(",") if v.strip()] if vendors else [],
        start,
        end,
        parse_revision(as_of),
        status,
    )


QueryDep = Annotated[ObservationQuery, Depends(observation_query)]


@router.get(
    "/observations.csv",
    responses={200: {"content": {"text/csv": {}}, "description": "observations as CSV"}},
)
@cached()
def observations_csv(session: SessionDep, q: QueryDep) -> Response:
    """Every matching observation as CSV (columns as in the JSON records)."""
    rows = q.records(session)
    return Response(
        to_csv(FIELDS, (r.as_row() for r in rows)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="observations.csv"'},
    )


@router.get("/observations")
@cached()
def observations(
    request: Request,
    session: SessionDep,
    q: QueryDep,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200,
) -> Response:
    """Observations with derived share/rank/growth filled in and flagged, paginated."""
    rows = q.records(session)
    page = rows[offset : offset + limit]
    next_url = None
    if offset + limit < len(rows):
        next_url = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    revision = q.as_of or latest_revision_id(session)
    return _json({"items": [r.as_dict() for r in page], "next": next_url, "revision": revision})


@router.get("/observations/history")
def observation_history(session: SessionDep, key: FigureKeyDep) -> Response:
    """Every version of one figure set: its values, status, release, pages and revision."""
    return _json(history.as_dict(history.history(session, key)))
