"""The baseline: a bare ASGI app answering a fixed 2 KB JSON body with the same kind of headers."""

BODY = b'{"data": "' + b"x" * 2030 + b'"}'
HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(BODY)).encode()),
    (b"etag", b'"0123456789abcdef0123"'),
    (b"cache-control", b"public, max-age=300"),
    (b"x-content-type-options", b"nosniff"),
]


async def app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
