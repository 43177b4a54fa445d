"""The addresses of one chart state (page, embed, picture) and the snippet editors paste:
one place, so the share link, the embed code and oEmbed cannot disagree."""

from __future__ import annotations

import html
from dataclasses import dataclass

from app.charts.query import ChartQuery

EMBED_HEIGHT = 460


@dataclass(frozen=True)
class Snippet:
    iframe: str
    with_script: str


@dataclass(frozen=True)
class ChartUrls:
    """The addresses of one chart state: its page, its embed and its pictures."""

    page: str
    embed: str
    image: str
    svg: str


def urls(base: str, q: ChartQuery, *, pinned_to: int | None = None) -> ChartUrls:
    query = q.canonical()
    if pinned_to and "as_of=" not in query:
        query += f"&as_of=r{pinned_to}"
    return ChartUrls(
        f"{base}/charts/{q.chart_id}?{query}",
        f"{base}/embed/{q.chart_id}?{query}",
        f"{base}/charts/{q.chart_id}.png?{query}",
        f"{base}/charts/{q.chart_id}.svg?{query}",
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
