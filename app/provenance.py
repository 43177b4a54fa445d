"""Where a figure comes from: the public pages behind it, per figure.

A row's figures may come from different pages (a release table for shipments, a later
article for the rank), and one cell may name several pages. Pages are stored as one text of
URLs separated by spaces, in the order given and without repeats. Pure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# How final a figure is: a tracker's first release is often preliminary, and a later
# release may restate a figure (a vendor's perimeter changed, late data).
STATUSES = ("preliminary", "final", "restated")


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of a row and the fields that say where it comes from."""

    value: str  # the field holding the number
    url: str  # its pages
    released: str  # the date of the release that stated it
    label: str  # as a reader calls it


# The figures of a row, each with its own pages and release date.
FIGURES = (
    Figure("shipments", "shipments_url", "shipments_released", "shipments"),
    Figure("share_pct", "share_url", "share_released", "share"),
    Figure("rank", "rank_url", "rank_released", "rank"),
    Figure("yoy_growth_pct", "yoy_url", "yoy_released", "growth"),
)
# Every page field of a row: all its pages, then each figure's.
URL_FIELDS = ("source_url", *(figure.url for figure in FIGURES))
RELEASED_FIELDS = tuple(figure.released for figure in FIGURES)
# What separates pages in a cell: semicolons, bars, commas before a scheme, whitespace.
_SEPARATORS = re.compile(r"[;|\s]+|,(?=\s*https?://)")
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def split(text: str | None) -> tuple[str, ...]:
    """The pages named in a cell or a stored value, in order, each once."""
    return _split(text) if text else ()


# A chart's points name the same few pages over and over: each stored text is split once.
@functools.lru_cache(maxsize=8192)
def _split(text: str) -> tuple[str, ...]:
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


def pages_of(figures: object) -> dict[str, list[str]]:
    """Each page behind one figure set (anything with the *_url fields), with the figures it
    states, in the order of FIGURES."""
    found: dict[str, list[str]] = {}
    for figure in FIGURES:
        for url in split(getattr(figures, figure.url, None)):
            found.setdefault(url, []).append(figure.label)
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


def only_copies(figures: object) -> bool:
    """Whether every page behind a figure set is a copy (a weak site), so readers are told."""
    pages = pages_of(figures)
    return bool(pages) and all(map(is_weak, pages))


@functools.lru_cache(maxsize=8192)
def is_weak(url: str) -> bool:
    site = host(url)
    return any(site == weak or site.endswith("." + weak) for weak in WEAK_SITES)
