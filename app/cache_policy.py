"""Which answers may be cached, and for how long: declared on each route with @cached and read
by the response cache in routing order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute, compile_path

LIVE = b"public, max-age=300, stale-while-revalidate=86400"
PAGE = b"public, max-age=60, stale-while-revalidate=3600"
PINNED = b"public, max-age=31536000, immutable"
LIFETIMES = {"page": PAGE, "embed": LIVE}
_DECLARED = "_sharetrack_cache_lifetime"

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
Policy = Callable[[str], bytes | None]  # path -> Cache-Control of a live answer, or None


def cached(lifetime: str = "page") -> Callable[[Endpoint], Endpoint]:
    """Declare a public GET route's answers cacheable: stored per content version and
    address, revalidated by ETag. "embed" answers (embeds, pictures, their script) may be
    kept by browsers and CDNs for five minutes, pages for one; pinned (as_of) ones for a
    year. Put it under the route decorator."""
    if lifetime not in LIFETIMES:
        raise ValueError(f"lifetime must be one of {', '.join(LIFETIMES)}")

    def declare(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, _DECLARED, lifetime)
        return endpoint

    return declare


def declared_policy(routes: Sequence[BaseRoute]) -> Policy:
    """What the GET routes declared with @cached, matched in routing order: the first route
    that matches a path decides (so /charts/{id}.png is the picture's, not the page's)."""
    by_order = [
        (compile_path(found.path)[0], LIFETIMES.get(getattr(found.endpoint, _DECLARED, "")))
        for found in iter_route_contexts(routes)
        if isinstance(found.route, APIRoute) and found.path and "GET" in (found.methods or ())
    ]

    @lru_cache(maxsize=4096)
    def policy(path: str) -> bytes | None:
        return next((control for regex, control in by_order if regex.match(path)), None)

    return policy
