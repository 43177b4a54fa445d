"""Security headers for every response, as plain ASGI (BaseHTTPMiddleware costs a lot per request).

Embeds may be framed by any site; every other page only by ourselves.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_BASE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; "
)
PAGE_CSP = (_BASE_CSP + "frame-ancestors 'self'").encode()
EMBED_CSP = (_BASE_CSP + "frame-ancestors *").encode()

HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

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
                headers.append((b"content-security-policy", EMBED_CSP if embed else PAGE_CSP))
                if not embed:
                    headers.append((b"x-frame-options", b"SAMEORIGIN"))
                if admin:
                    headers.append((b"cache-control", b"no-store"))
                if secure:
                    headers.append(HSTS)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
