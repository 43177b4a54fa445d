"""What a chart URL asks for, parsed and checked once at the edge.

Every parameter lives in the URL so that a link reproduces the view; `canonical()` gives the
normalised query string used for share links, cache keys and ETags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from app import i18n
from app.errors import InvalidQuery, NotFound
from app.formats import UNITS
from app.observations.slices import parse_basis
from app.periods import Period, parse_period, parse_revision
from app.themes import THEMES

_ = i18n.gettext

CHART_IDS = (
    "share",
    "rank",
    "shipments",
    "snapshot",
    "growth",
    "origin",
    "sources",
    "categories",
    "segments",
)
MODES = {
    "share": ("lines", "area100"),
    "shipments": ("stacked", "lines"),
    "origin": ("country", "group"),
    # segments: the kind of segment whose mix is drawn (price bands by default)
    "segments": ("price-band", "technology", "channel", "form-factor"),
}
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")


@dataclass(frozen=True, slots=True)
class ChartQuery:
    chart_id: str
    market: str = "india"
    category: str = "smartphones"
    source: str | None = None
    vendors: tuple[str, ...] = ()
    start: Period | None = None
    end: Period | None = None
    as_of: int | None = None
    mode: str | None = None
    by: str = "vendor"
    quarter: Period | None = None  # snapshot/growth/sources: the period shown (any kind)
    vendor: str | None = None  # categories: the vendor followed
    units: str = "millions"  # or "indian": lakh and crore
    theme: str | None = None  # light | dark | auto; None: the page's or embed's default
    segment: str = "all"  # the figures of one segment (premium, 5g, ...) of the category
    basis: str = "units"  # or "value": shares of market value
    lang: str = i18n.DEFAULT  # en | hi: every word of the chart, and Hindi counts in lakh/crore

    def with_source(self, source: str) -> ChartQuery:
        return replace(self, source=source)

    def canonical(self) -> str:
        params: list[tuple[str, str]] = [("market", self.market), ("category", self.category)]
        optional = {
            "source": self.source,
            "vendors": ",".join(self.vendors) or None,
            "from": self.start.code if self.start else None,
            "to": self.end.code if self.end else None,
            "quarter": self.quarter.code if self.quarter else None,
            "vendor": self.vendor,
            "segment": self.segment if self.segment != "all" else None,
            "basis": self.basis if self.basis != "units" else None,
            "mode": self.mode,
            "by": self.by if self.by != "vendor" else None,
            "units": self.units if self.units != default_units(self.lang) else None,
            "as_of": f"r{self.as_of}" if self.as_of else None,
            "theme": self.theme,
            "lang": self.lang if self.lang != i18n.DEFAULT else None,
        }
        params += [(k, v) for k, v in optional.items() if v]
        return urlencode(params, safe=",")


def default_units(lang: str) -> str:
    """Hindi readers count in lakh and crore; English ones in millions unless they ask."""
    return "indian" if lang == "hi" else "millions"


def _slug(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    value = value.strip().lower()
    if not _SLUG.fullmatch(value):
        raise InvalidQuery(
            _("'{name}' must be a slug such as 'india' or 'xiaomi'").format(name=name)
        )
    return value


def parse_chart_query(chart_id: str, params: dict[str, str]) -> ChartQuery:
    if chart_id not in CHART_IDS:
        raise NotFound(
            _("unknown chart '{chart}'; charts: {charts}").format(
                chart=chart_id, charts=", ".join(CHART_IDS)
            )
        )
    vendors = tuple(
        dict.fromkeys(
            v for part in params.get("vendors", "").split(",") if (v := _slug("vendors", part))
        )
    )
    if len(vendors) > 20:
        raise InvalidQuery(_("at most 20 vendors can be compared in one chart"))
    mode = params.get("mode") or None
    allowed = MODES.get(chart_id, ())
    if mode and mode not in allowed:
        valid = ", ".join(allowed) if allowed else _("none (this chart has one variant)")
        raise InvalidQuery(
            _("mode '{mode}' is not valid for the {chart} chart; valid: {valid}").format(
                mode=mode, chart=chart_id, valid=valid
            )
        )
    by = params.get("by") or "vendor"
    lang = params.get("lang") or i18n.current()
    if lang not in i18n.LANGS:
        raise InvalidQuery(
            _("'lang' must be one of {choices}").format(choices=", ".join(i18n.LANGS))
        )
    if by not in ("vendor", "group"):
        raise InvalidQuery(_("'by' must be 'vendor' or 'group'"))
    query = ChartQuery(
        chart_id=chart_id,
        market=_slug("market", params.get("market")) or "india",
        category=_slug("category", params.get("category")) or "smartphones",
        source=_slug("source", params.get("source")),
        vendors=vendors,
        start=parse_period("from", params.get("from")),
        end=parse_period("to", params.get("to")),
        as_of=parse_revision(params.get("as_of")),
        mode=mode,
        by=by,
        quarter=parse_period("quarter", params.get("quarter")),
        vendor=_slug("vendor", params.get("vendor")),
        units=params.get("units") or default_units(lang),
        theme=params.get("theme") or None,
        segment=_slug("segment", params.get("segment")) or "all",
        basis=parse_basis(params.get("basis")),
        lang=lang,
    )
    if query.units not in UNITS:
        raise InvalidQuery(_("'units' must be one of {choices}").format(choices=", ".join(UNITS)))
    if query.theme is not None and query.theme not in THEMES:
        raise InvalidQuery(_("'theme' must be one of {choices}").format(choices=", ".join(THEMES)))
    if query.start and query.end and query.start > query.end:
        raise InvalidQuery(
            _("'from' ({start}) is after 'to' ({end})").format(
                start=query.start.code, end=query.end.code
            )
        )
    return query
