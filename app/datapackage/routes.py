"""GET /api/v1/datapackage.zip: the whole dataset as a Frictionless data package."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from app.cache_policy import cached
from app.datapackage import service
from app.db import SessionDep
from app.errors import documented

router = APIRouter(prefix="/api/v1", tags=["data"], responses=documented(503))


@router.get(
    "/datapackage.zip",
    responses={200: {"content": {"application/zip": {}}, "description": "the data package"}},
)
@cached()
def datapackage(session: SessionDep) -> Response:
    """Every current figure (with its pages), the market totals, vendors, trackers, markets,
    categories, events and revisions as CSV, with datapackage.json and a README."""
    package = service.build(session)
    return Response(
        package.zipped(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{package.zip_name}"'},
    )
