"""Request limits below the router: a whole-body size limit counted as bytes arrive
(Content-Length alone is bypassed by chunked bodies, and neither Starlette nor uvicorn has
one), and no NUL bytes in addresses or form fields (PostgreSQL text cannot hold them, and no
legitimate value has one)."""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings

MAX_UPLOAD_BYTES = get_settings().max_upload_bytes
# A full-size file plus the multipart envelope and the form's other fields.
MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 256 * 1024
FORM = b"application/x-www-form-urlencoded"


class RequestLimits:
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"] or b"%00" in scope.get("query_string", b""):
            await refuse(send, 400, "NUL bytes are not allowed in addresses")
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._too_large(send)
            return
        # Read the whole body first (at most the limit): a refusal raised while the app reads
        # would be turned into a generic 400 by the framework's body parsing.
        chunks, received = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.limit:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if headers.get(b"content-type", b"").startswith(FORM) and b"%00" in body:
            await refuse(send, 400, "NUL bytes are not allowed in form fields")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # after the body: wait for the disconnect
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        await refuse(
            send,
            413,
            f"the request is larger than {self.limit:,} bytes; "
            f"files may be at most {MAX_UPLOAD_BYTES:,} bytes",
        )


async def refuse(send: Send, status: int, message: str) -> None:
    body = orjson.dumps({"error": message})
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
