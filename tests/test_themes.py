"""The dark theme as a colour map: vendor colours keep their hue and read on the dark
ground; only colour properties change."""

import colorsys
import csv
from pathlib import Path

import pytest

from app import themes
from app.themes import DARK_GROUND, MIN_CONTRAST, _rgb, contrast, for_dark

VENDORS = Path(__file__).parent.parent / "app" / "seed" / "vendors.csv"
COLOURS = sorted({row["colour"].lower() for row in csv.DictReader(VENDORS.open())})


@pytest.mark.parametrize("colour", COLOURS)
def test_every_vendor_colour_reads_on_dark_and_keeps_its_hue(colour: str) -> None:
    dark = for_dark(colour)
    assert contrast(_rgb(dark), _rgb(DARK_GROUND)) >= MIN_CONTRAST
    if contrast(_rgb(colour), _rgb(DARK_GROUND)) >= MIN_CONTRAST:
        assert dark == colour  # already legible: unchanged
    hue_before = colorsys.rgb_to_hls(*_rgb(colour))[0]
    hue_after = colorsys.rgb_to_hls(*_rgb(dark))[0]
    assert abs(hue_before - hue_after) < 0.02 or colorsys.rgb_to_hls(*_rgb(colour))[2] < 0.05


def test_samsung_blue_is_lightened_and_xiaomi_orange_kept() -> None:
    assert for_dark("#1428a0") == "#6b7dec"
    assert for_dark("#ff6900") == "#ff6900"


def test_only_colour_properties_are_mapped() -> None:
    figure = {
        "data": [
            {"name": "#fff", "marker": {"color": ["#1428A0", "#ff6900"]}, "line": {"color": "#fff"}}
        ],
        "layout": {
            "paper_bgcolor": "#fff",
            "font": {"color": "#1f2328"},
            "yaxis": {"tickprefix": "#", "gridcolor": "#e6e6e6"},
        },
    }
    colours = themes.dark_colours(figure)
    assert colours == {
        "#1428a0": "#6b7dec",
        "#ff6900": "#ff6900",
        "#fff": DARK_GROUND,
        "#1f2328": "#e6e8eb",
        "#e6e6e6": "#353b42",
    }
    dark = themes.apply(figure, colours)
    assert dark["data"][0]["name"] == "#fff"  # a name is text, never recoloured
    assert dark["data"][0]["marker"]["color"] == ["#6b7dec", "#ff6900"]
    assert dark["layout"]["paper_bgcolor"] == DARK_GROUND
    assert dark["layout"]["yaxis"] == {"tickprefix": "#", "gridcolor": "#353b42"}
    assert figure["layout"]["paper_bgcolor"] == "#fff"  # the light figure is left alone


def test_page_and_picture_themes() -> None:
    assert themes.page_theme("dark", "auto") == "dark"
    assert themes.page_theme("purple", "auto") == "auto"
    assert themes.page_theme(None, "light") == "light"
    assert [themes.picture_theme(t) for t in (None, "light", "auto", "dark")] == [
        "light",
        "light",
        "light",
        "dark",
    ]
