"""A chart as a picture, PNG or SVG (the social card and ?width=&height=), rendered by kaleido
once per chart state, revision, size and format."""

from __future__ import annotations

import contextlib
import hashlib
import html
import logging
import threading
from pathlib import Path
from typing import Any

from app import i18n, themes
from app.errors import AppError, InvalidQuery

log = logging.getLogger("sharetrack.images")
IMAGE_DIR = Path("var/images")
DEFAULT_SIZE = (1200, 630)  # the social-card size
MIN_SIDE, MAX_SIDE = 200, 2400
# Part of every stored picture's name: raised when the drawing changes (cues, themes), so
# pictures drawn the old way are not served again.
DRAWING = 2


def image_size(width: int | None, height: int | None) -> tuple[int, int]:
    w, h = width or DEFAULT_SIZE[0], height or DEFAULT_SIZE[1]
    for side in (w, h):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise InvalidQuery(
                i18n.gettext("width and height must be between {low} and {high}").format(
                    low=MIN_SIDE, high=MAX_SIDE
                )
            )
    return w, h


_kaleido_lock = threading.Lock()
_kaleido_started = False


FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def render(figure: dict[str, Any], width: int, height: int, key: str, kind: str = "png") -> bytes:
    """Render once per (chart query, revision, size, format); later requests read the file."""
    named = f"d{DRAWING}:{key}"
    path = IMAGE_DIR / f"{hashlib.sha256(named.encode()).hexdigest()[:32]}.{kind}"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError as error:  # an unreadable cache renders afresh
        log.warning("chart image cache unreadable (%s); rendering again", error)
    data = _kaleido(figure, width, height, kind)
    _keep(path, data)
    return data


def _keep(path: Path, data: bytes) -> None:
    """Cache a rendered picture. The cache is only a saving: a disk full or read-only is
    logged, and the picture is served all the same (rendered again next time)."""
    temporary = path.with_suffix(f".{threading.get_ident()}.tmp")
    try:
        IMAGE_DIR.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        temporary.replace(path)  # atomic: a reader never sees half a file
    except OSError as error:
        log.warning("chart image not cached (%s); served without caching", error)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _kaleido(figure: dict[str, Any], width: int, height: int, kind: str) -> bytes:
    import kaleido

    global _kaleido_started
    try:
        with _kaleido_lock:
            if not _kaleido_started:
                # One browser per process: a cold start per image costs 3-4 s, a warm one 0.2 s.
                kaleido.start_sync_server(silence_warnings=True)
                _kaleido_started = True
        opts = {"format": kind, "width": width, "height": height}
        return bytes(kaleido.calc_fig_sync(figure, opts=opts))
    except Exception as error:  # kaleido raises many kinds when chromium is missing or dies
        log.error("chart image rendering failed: %r", error)
        raise AppError(
            "chart images are unavailable right now; the chart page has the data", status_code=503
        ) from None


def image_figure(figure: dict[str, Any], footer: str, theme: str = "light") -> dict[str, Any]:
    """The chart as a standalone image: title kept, credit written into the picture, in
    the light or the dark theme."""
    layout = dict(figure["layout"])
    # Event dots only make sense with a hover; a picture keeps the dotted lines and labels.
    layout["annotations"] = [a for a in layout.get("annotations", []) if a.get("text") != "\u25cf"]
    # The credit is the title's subtitle: at the bottom it would run into the legend.
    credit = {"text": html.escape(footer), "font": {"size": 13, "color": "#5b636b"}}
    layout["title"] = {**layout.get("title", {}), "x": 0.02, "subtitle": credit}
    layout["margin"] = {**layout.get("margin", {}), "l": 30, "t": 90, "b": 40}
    picture = {"data": figure["data"], "layout": layout}
    if theme == "dark":
        return themes.apply(picture, themes.dark_colours(picture))
    return picture
