"""Security headers for every response, as plain ASGI (BaseHTTPMiddleware costs a lot per request).

Embeds may be framed by any site; every other page only by ourselves.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings

_BASE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; "
)
PAGE_CSP = (_BASE_CSP + "frame-ancestors 'self'").encode()
_ORIGIN = re.compile(r"https?://(\*\.)?[a-z0-9.-]+(:[0-9]{1,5})?")


def embed_ancestors(configured: str) -> str:
    """PUBLIC_EMBED_ORIGINS as a frame-ancestors list: `*` (any site, the default) or bare
    origins such as https://news.example. Anything else stops the app from starting, so a
    typo can never widen the policy or smuggle a directive in with a `;`."""
    entries = configured.split()
    if entries == ["*"]:
        return "*"
    for entry in entries:
        if not _ORIGIN.fullmatch(entry):
            raise ValueError(
                f"PUBLIC_EMBED_ORIGINS: '{entry}' is not an origin like "
                "https://news.example (or a lone *)"
            )
    if not entries:
        raise ValueError("PUBLIC_EMBED_ORIGINS is empty; use * to allow every site")
    return " ".join(entries)


def embed_csp(configured: str) -> bytes:
    return (_BASE_CSP + f"frame-ancestors {embed_ancestors(configured)}").encode()


HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.embed_csp = embed_csp(get_settings().public_embed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        embed = path.startswith("/embed")
        admin = path.startswith("/admin")
        # Behind a TLS proxy uvicorn's --proxy-headers sets the scheme from X-Forwarded-Proto.
        secure = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += COMMON
                headers.append((b"content-security-policy", self.embed_csp if embed else PAGE_CSP))
                if not embed:
                    headers.append((b"x-frame-options", b"SAMEORIGIN"))
                if admin:
                    headers.append((b"cache-control", b"no-store"))
                if secure:
                    headers.append(HSTS)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
