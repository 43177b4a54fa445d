"""The response cache: a second request stores, random query strings cannot crowd it out."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import brotli
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from app.cache_policy import PAGE
from app.response_cache import SEEN_KEPT, ResponseCache
from app.versions import VersionClock

CHART = "/api/v1/charts/rank.json?source=canalys"
BR = {"accept-encoding": "br"}


def _cache(client: TestClient) -> ResponseCache:
    cache = client.app.response_cache  # type: ignore[attr-defined]
    assert isinstance(cache, ResponseCache)
    return cache


def test_first_request_is_answered_in_full_and_the_second_is_stored(client: TestClient) -> None:
    first = client.get(CHART, headers=BR)
    cache = _cache(client)
    assert first.status_code == 200
    assert first.headers["content-encoding"] == "br" and "etag" in first.headers
    assert first.headers["cache-control"].startswith("public")
    assert cache.entries == {}  # asked once: remembered, not stored

    second = client.get(CHART, headers=BR)
    assert second.headers["etag"] == first.headers["etag"]
    assert second.content == first.content
    stored = list(cache.entries.values())
    assert len(stored) == 1 and set(stored[0].bodies) == {"identity", "gzip", "br"}
    # Stored bodies get the stronger compression: they are sent many times.
    identity = stored[0].bodies["identity"]
    assert brotli.decompress(stored[0].bodies["br"]) == identity
    assert len(stored[0].bodies["br"]) < len(brotli.compress(identity, quality=3))

    assert client.get(CHART, headers={"if-none-match": first.headers["etag"]}).status_code == 304


def test_random_query_strings_do_not_push_stored_pages_out(client: TestClient) -> None:
    for _ in range(2):
        client.get(CHART)
    cache = _cache(client)
    kept = dict(cache.entries)
    for n in range(50):
        response = client.get(f"{CHART}&nocache={n}")
        assert response.status_code == 200 and response.headers["etag"]
    assert dict(cache.entries) == kept
    assert len(cache.seen) == 50 <= SEEN_KEPT


def test_a_new_version_forgets_what_was_seen(client: TestClient) -> None:
    client.get(CHART)
    cache = _cache(client)
    assert [key[0] for key in cache.seen] == ["/api/v1/charts/rank.json"]
    cache.version = "older"  # as after a publish in another worker
    client.get("/api/v1/charts/share.json?source=canalys")
    assert [key[0] for key in cache.seen] == ["/api/v1/charts/share.json"]


def test_a_spike_on_one_address_builds_it_at_most_twice() -> None:
    """The first request is built for its client alone; the second builds the stored entry
    and every later one waits for it."""
    built = 0

    async def slow_page(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal built
        built += 1
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"chart"})

    clock = VersionClock(lambda: 1, interval=0)
    cache = ResponseCache(slow_page, lambda: clock, lambda path: PAGE)

    async def spike() -> list[tuple[int, bytes]]:
        return list(await asyncio.gather(*(_request(cache) for _ in range(20))))

    answers = _run(spike())
    assert answers == [(200, b"chart")] * 20
    assert built == 2
    assert len(cache.entries) == 1 and not cache.filling


def test_the_version_is_polled_in_the_background_so_requests_never_wait_for_it() -> None:
    reads = []

    def slow_read() -> int:
        time.sleep(0.3)  # every pooled connection busy, say
        reads.append(1)
        return len(reads)

    clock = VersionClock(slow_read, interval=0.05)
    started = time.monotonic()
    assert clock.current() is None  # not known yet: the cache stands aside meanwhile
    assert time.monotonic() - started < 0.1
    deadline = time.monotonic() + 5
    while clock.current() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert clock.current() == 1
    time.sleep(0.4)
    assert clock.current() >= 2  # type: ignore[operator]


def _run(coroutine: Any) -> Any:
    # A thread of its own: the browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


async def _request(cache: ResponseCache, method: str = "GET") -> tuple[int, bytes]:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    scope = {
        "type": "http",
        "method": method,
        "path": "/charts/rank",
        "query_string": b"",
        "headers": [],
        "scheme": "http",
    }
    await cache(scope, receive, send)
    return sent[0]["status"], sent[1]["body"]


def test_a_request_after_a_publish_never_waits_for_an_answer_built_before_it() -> None:
    state = {"version": 1}

    async def slow_page(scope: Scope, receive: Receive, send: Send) -> None:
        body = f"data v{state['version']}".encode()
        await asyncio.sleep(0.1)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})

    clock = VersionClock(lambda: state["version"], interval=0)
    cache = ResponseCache(slow_page, lambda: clock, lambda path: PAGE)

    async def scenario() -> list[tuple[int, bytes]]:
        await _request(cache)  # seen once: the next request builds the stored entry
        building = asyncio.ensure_future(_request(cache))
        await asyncio.sleep(0.02)
        state["version"] = 2  # published while the v1 answer is being built
        return [await _request(cache), await building]

    after, during = _run(scenario())
    assert during == (200, b"data v1") and after == (200, b"data v2")


def test_the_next_request_after_a_publish_in_this_worker_sees_it() -> None:
    """A browser posts the publish and follows the redirect on the same connection at once,
    long before the next poll: the write refreshes the version before it answers."""
    state = {"version": 1}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] == "POST":
            state["version"] = 2
            await send({"type": "http.response.start", "status": 303, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": f"v{state['version']}".encode()})

    clock = VersionClock(lambda: state["version"], interval=60)
    cache = ResponseCache(app, lambda: clock, lambda path: PAGE)

    async def scenario() -> tuple[list[tuple[int, bytes]], tuple[int, bytes]]:
        clock.current()
        while clock.current() is None:
            await asyncio.sleep(0.01)
        before = [await _request(cache) for _ in range(3)]
        follow_up: list[asyncio.Future[tuple[int, bytes]]] = []

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":  # the client has its answer: go
                follow_up.append(asyncio.ensure_future(_request(cache)))

        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        scope = {"type": "http", "method": "POST", "path": "/admin/imports", "headers": []}
        await cache({**scope, "query_string": b"", "scheme": "http"}, receive, send)
        return before, await follow_up[0]

    before, after = _run(scenario())
    assert before == [(200, b"v1")] * 3
    assert after == (200, b"v2")


def test_an_app_that_shut_down_polls_the_version_no_more() -> None:
    """Each worker's clock polls in a thread; at shutdown it stops (a process that starts and
    stops apps, like this test run, would otherwise keep every poller reading its database)."""
    from app.main import create_app
    from app.versions import VersionClock

    app = create_app()
    clock = VersionClock(lambda: 1, interval=0.05)
    app.state.version_clock = clock
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert clock.current() == 1 or clock.current() is None  # the poller has started
        poller = clock._poller
        assert poller is not None and poller.is_alive()
    poller.join(timeout=2)
    assert not poller.is_alive()
