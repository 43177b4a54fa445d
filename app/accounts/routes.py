"""Log in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import audit
from app.accounts import service
from app.accounts.deps import (
    SignedInFormDep,
    client_ip,
    cookie_name,
    same_origin,
)
from app.config import get_settings
from app.db import SessionDep
from app.web import render

router = APIRouter(prefix="/admin", include_in_schema=False)
Field = Annotated[str, Form(max_length=1024)]


def safe_next(target: str | None) -> str:
    """Only a path on this site: never //evil.example or /\\evil.example."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/admin"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/admin") -> HTMLResponse:
    return render(request, "admin/login.html", next=safe_next(next), error=None)


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    username: Field = "",
    password: Field = "",
    next: Field = "/admin",
) -> Response:
    same_origin(request)
    try:
        user = service.authenticate(session, username, password, ip=client_ip(request))
    except service.LoginThrottled as throttled:
        session.commit()
        response = render(
            request,
            "admin/login.html",
            status_code=429,
            next=safe_next(next),
            error=throttled.message,
        )
        response.headers["Retry-After"] = str(throttled.retry_after)
        return response
    if user is None:
        session.commit()  # the failure counts towards throttling
        return render(
            request,
            "admin/login.html",
            status_code=401,
            next=safe_next(next),
            error="wrong username or password",
        )
    started = service.start_session(session, user)
    session.commit()
    redirect = RedirectResponse(safe_next(next), status_code=303)
    secure = get_settings().cookie_secure
    redirect.set_cookie(
        cookie_name(),
        started.token,
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
        max_age=int(service.ABSOLUTE_TIMEOUT.total_seconds()),
    )
    return redirect


@router.post("/logout")
def logout(session: SessionDep, admin: SignedInFormDep) -> Response:
    service.end_session(session, admin.session)
    audit.record(session, "logout", user=admin.user)
    session.commit()
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(
        cookie_name(), path="/", secure=get_settings().cookie_secure, httponly=True, samesite="lax"
    )
    return response
