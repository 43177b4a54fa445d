"""The admin area: its home, users, API tokens and the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import audit
from app.accounts import service
from app.accounts.deps import AdminDep, AdminFormDep, SignedInDep, record_action
from app.db import SessionDep
from app.errors import AppError
from app.imports import drafts
from app.models import User
from app.revisions import service as revisions
from app.web import render

router = APIRouter(prefix="/admin", include_in_schema=False)
Field = Annotated[str, Form(max_length=1024)]


@router.get("", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, admin: SignedInDep) -> HTMLResponse:
    return render(
        request,
        "admin/home.html",
        admin=admin,
        revisions=revisions.history(session, limit=10),
        drafts=drafts.for_user(session, admin.user),
    )


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, session: SessionDep, admin: AdminDep) -> HTMLResponse:
    return render(
        request,
        "admin/users.html",
        admin=admin,
        users=service.users(session),
        created=None,
        password=None,
    )


@router.post("/users", response_class=HTMLResponse)
def create_user(
    request: Request,
    session: SessionDep,
    admin: AdminFormDep,
    username: Field = "",
    role: Field = "uploader",
) -> HTMLResponse:
    password = service.generate_password()
    user = service.create_user(session, username, password, role=role)
    record_action(request, session, admin.user, "user.create", f"{user.username} ({role})")
    session.commit()
    return render(
        request,
        "admin/users.html",
        admin=admin,
        users=service.users(session),
        created=user,
        password=password,
    )


@router.post("/users/{user_id}/{action}")
def set_user_active(
    request: Request, session: SessionDep, admin: AdminFormDep, user_id: int, action: str
) -> Response:
    user = session.get(User, user_id)
    if user is None or action not in ("disable", "enable"):
        raise AppError("no such user or action", status_code=404)
    if user.id == admin.user.id:
        raise AppError("you cannot disable your own account", status_code=409)
    service.set_active(session, user, action == "enable")
    record_action(request, session, admin.user, f"user.{action}", user.username)
    session.commit()
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/tokens", response_class=HTMLResponse)
def tokens(request: Request, session: SessionDep, admin: AdminDep) -> HTMLResponse:
    return render(
        request, "admin/tokens.html", admin=admin, tokens=service.tokens(session), raw=None
    )


@router.post("/tokens", response_class=HTMLResponse)
def create_token(
    request: Request, session: SessionDep, admin: AdminFormDep, name: Field = ""
) -> HTMLResponse:
    token, raw = service.create_token(session, admin.user, name)
    record_action(request, session, admin.user, "token.create", f"#{token.id} {token.name}")
    session.commit()
    return render(
        request, "admin/tokens.html", admin=admin, tokens=service.tokens(session), raw=raw
    )


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, session: SessionDep, admin: AdminFormDep, token_id: int
) -> Response:
    token = service.revoke_token(session, token_id)
    record_action(request, session, admin.user, "token.revoke", f"#{token.id} {token.name}")
    session.commit()
    return RedirectResponse("/admin/tokens", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit_log(request: Request, session: SessionDep, admin: AdminDep) -> HTMLResponse:
    return render(request, "admin/audit.html", admin=admin, entries=audit.recent(session))
