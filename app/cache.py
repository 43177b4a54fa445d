"""The response cache: public GETs answered below the router, from precompressed bytes.

Keyed by (data revision, path, normalised query); an entry is filled by the first request
and serves every later one with ETag/304, gzip and brotli, and no database query. The data
revision comes from a clock polled every half second, so a publish in any worker reaches
every worker within a second (and this worker at once: it re-reads after its own writes).
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlencode

import brotli
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.assets import pick_encoding

CACHEABLE = (
    "/",
    "/charts/",
    "/embed/",
    "/embed.js",
    "/api/v1/charts/",
    "/api/v1/observations",
    "/quarters/",
    "/vendors/",
    "/sources",
    "/oembed",
    "/api/v1/vendors",
    "/api/v1/quarters",
    "/api/v1/sources",
    "/api/v1/markets",
    "/api/v1/categories",
)
MAX_BYTES = 64 * 1024 * 1024
LIVE = b"public, max-age=300, stale-while-revalidate=86400"
PAGE = b"public, max-age=60, stale-while-revalidate=3600"
PINNED = b"public, max-age=31536000, immutable"


class RevisionClock:
    """The version of everything pages show (data revision, vendor and event edits), read from
    the database at most every `interval` seconds."""

    def __init__(self, read: Callable[[], object], interval: float = 0.5) -> None:
        self._read, self._interval = read, interval
        self._value: object = None
        self._at = 0.0
        self._lock = threading.Lock()

    def current(self) -> object:
        """The version, or None while the database cannot say (the cache then stands aside)."""
        if time.monotonic() - self._at >= self._interval:
            self.refresh()
        return self._value

    def refresh(self) -> None:
        with self._lock:
            try:
                self._value = self._read()
            except SQLAlchemyError:
                # Down or restarting: requests go to the app, which answers 503 by itself.
                self._value = None
            self._at = time.monotonic()


@dataclass(frozen=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]  # without length, encoding, etag, cache-control
    identity: bytes
    gzip: bytes
    br: bytes
    etag: bytes
    cache_control: bytes

    @property
    def size(self) -> int:
        return len(self.identity) + len(self.gzip) + len(self.br)


def _cacheable(path: str) -> bool:
    return path == "/" or any(path.startswith(p) for p in CACHEABLE[1:])


def _normalised_query(raw: bytes) -> str:
    pairs = sorted((k, v) for k, v in parse_qsl(raw.decode("latin-1"), keep_blank_values=False))
    return urlencode(pairs)


class ResponseCache:
    def __init__(self, app: ASGIApp, clock: Callable[[], RevisionClock | None]) -> None:
        self.app, self.clock = app, clock
        self.entries: OrderedDict[tuple[object, ...], Entry] = OrderedDict()
        self.size = 0
        self.version: object = None
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        clock = self.clock()
        if scope["type"] != "http" or clock is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            clock.refresh()  # this worker's own publish is visible at once
            return
        path = scope["path"]
        if not _cacheable(path):
            await self.app(scope, receive, send)
            return
        version = clock.current()
        if version is None:
            await self.app(scope, receive, send)
            return
        query = _normalised_query(scope.get("query_string", b""))
        html_day = date.today().isoformat()  # pages cite an access date
        key = (version, path, query, html_day)
        headers = dict(scope["headers"])
        entry = self._get(key)
        if entry is None:
            entry = await self._fill(scope, receive, send, key, "as_of=" in query)
            if entry is None:
                return  # not cacheable: already sent as it came
        await self._answer(scope, send, entry, headers)

    def _get(self, key: tuple[object, ...]) -> Entry | None:
        with self.lock:
            if key[0] != self.version:  # a publish or an edit: everything cached is stale
                self.entries.clear()
                self.size, self.version = 0, key[0]
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def _put(self, key: tuple[object, ...], entry: Entry) -> None:
        with self.lock:
            if key[0] != self.version or entry.size > MAX_BYTES // 8:
                return
            self.entries[key] = entry
            self.size += entry.size
            while self.size > MAX_BYTES and self.entries:
                _, old = self.entries.popitem(last=False)
                self.size -= old.size

    async def _fill(
        self, scope: Scope, receive: Receive, send: Send, key: tuple[object, ...], pinned: bool
    ) -> Entry | None:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        raw_headers = list(start.get("headers", []))
        names = {name.lower() for name, _ in raw_headers}
        body = b"".join(chunks)
        if start.get("status") != 200 or b"set-cookie" in names or b"content-encoding" in names:
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return None
        kept = [
            (n, v)
            for n, v in raw_headers
            if n.lower() not in (b"content-length", b"etag", b"cache-control")
        ]
        embedded = scope["path"].startswith("/embed") or scope["path"].endswith(".png")
        cache_control = PINNED if pinned else LIVE if embedded else PAGE
        entry = Entry(
            200,
            kept,
            body,
            gzip.compress(body, 6, mtime=0),
            brotli.compress(body, quality=5),
            b'"' + hashlib.sha256(body).hexdigest()[:20].encode() + b'"',
            cache_control,
        )
        self._put(key, entry)
        return entry

    async def _answer(
        self, scope: Scope, send: Send, entry: Entry, headers: dict[bytes, bytes]
    ) -> None:
        common = [
            (b"etag", entry.etag),
            (b"cache-control", entry.cache_control),
            (b"vary", b"Accept-Encoding"),
        ]
        if entry.etag in headers.get(b"if-none-match", b"").replace(b"W/", b"").split(b", "):
            passed = [(n, v) for n, v in entry.headers if n.lower() != b"content-type"]
            await send({"type": "http.response.start", "status": 304, "headers": common + passed})
            await send({"type": "http.response.body", "body": b""})
            return
        encoding = pick_encoding(headers.get(b"accept-encoding", b"").decode("latin-1"))
        body = {"br": entry.br, "gzip": entry.gzip}.get(encoding, entry.identity)
        out = [*entry.headers, *common, (b"content-length", str(len(body)).encode())]
        if encoding != "identity":
            out.append((b"content-encoding", encoding.encode()))
        await send({"type": "http.response.start", "status": entry.status, "headers": out})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
