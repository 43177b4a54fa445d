"""The reference-data API: vendors, trackers, markets, categories, periods and revisions."""

from __future__ import annotations

import orjson
from fastapi import APIRouter
from fastapi.responses import Response

from app.cache_policy import cached
from app.db import SessionDep
from app.errors import documented
from app.models import Category, Market
from app.reference import service
from app.revisions import service as revisions

router = APIRouter(prefix="/api/v1", tags=["data"], responses=documented(400, 404, 422, 503))


def _items(items: list[dict[str, object]]) -> Response:
    return Response(orjson.dumps({"items": items}), media_type="application/json")


@router.get("/vendors")
@cached()
def vendors(session: SessionDep) -> Response:
    return _items(service.vendors(session))


@router.get("/sources")
@cached()
def sources(session: SessionDep) -> Response:
    return _items(service.sources(session))


@router.get("/markets")
@cached()
def markets(session: SessionDep) -> Response:
    return _items(service.named(session, Market))


@router.get("/categories")
@cached()
def categories(session: SessionDep) -> Response:
    return _items(service.named(session, Category))


@router.get("/quarters")
@cached()
def quarters(session: SessionDep, market: str = "india", category: str = "smartphones") -> Response:
    """Periods with data, per source: quarters, stated half-years and full years."""
    return _items(service.periods(session, market, category))


@router.get("/revisions")
def revision_list(session: SessionDep) -> Response:
    return _items(revisions.listed(session))
