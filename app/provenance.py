"""Where a figure comes from: the public pages behind it, per figure.

A row's figures may come from different pages (a release table for shipments, a later
article for the rank), and one cell may name several pages. Pages are stored as one text of
URLs separated by spaces, in the order given and without repeats. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

# How final a figure is: a tracker's first release is often preliminary, and a later
# release may restate a figure (a vendor's perimeter changed, late data).
STATUSES = ("preliminary", "final", "restated")
# The figures of a row, each with its own pages: (value field, URL field).
FIGURE_URLS = (
    ("shipments", "shipments_url"),
    ("share_pct", "share_url"),
    ("rank", "rank_url"),
    ("yoy_growth_pct", "yoy_url"),
)
# Every page field of a row: all its pages, then each figure's.
URL_FIELDS = ("source_url", *(url for _, url in FIGURE_URLS))
# What separates pages in a cell: semicolons, bars, commas before a scheme, whitespace.
_SEPARATORS = re.compile(r"[;|\s]+|,(?=\s*https?://)")
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def split(text: str | None) -> tuple[str, ...]:
    """The pages named in a cell or a stored value, in order, each once."""
    if not text:
        return ()
    return tuple(dict.fromkeys(part for part in _SEPARATORS.split(text) if part))


def invalid(urls: Iterable[str]) -> list[str]:
    """The parts that are not http(s) URLs."""
    return [url for url in urls if not _URL.fullmatch(url)]


def cell_pages(text: str) -> str | None:
    """A cell's pages as stored: one URL or several (separated by ;, |, spaces or new
    lines); ValueError naming the first part that is not an http(s) URL."""
    pages = split(text)
    bad = invalid(pages)
    if bad:
        shown = bad[0] if len(bad[0]) <= 200 else bad[0][:200] + "…"
        raise ValueError(f"'{shown}' is not an http(s) URL; separate several pages with ';'")
    return join(pages)


def join(urls: Iterable[str | None]) -> str | None:
    """Pages (or stored page lists) as one stored text; None when there are none."""
    found = dict.fromkeys(url for text in urls for url in split(text))
    return " ".join(found) or None


FIGURE_LABELS = {
    "shipments": "shipments",
    "share_pct": "share",
    "rank": "rank",
    "yoy_growth_pct": "growth",
}


def pages_of(figures: object) -> dict[str, list[str]]:
    """Each page behind one figure set (anything with the *_url fields), with the figures it
    states, in the order of FIGURE_URLS."""
    found: dict[str, list[str]] = {}
    for figure, url_field in FIGURE_URLS:
        for url in split(getattr(figures, url_field, None)):
            found.setdefault(url, []).append(FIGURE_LABELS[figure])
    return found


def host(url: str) -> str:
    """The site of a page, as a reader recognises it: gadgets360.com."""
    site = urlsplit(url).netloc.lower()
    return site.removeprefix("www.")


# Sites that copy or spin trackers' releases rather than publish them: a figure whose only
# page is one of these is shown as resting on a weak source until a primary page is found.
WEAK_SITES = (
    "pages.dev",
    "blogspot.com",
    "amplifyapp.com",
    "arena-ruc.com",
    "arenafile.com",
    "daily8.com",
    "wap5.in",
    "iser-br.com",
    "abnewsfire.com",
    "tanwoodleather.com",
    "gology.online",
    "ytechs.org",
    "gagadget.com",
    "techweu.com",
    "tech-gate.org",
    "techiai.com",
    "meterpreter.org",
    "onlytech.com",
    "scribd.com",
    "dailyexpertnews.com",
    "newsdrum.in",
    "beforeyoutake.com",
)


def is_weak(url: str) -> bool:
    site = host(url)
    return any(site == weak or site.endswith("." + weak) for weak in WEAK_SITES)
