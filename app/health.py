"""Liveness and readiness."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.db import SessionDep
from app.migrate import is_at_head

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (no database call)."""
    return {"status": "ok"}


@router.get(
    "/readyz", responses={503: {"description": "database unreachable or migrations pending"}}
)
def readyz(session: SessionDep) -> JSONResponse:
    """The database answers and its schema is at the latest migration."""
    try:
        session.execute(text("SELECT 1"))
        at_head = is_at_head(session.connection())
    except SQLAlchemyError:
        return JSONResponse(
            {"status": "unavailable", "database": "unreachable"}, 503, headers={"Retry-After": "5"}
        )
    if not at_head:
        return JSONResponse(
            {"status": "unavailable", "database": "migrations pending"},
            503,
            headers={"Retry-After": "30"},
        )
    return JSONResponse({"status": "ok", "database": "ok"})
