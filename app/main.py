"""create_app(): mount static files, include routers, register error handlers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from functools import cached_property, partial

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from app import health, i18n, purges
from app.accounts import routes as account_routes
from app.accounts.deps import LoginRequired, TokenRequired
from app.admin import routes as admin_routes
from app.assets import serve_static
from app.cache_policy import declared_policy
from app.charts import routes as chart_routes
from app.config import get_settings, refuse_development_secret
from app.datapackage import routes as datapackage_routes
from app.db import get_session_factory
from app.embeds import routes as embed_routes
from app.errors import AppError, InvalidUpload
from app.events import routes as event_routes
from app.imports import routes as import_routes
from app.limits import RequestLimits
from app.observations import routes as observation_routes
from app.observations import service as observations
from app.pages import routes as page_routes
from app.reference import admin_routes as reference_admin_routes
from app.reference import routes as reference_routes
from app.response_cache import ResponseCache
from app.revisions import routes as revision_routes
from app.security import SecurityHeaders
from app.vendors import routes as vendor_routes
from app.versions import VersionClock, content_version
from app.web import render, wants_json

log = logging.getLogger("sharetrack")
_ = i18n.gettext


class Sharetrack(FastAPI):
    """FastAPI with the response cache in front of everything, the framework itself included:
    a cache hit never reaches FastAPI (its per-request telemetry checks cost as much as the
    hit), the router or any middleware."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":  # one language per request, for every layer after this
            i18n.choose(i18n.from_request(scope["query_string"], scope["headers"])[0])
        await self.response_cache(scope, receive, send)

    @cached_property
    def response_cache(self) -> ResponseCache:
        framework = partial(FastAPI.__call__, self)
        return ResponseCache(
            framework, lambda: self.state.version_clock, declared_policy(self.routes)
        )


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    clock = app.state.version_clock
    if clock is not None:
        clock.stop()


def create_app() -> FastAPI:
    refuse_development_secret(get_settings())
    app = Sharetrack(
        lifespan=_lifespan,
        title="sharetrack",
        summary="India phone market share by quarter, as the trackers reported it.",
        version="0.1.0",
    )
    app.mount("/static", serve_static, name="static")
    purges.install()  # a CDN in front hears of each publish (CDN_PURGE_WEBHOOK)
    for module in (
        health,
        page_routes,
        embed_routes,
        chart_routes,
        observation_routes,
        reference_routes,
        datapackage_routes,
        account_routes,
        admin_routes,
        import_routes,
        revision_routes,
        vendor_routes,
        event_routes,
        reference_admin_routes,
    ):
        app.include_router(module.router)
    app.include_router(import_routes.api)
    app.add_exception_handler(AppError, _app_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    # Unreachable, restarting, dropped; or every pooled connection busy for pool_timeout_s.
    for lost in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(lost, _database_down)  # type: ignore[arg-type]
    app.state.version_clock = VersionClock(_content_version, on_change=_rewarm)
    app.add_middleware(RequestLimits)
    app.add_middleware(SecurityHeaders)
    return app


def _content_version() -> tuple[int, int]:
    with get_session_factory()() as session:
        return content_version(session)


def _rewarm() -> None:
    """After a publish: derive the slices readers were using, before they ask again."""
    with get_session_factory()() as session:
        warmed = observations.rewarm(session)
    log.info("derived %d slices for the new content version", warmed)


def _error(
    request: Request,
    status: int,
    message: str,
    extra: Mapping[str, object] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    if wants_json(request):
        response: Response = JSONResponse({"error": message, **(extra or {})}, status)
    else:
        problems = (extra or {}).get("problems", [])
        response = render(
            request,
            "error.html",
            status_code=status,
            status=status,
            message=message,
            problems=problems,
        )
    response.headers.update(headers or {})
    return response


async def _app_error(request: Request, error: AppError) -> Response:
    if isinstance(error, LoginRequired) and not wants_json(request):
        return RedirectResponse(error.location, status_code=303)
    if isinstance(error, TokenRequired):
        return _error(request, 401, error.message, headers={"WWW-Authenticate": "Bearer"})
    extra = (
        {"problems": [p.as_dict() for p in error.problems]}
        if isinstance(error, InvalidUpload)
        else None
    )
    return _error(request, error.status_code, error.message, extra)


async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
    message = _("page not found") if error.status_code == 404 else str(error.detail)
    return _error(request, error.status_code, message, headers=error.headers)


async def _validation_error(request: Request, error: RequestValidationError) -> Response:
    problems = [
        {"parameter": ".".join(str(p) for p in e["loc"][1:]), "message": e["msg"]}
        for e in error.errors()
    ]
    first = problems[0] if problems else {"parameter": "", "message": _("invalid request")}
    return _error(
        request, 422, f"'{first['parameter']}': {first['message']}", {"problems": problems}
    )


# PostgreSQL's query_canceled: statement_timeout_ms cut a query off.
QUERY_CANCELED = "57014"


async def _database_down(request: Request, error: SQLAlchemyError) -> Response:
    cause = getattr(error, "orig", None)
    log.error("database unavailable: %s", cause or error)
    if getattr(cause, "sqlstate", None) == QUERY_CANCELED:
        message = _("the database took too long to answer; try again shortly")
    elif "database is locked" in str(cause):  # SQLite: another write held it past the timeout
        message = _("the database is busy with another write; try again shortly")
    else:
        message = _("the database is unavailable; try again shortly")
    return _error(request, 503, message, headers={"Retry-After": "5"})


app = create_app()
