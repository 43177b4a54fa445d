"""Who is asking: the admin behind a session cookie, or the user behind an API token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, Form, Request
from sqlalchemy.orm import Session

from app import audit
from app.accounts import service as accounts
from app.config import get_settings
from app.db import SessionDep
from app.errors import AppError
from app.models import User, UserSession


def cookie_name() -> str:
    return "__Host-sharetrack" if get_settings().cookie_secure else "sharetrack"


class LoginRequired(AppError):
    """Answered with a redirect to the login page (HTML) or 401 (JSON)."""

    status_code = 401

    def __init__(self, next_path: str) -> None:
        super().__init__("log in to continue")
        self.location = f"/admin/login?next={quote(next_path, safe='/')}"


class Forbidden(AppError):
    status_code = 403


@dataclass(frozen=True)
class SignedIn:
    """A signed-in account (an admin or an uploader) and its server-side session."""

    user: User
    session: UserSession

    @property
    def is_admin(self) -> bool:
        return self.user.role == "admin"


def client_ip(request: Request) -> str | None:
    # uvicorn's --proxy-headers only trusts X-Forwarded-For from --forwarded-allow-ips.
    return request.client.host if request.client else None


def signed_in(request: Request, session: SessionDep) -> SignedIn:
    """Any signed-in account, whatever its role."""
    found = accounts.resolve_session(session, request.cookies.get(cookie_name()))
    if found is None:
        raise LoginRequired(request.url.path)
    return SignedIn(*found)


SignedInDep = Annotated[SignedIn, Depends(signed_in)]


def admin_only(admin: SignedInDep) -> SignedIn:
    if not admin.is_admin:
        raise Forbidden("only an admin can do this")
    return admin


def record_action(request: Request, session: Session, user: User, action: str, detail: str) -> None:
    """The audit line of a signed-in user's change: who, what, and from where."""
    audit.record(session, action, user=user, detail=detail, ip=client_ip(request))


AdminDep = Annotated[SignedIn, Depends(admin_only)]


def same_origin(request: Request) -> None:
    """Fetch Metadata and Origin checks (Datasette/Grafana style) before any token check."""
    site = request.headers.get("sec-fetch-site")
    if site and site not in ("same-origin", "none"):
        raise Forbidden("cross-site form submission refused")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        expected = urlsplit(str(request.base_url))
        given = urlsplit(origin)
        if (given.scheme, given.netloc) != (expected.scheme, expected.netloc):
            raise Forbidden("form submitted from another origin refused")


def signed_in_form(
    request: Request, admin: SignedInDep, csrf_token: Annotated[str, Form(max_length=100)] = ""
) -> SignedIn:
    """A signed-in account's POST: same origin, and the session's CSRF token in the form."""
    same_origin(request)
    if not accounts.csrf_ok(admin.session, csrf_token):
        raise Forbidden("the form expired or did not come from this site; reload and try again")
    return admin


SignedInFormDep = Annotated[SignedIn, Depends(signed_in_form)]


def admin_form(admin: SignedInFormDep) -> SignedIn:
    return admin_only(admin)


AdminFormDep = Annotated[SignedIn, Depends(admin_form)]


class TokenRequired(AppError):
    status_code = 401


def api_user(request: Request, session: SessionDep) -> User:
    """The user behind `Authorization: Bearer <token>`; tokens in URLs end up in logs."""
    if any(k in request.query_params for k in ("token", "access_token", "api_key")):
        raise TokenRequired("send the API token in the Authorization header, never in the URL")
    scheme, _, raw = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise TokenRequired("an API token is required: Authorization: Bearer <token>")
    user = accounts.resolve_token(session, raw.strip())
    if user is None:
        raise TokenRequired("the API token is unknown, revoked or expired")
    return user


ApiUserDep = Annotated[User, Depends(api_user)]
