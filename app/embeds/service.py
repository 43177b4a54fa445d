"""oEmbed: the chart behind a chart or embed URL of this site, and the rich answer for it."""

from __future__ import annotations

import html
from urllib.parse import parse_qsl, urlsplit

from app.charts.images import DEFAULT_SIZE
from app.charts.links import EMBED_HEIGHT, urls
from app.charts.query import ChartQuery, parse_chart_query
from app.errors import InvalidQuery, NotFound


def query_from_url(base: str, url: str) -> ChartQuery:
    """The chart behind a chart page or embed URL of this site (for oEmbed)."""
    parts = urlsplit(url)
    ours = urlsplit(base)
    if (parts.scheme, parts.netloc) != (ours.scheme, ours.netloc):
        raise NotFound("not a sharetrack chart URL")
    segments = parts.path.strip("/").split("/")
    if len(segments) != 2 or segments[0] not in ("charts", "embed"):
        raise NotFound("not a sharetrack chart URL")
    chart_id = segments[1].removesuffix(".png").removesuffix(".svg")
    try:
        return parse_chart_query(chart_id, dict(parse_qsl(parts.query)))
    except InvalidQuery as error:
        raise NotFound(f"not a chart URL: {error.message}") from None


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
