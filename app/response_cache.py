"""The response cache: public GETs answered in front of everything, from precompressed bytes.

It wraps the whole application (outside the framework's own middleware), so a hit is a
dictionary lookup and two `send`s: no routing, no database query, headers prebuilt per
encoding. Entries are keyed by (path, query) within one content version; a miss fills the
entry from the app's own response (security headers included) with gzip and brotli
computed once. The version (data revision and vendor/event edits) comes from a clock polled
every half second, so a publish in any worker reaches every worker within a second.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import anyio
import brotli
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import i18n
from app.assets import pick_encoding
from app.cache_policy import PINNED, Policy, surrogate_keys
from app.versions import VersionClock

MAX_BYTES = 64 * 1024 * 1024
# Addresses asked for once are remembered, not cached: only a second request for the same
# address stores the response. Random query strings then cannot push real pages out.
SEEN_KEPT = 10_000
# Compression levels: stored entries are compressed once and sent many times, so they get
# the smaller output; a response sent once gets the faster setting (brotli 5 takes 1.5 ms on
# a 70 KB chart, brotli 3 takes 0.2 ms for 14 % more bytes).
STORED_LEVELS = {"gzip": 6, "br": 5}
ONCE_LEVELS = {"gzip": 4, "br": 3}


DROPPED = (b"content-length", b"etag", b"cache-control", b"vary")


Key = tuple[str, bytes, int, str, str]  # (path, query, UTC day, scheme, language)


def _refreshing_first(send: Send, clock: VersionClock | None) -> Send:
    """For a write: read the new version before the answer leaves, so the client's next
    request (on the same connection, at once) already sees this worker's own publish."""
    if clock is None:
        return send

    async def send_after_refresh(message: Message) -> None:
        if message["type"] == "http.response.start":
            await anyio.to_thread.run_sync(clock.refresh, limiter=anyio.CapacityLimiter(1))
        await send(message)

    return send_after_refresh


@dataclass(frozen=True)
class Entry:
    """One cached response, ready to send in each encoding."""

    etag: bytes
    bodies: dict[str, bytes]  # "identity" | "gzip" | "br" -> bytes
    headers: dict[str, list[tuple[bytes, bytes]]]  # per encoding, complete
    not_modified: list[tuple[bytes, bytes]]

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.bodies.values())


def _normalised(query: bytes) -> bytes:
    return urlencode(sorted(parse_qsl(query.decode("latin-1")))).encode()


def _encoding(headers: list[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name == b"accept-encoding":
            return pick_encoding(value)
    return "identity"


def _once_levels(headers: list[tuple[bytes, bytes]]) -> dict[str, int]:
    """Only the encoding this client takes, at the fast level."""
    wanted = _encoding(headers)
    return {} if wanted == "identity" else {wanted: ONCE_LEVELS[wanted]}


def _if_none_match(headers: list[tuple[bytes, bytes]]) -> bytes | None:
    for name, value in headers:
        if name == b"if-none-match":
            return value
    return None


def _compress(body: bytes, encoding: str, level: int) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body, level, mtime=0)
    compressed: bytes = brotli.compress(body, quality=level)
    return compressed


def build_entry(
    status_headers: list[tuple[bytes, bytes]],
    body: bytes,
    control: bytes,
    levels: dict[str, int] = STORED_LEVELS,
    keys: Sequence[str] = (),
    by_language: bool = False,
) -> Entry:
    """The response in identity and each encoding of `levels`, headers prebuilt; `keys` are
    what a CDN may purge it by (Fastly's Surrogate-Key, Cloudflare's Cache-Tag);
    `by_language`: the request's Accept-Language chose its language (no lang= given)."""
    kept = [(n, v) for n, v in status_headers if n.lower() not in DROPPED]
    etag = b'"' + hashlib.sha256(body).hexdigest()[:20].encode() + b'"'
    vary = b"Accept-Encoding, Accept-Language" if by_language else b"Accept-Encoding"
    common = [(b"etag", etag), (b"cache-control", control), (b"vary", vary)]
    if keys:
        common += [
            (b"surrogate-key", " ".join(keys).encode()),
            (b"cache-tag", ",".join(keys).encode()),
        ]
    bodies = {"identity": body}
    bodies.update({name: _compress(body, name, level) for name, level in levels.items()})
    headers = {}
    for encoding, data in bodies.items():
        extra = [] if encoding == "identity" else [(b"content-encoding", encoding.encode())]
        headers[encoding] = [*kept, *common, *extra, (b"content-length", str(len(data)).encode())]
    not_modified = [(n, v) for n, v in kept if n.lower() != b"content-type"] + common
    return Entry(etag, bodies, headers, not_modified)


class ResponseCache:
    def __init__(
        self, app: ASGIApp, clock: Callable[[], VersionClock | None], policy: Policy
    ) -> None:
        """`policy` says which paths are cacheable and for how long (see declared_policy)."""
        self.app, self.clock, self.policy = app, clock, policy
        self.entries: OrderedDict[Key, Entry] = OrderedDict()
        self.seen: OrderedDict[Key, None] = OrderedDict()
        # Builds under way, per (version, address): a request after a publish never waits
        # for an answer built before it.
        self.filling: dict[tuple[object, Key], asyncio.Future[Entry | None]] = {}
        self.size = 0
        self.version: object = None
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        clock = self.clock()
        if method != "GET" and method != "HEAD":
            await self.app(scope, receive, _refreshing_first(send, clock))
            return
        path = scope["path"]
        version = clock.current() if clock is not None else None
        lifetime = self.policy(path) if version is not None else None
        if lifetime is None:
            await self.app(scope, receive, send)
            return
        if version != self.version:
            with self.lock:  # a publish or an edit: everything cached before is stale
                self.entries.clear()
                self.seen.clear()
                self.size, self.version = 0, version
        # Pages cite an access date, so an entry lives within one (UTC) day; HTTPS answers
        # carry HSTS, so the scheme is part of the key too, and so is the language chosen
        # (by lang= or, without it, by Accept-Language).
        day = int(time.time() // 86400)
        key = (path, scope["query_string"], day, scope["scheme"], i18n.current())
        request_headers = scope["headers"]
        entry = self.entries.get(key)
        if entry is None:
            normalised = (path, _normalised(scope["query_string"]), *key[2:])
            entry = self.entries.get(normalised)
            keep = entry is not None
            if entry is None and (version, normalised) in self.filling:
                # The same address is being built for another request (a spike after a
                # publish): wait for it rather than build it again.
                entry = await asyncio.shield(self.filling[(version, normalised)])
                if entry is None:
                    await self.app(scope, receive, send)
                    return
            elif entry is None:
                keep = self._seen_before(normalised)
                levels = STORED_LEVELS if keep else _once_levels(request_headers)
                entry = await self._fill_once(
                    scope, receive, send, (version, normalised), lifetime, levels, keep
                )
                if entry is None:
                    return  # not cacheable: already sent as it came
                if keep:
                    self._put(version, normalised, entry)
            if keep:
                self._put(version, key, entry)
        match = _if_none_match(request_headers)
        if match is not None and entry.etag in match:
            await send(
                {"type": "http.response.start", "status": 304, "headers": entry.not_modified}
            )
            await send({"type": "http.response.body", "body": b""})
            return
        encoding = _encoding(request_headers)
        await send(
            {"type": "http.response.start", "status": 200, "headers": entry.headers[encoding]}
        )
        await send(
            {
                "type": "http.response.body",
                "body": b"" if method == "HEAD" else entry.bodies[encoding],
            }
        )

    def _seen_before(self, key: Key) -> bool:
        with self.lock:
            if key in self.seen:
                del self.seen[key]
                return True
            self.seen[key] = None
            if len(self.seen) > SEEN_KEPT:
                self.seen.popitem(last=False)
            return False

    def _put(self, version: object, key: Key, entry: Entry) -> None:
        with self.lock:
            if version != self.version or entry.size > MAX_BYTES // 8 or key in self.entries:
                return
            self.entries[key] = entry
            self.size += entry.size
            while self.size > MAX_BYTES and self.entries:
                _, old = self.entries.popitem(last=False)
                self.size -= old.size

    async def _fill_once(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: tuple[object, Key],
        lifetime: bytes,
        levels: dict[str, int],
        shared: bool,
    ) -> Entry | None:
        """Build the entry; while it is built, requests for the same address wait for it
        (only for an entry that will be stored: a first sighting is built for one client)."""
        control = PINNED if b"as_of=" in key[1][1] else lifetime
        if not shared:
            return await self._fill(scope, receive, send, control, levels)
        built: asyncio.Future[Entry | None] = asyncio.get_running_loop().create_future()
        self.filling[key] = built
        entry = None
        try:
            entry = await self._fill(scope, receive, send, control, levels)
        finally:
            del self.filling[key]
            built.set_result(entry)  # None (an error, not cacheable): waiters ask the app
        return entry

    async def _fill(
        self, scope: Scope, receive: Receive, send: Send, control: bytes, levels: dict[str, int]
    ) -> Entry | None:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app({**scope, "method": "GET"}, receive, capture)
        headers = list(start.get("headers", []))
        names = {name.lower() for name, _ in headers}
        body = b"".join(chunks)
        if start.get("status") != 200 or b"set-cookie" in names or b"content-encoding" in names:
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return None
        keys = surrogate_keys(scope["path"], scope["query_string"])
        _, by_language = i18n.from_request(scope["query_string"], scope["headers"])
        return build_entry(headers, body, control, levels, keys, by_language)
