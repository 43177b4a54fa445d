"""What editors paste: iframe snippets, oEmbed answers, and chart images cached per revision."""

from __future__ import annotations

import hashlib
import html
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from app.charts.query import ChartQuery, parse_chart_query
from app.errors import AppError, InvalidQuery, NotFound

log = logging.getLogger("sharetrack.images")
IMAGE_DIR = Path("var/images")
DEFAULT_SIZE = (1200, 630)  # the social-card size
MIN_SIDE, MAX_SIDE = 200, 2400
EMBED_HEIGHT = 460


@dataclass(frozen=True)
class Snippet:
    iframe: str
    with_script: str


@dataclass(frozen=True)
class ChartUrls:
    """The three addresses of one chart state: its page, its embed and its picture."""

    page: str
    embed: str
    image: str


def urls(base: str, q: ChartQuery, *, pinned_to: int | None = None) -> ChartUrls:
    query = q.canonical()
    if pinned_to and "as_of=" not in query:
        query += f"&as_of=r{pinned_to}"
    return ChartUrls(
        f"{base}/charts/{q.chart_id}?{query}",
        f"{base}/embed/{q.chart_id}?{query}",
        f"{base}/charts/{q.chart_id}.png?{query}",
    )


def snippet(base: str, q: ChartQuery, title: str, *, pinned_to: int | None = None) -> Snippet:
    """An iframe with a PNG of the same state for readers without frames or JavaScript."""
    found = urls(base, q, pinned_to=pinned_to)
    url, image, page = found.embed, found.image, found.page
    safe_title = html.escape(title, quote=True)
    iframe = (
        f'<iframe src="{html.escape(url)}" title="{safe_title}" width="100%" '
        f'height="{EMBED_HEIGHT}" style="border:0;max-width:1200px" loading="lazy" '
        f"data-sharetrack-embed>"
        f'<a href="{html.escape(page)}"><img src="{html.escape(image)}" alt="{safe_title}" '
        f'width="600" height="315"></a></iframe>'
    )
    script = f'<script src="{base}/embed.js" async></script>'
    return Snippet(iframe, iframe + "\n" + script)


def query_from_url(base: str, url: str) -> ChartQuery:
    """The chart behind a chart page or embed URL of this site (for oEmbed)."""
    parts = urlsplit(url)
    ours = urlsplit(base)
    if (parts.scheme, parts.netloc) != (ours.scheme, ours.netloc):
        raise NotFound("not a sharetrack chart URL")
    segments = parts.path.strip("/").split("/")
    if len(segments) != 2 or segments[0] not in ("charts", "embed"):
        raise NotFound("not a sharetrack chart URL")
    chart_id = segments[1].removesuffix(".png")
    try:
        return parse_chart_query(chart_id, dict(parse_qsl(parts.query)))
    except InvalidQuery as error:
        raise NotFound(f"not a chart URL: {error.message}") from None


def image_size(width: int | None, height: int | None) -> tuple[int, int]:
    w, h = width or DEFAULT_SIZE[0], height or DEFAULT_SIZE[1]
    for side in (w, h):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise InvalidQuery(f"width and height must be between {MIN_SIDE} and {MAX_SIDE}")
    return w, h


_kaleido_lock = threading.Lock()
_kaleido_started = False


def render_png(figure: dict[str, Any], width: int, height: int, key: str) -> bytes:
    """Render once per (chart query, revision, size); later requests read the file."""
    path = IMAGE_DIR / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.png"
    if path.exists():
        return path.read_bytes()
    data = _kaleido_png(figure, width, height)
    IMAGE_DIR.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{threading.get_ident()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)  # atomic: a reader never sees half a file
    return data


def _kaleido_png(figure: dict[str, Any], width: int, height: int) -> bytes:
    import kaleido

    global _kaleido_started
    try:
        with _kaleido_lock:
            if not _kaleido_started:
                # One browser per process: a cold start per image costs 3-4 s, a warm one 0.2 s.
                kaleido.start_sync_server(silence_warnings=True)
                _kaleido_started = True
        opts = {"format": "png", "width": width, "height": height}
        return bytes(kaleido.calc_fig_sync(figure, opts=opts))
    except Exception as error:  # kaleido raises many kinds when chromium is missing or dies
        log.error("chart image rendering failed: %r", error)
        raise AppError(
            "chart images are unavailable right now; the chart page has the data", status_code=503
        ) from None


def image_figure(figure: dict[str, Any], footer: str) -> dict[str, Any]:
    """The chart as a standalone image: title kept, credit written into the picture."""
    layout = dict(figure["layout"])
    # Event dots only make sense with a hover; a picture keeps the dotted lines and labels.
    kept = [a for a in layout.get("annotations", []) if a.get("text") != "\u25cf"]
    credit = {
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": -48,
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "text": html.escape(footer),
        "font": {"size": 13, "color": "#5b636b"},
    }
    layout["annotations"] = [*kept, credit]
    layout["margin"] = {**layout.get("margin", {}), "l": 30, "t": 70, "b": 80}
    layout["title"] = {**layout.get("title", {}), "x": 0.02}
    return {"data": figure["data"], "layout": layout}


def oembed(
    base: str,
    q: ChartQuery,
    title: str,
    source_name: str,
    maxwidth: int | None,
    maxheight: int | None,
) -> dict[str, object]:
    width = min(maxwidth or 800, 1200)
    height = min(maxheight or EMBED_HEIGHT, 1200)
    chart = urls(base, q)
    url = chart.embed
    return {
        "version": "1.0",
        "type": "rich",
        "provider_name": "sharetrack",
        "provider_url": base,
        "title": title,
        "author_name": source_name,
        "width": width,
        "height": height,
        "html": (
            f'<iframe src="{html.escape(url)}" title="{html.escape(title, quote=True)}" '
            f'width="{width}" height="{height}" style="border:0" loading="lazy" '
            f"data-sharetrack-embed></iframe>"
        ),
        "thumbnail_url": chart.image,
        "thumbnail_width": DEFAULT_SIZE[0],
        "thumbnail_height": DEFAULT_SIZE[1],
        "cache_age": 300,
    }
