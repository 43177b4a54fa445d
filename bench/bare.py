"""The baseline: a bare ASGI app answering one fixed response.

`bench/http.py` has it send the very bytes sharetrack sends for a cached chart (status,
headers, brotli body), read from the files named by `BARE_RESPONSE` (`<prefix>.json` holds
the headers, `<prefix>.body` the body): the ratio then measures sharetrack's own work per
hit, not a difference in what goes over the wire. Without it, a 2 KB JSON body.
"""

import json
import os
from pathlib import Path

BODY = b'{"data": "' + b"x" * 2030 + b'"}'
HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(BODY)).encode()),
    (b"etag", b'"0123456789abcdef0123"'),
    (b"cache-control", b"public, max-age=300"),
    (b"x-content-type-options", b"nosniff"),
]
if prefix := os.environ.get("BARE_RESPONSE"):
    BODY = Path(prefix + ".body").read_bytes()
    HEADERS = [(k.encode(), v.encode()) for k, v in json.loads(Path(prefix + ".json").read_text())]


async def app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
