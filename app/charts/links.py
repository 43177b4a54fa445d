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
    amp: str  # for AMP pages, which allow no iframe of their own


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
    return Snippet(iframe, iframe + "\n" + script, amp_snippet(found, title))


# The AMP page loads the component itself; the embed answers its resize protocol.
AMP_SCRIPT = (
    '<script async custom-element="amp-iframe" '
    'src="https://cdn.ampproject.org/v0/amp-iframe-0.1.js"></script>'
)


def amp_snippet(found: ChartUrls, title: str) -> str:
    """<amp-iframe resizable>: the embed asks for its height with AMP's embed-size message;
    the picture of the same state stands in until it loads, and AMP shows the overflow
    button when a reader must allow the resize."""
    safe_title = html.escape(title, quote=True)
    return (
        f"<!-- in the page's <head>: {AMP_SCRIPT} -->\n"
        f'<amp-iframe src="{html.escape(found.embed)}" title="{safe_title}" '
        f'width="600" height="{EMBED_HEIGHT}" layout="responsive" resizable frameborder="0" '
        'sandbox="allow-scripts allow-same-origin allow-popups '
        'allow-popups-to-escape-sandbox">\n'
        '  <div overflow tabindex="0" role="button" aria-label="Show the whole chart">'
        "Show the whole chart</div>\n"
        f'  <amp-img placeholder layout="fill" src="{html.escape(found.image)}" '
        f'alt="{safe_title}"></amp-img>\n'
        "</amp-iframe>"
    )
