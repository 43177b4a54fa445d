"""Light and dark drawings: the dark theme as one colour map over a figure.

A figure is drawn for a light page. For a dark one, every colour in it is mapped: the
ground, ink, grid and event marks to fixed dark-theme values, and each vendor's colour to
the same hue made light enough to read on the dark ground (WCAG's 4.5:1, since vendor
colours also colour the names at line ends). The map travels with the figure to the
browser, so `theme=auto` can follow the reader's setting there; pictures apply it here. Pure.
"""

from __future__ import annotations

import colorsys
import re
from typing import Any

THEMES = ("light", "dark", "auto")
DARK_GROUND = "#1b1f24"
# The light drawing's own colours (figures.py, cues.py, images.py) and their dark versions.
DARK_UI = {
    "#fff": DARK_GROUND,
    "#ffffff": DARK_GROUND,
    "#1f2328": "#e6e8eb",  # ink
    "#e6e6e6": "#353b42",  # grid
    "#555": "#b4bcc4",  # event titles
    "#5b636b": "#a9b1b9",  # the credit line of a picture
    "#888": "#8b939b",  # zero line
    "#9a9a9a": "#7d858d",  # event lines
    "rgba(255,255,255,0.55)": "rgba(20,22,26,0.5)",  # pattern ink, on lightened colours
}
MIN_CONTRAST = 4.5
_HEX = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{6})")


def page_theme(value: str | None, default: str) -> str:
    """The theme a page asked for; an unknown value is the page's default (chart pages
    check theme= strictly in their query)."""
    return value if value in THEMES else default


def picture_theme(theme: str | None) -> str:
    """A picture cannot ask the reader: auto (and no choice) draws light."""
    return "dark" if theme == "dark" else "light"


def dark_colours(figure: dict[str, Any]) -> dict[str, str]:
    """Every colour of the figure and what it becomes on a dark page."""
    found: dict[str, str] = {}
    for colour in _colours(figure):
        key = colour.lower()
        if key in DARK_UI:
            found[key] = DARK_UI[key]
        elif _HEX.fullmatch(key):
            found[key] = for_dark(key)
    return found


def apply(figure: dict[str, Any], colours: dict[str, str]) -> dict[str, Any]:
    """The figure with its colours mapped (only values of colour properties)."""
    mapped: dict[str, Any] = _mapped(figure, colours, False)
    return mapped


def for_dark(colour: str) -> str:
    """The same hue and saturation, lightened until it reads on the dark ground."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    found = colour
    while contrast(_rgb(found), _rgb(DARK_GROUND)) < MIN_CONTRAST and lightness < 1:
        lightness = min(1.0, lightness + 0.02)
        rgb = colorsys.hls_to_rgb(hue, lightness, saturation)
        found = "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
    return found


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (channels 0..1)."""
    brighter, darker = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (brighter + 0.05) / (darker + 0.05)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _rgb(colour: str) -> tuple[float, float, float]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def _colours(value: Any, is_colour: bool = False) -> list[str]:
    if isinstance(value, dict):
        return [c for k, v in value.items() for c in _colours(v, k.endswith("color"))]
    if isinstance(value, list):
        return [c for v in value for c in _colours(v, is_colour)]
    return [value] if is_colour and isinstance(value, str) else []


def _mapped(value: Any, colours: dict[str, str], is_colour: bool) -> Any:
    if isinstance(value, dict):
        return {k: _mapped(v, colours, k.endswith("color")) for k, v in value.items()}
    if isinstance(value, list):
        return [_mapped(v, colours, is_colour) for v in value]
    if is_colour and isinstance(value, str):
        return colours.get(value.lower(), value)
    return value
