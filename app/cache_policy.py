"""Which answers may be cached, and for how long: declared on each route with @cached and read
by the response cache in routing order."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import parse_qs

from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute, compile_path

from app.config import get_settings

# A CDN keeps live answers for CDN_MAX_AGE seconds when set (with CDN_PURGE_WEBHOOK telling it
# what to drop at each publish: app/purges.py), else as long as browsers do.
_CDN = get_settings().cdn_max_age


def _live(max_age: int, stale: int) -> bytes:
    shared = _CDN or max_age
    return f"public, max-age={max_age}, s-maxage={shared}, stale-while-revalidate={stale}".encode()


LIVE = _live(300, 86400)
PAGE = _live(60, 3600)
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


# The answers of one chart, whatever their form: page, data, embed, picture.
_CHART = re.compile(r"/(?:charts|embed|api/v1/charts)/([a-z]+)(?:\.[a-z]+)?")
_SLUG = re.compile(r"[a-z0-9-]{1,60}")


def surrogate_keys(path: str, query: bytes) -> list[str]:
    """What a CDN may purge this answer by (Surrogate-Key, Cache-Tag): "live" or "pinned",
    its chart and the trackers it asks for. Every live answer names the latest revision
    ("data as of r12"), so a publish purges "live" (app/purges.py); pinned answers never
    change. The chart and tracker keys are for an operator purging by hand."""
    asked = parse_qs(query.decode("latin-1"))
    keys = ["sharetrack", "pinned" if asked.get("as_of") else "live"]
    chart = _CHART.fullmatch(path)
    if chart:
        keys.append(f"chart-{chart[1]}")
    keys += [f"tracker-{s}" for s in asked.get("source", []) if _SLUG.fullmatch(s)]
    return keys
