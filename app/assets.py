"""Static files: content-hashed URLs, precompressed bytes, cached for a year.

A pure-ASGI app mounted at /static. Files are read and compressed (gzip, brotli) once per
process on first use; `asset_url("charts.js")` gives "/static/charts.3f2a9c1b7d.js", whose
content can never change, so browsers and CDNs may keep it forever.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import brotli
from starlette.types import Receive, Scope, Send

ROOT = Path(__file__).resolve().parent.parent / "static"
IMMUTABLE = b"public, max-age=31536000, immutable"
SHORT = b"public, max-age=300"
_BIG = 256 * 1024  # brotli's best quality takes seconds on the 1.2 MB plotly bundle
# The one place the plotly.js version is written: the chart pages and the embed load this file.
PLOTLY_JS = "vendor/plotly-basic-4.1.1.min.js"


@dataclass(frozen=True)
class Asset:
    content_type: bytes
    identity: bytes
    gzip: bytes
    br: bytes
    etag: bytes


def _hashed(name: str, digest: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


@cache
def manifest() -> dict[str, str]:
    """Logical name -> hashed name, for every file under static/."""
    out = {}
    for path in sorted(ROOT.rglob("*")):
        if path.is_file():
            name = path.relative_to(ROOT).as_posix()
            out[name] = _hashed(name, hashlib.sha256(path.read_bytes()).hexdigest()[:10])
    return out


@cache
def _reverse() -> dict[str, str]:
    return {hashed: name for name, hashed in manifest().items()}


def asset_url(name: str) -> str:
    return "/static/" + manifest()[name]


@cache
def _load(name: str) -> Asset:
    data = (ROOT / name).read_bytes()
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
        kind += "; charset=utf-8"
    quality = 9 if len(data) > _BIG else 11
    digest = hashlib.sha256(data).hexdigest()[:16]
    return Asset(
        kind.encode(),
        data,
        gzip.compress(data, 9, mtime=0),
        brotli.compress(data, quality=quality),
        f'"{digest}"'.encode(),
    )


@lru_cache(maxsize=256)  # clients send a handful of distinct values; asked on every hit
def pick_encoding(accept_encoding: bytes) -> str:
    """brotli, else gzip, else none, from an Accept-Encoding header value."""
    offered = {part.split(b";")[0].strip() for part in accept_encoding.lower().split(b",")}
    return "br" if b"br" in offered else "gzip" if b"gzip" in offered else "identity"


async def serve_static(scope: Scope, receive: Receive, send: Send) -> None:
    path = scope["path"].removeprefix("/static/")
    name, immutable = (_reverse()[path], True) if path in _reverse() else (path, False)
    if scope["method"] not in ("GET", "HEAD") or name not in manifest():
        await _plain(send, 404 if scope["method"] in ("GET", "HEAD") else 405, b"not found")
        return
    asset = _load(name)
    headers = dict(scope["headers"])
    common = [
        (b"cache-control", IMMUTABLE if immutable else SHORT),
        (b"etag", asset.etag),
        (b"vary", b"Accept-Encoding"),
    ]
    if headers.get(b"if-none-match") == asset.etag:
        await send({"type": "http.response.start", "status": 304, "headers": common})
        await send({"type": "http.response.body", "body": b""})
        return
    encoding = pick_encoding(headers.get(b"accept-encoding", b""))
    body = {"br": asset.br, "gzip": asset.gzip}.get(encoding, asset.identity)
    response_headers = [
        *common,
        (b"content-type", asset.content_type),
        (b"content-length", str(len(body)).encode()),
    ]
    if encoding != "identity":
        response_headers.append((b"content-encoding", encoding.encode()))
    await send({"type": "http.response.start", "status": 200, "headers": response_headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
