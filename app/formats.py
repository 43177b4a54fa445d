"""Numbers as people in this market read them: 21.0%, 6.7 M, 67 lakh, 1.2 crore, Q4 2022."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from app import i18n

_ = i18n.gettext

LAKH, CRORE = 100_000, 10_000_000


def pct(value: Decimal | float | None, *, signed: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{float(value):+.1f}" if signed else f"{float(value):.1f}"
    return text.replace("-", "\u2212") + "%"


def points(value: Decimal | float | None) -> str:
    """A change in share, in percentage points."""
    if value is None:
        return "–"
    return _("{points} pts").format(points=f"{float(value):+.1f}".replace("-", "\u2212"))


def millions(units: int | None) -> str:
    if units is None:
        return "–"
    return _("{millions} M").format(millions=f"{units / 1_000_000:.1f}")


def indian(units: int | None) -> str:
    """6,700,000 -> '67 lakh'; 32,400,000 -> '3.24 crore' (in Hindi '67 लाख', '3.24 करोड़')."""
    if units is None:
        return "–"
    if units >= CRORE:
        return _("{crore} crore").format(crore=f"{units / CRORE:.2f}")
    if units >= LAKH:
        return _("{lakh} lakh").format(lakh=f"{units / LAKH:.1f}".removesuffix(".0"))
    return grouped(units)


UNITS = ("millions", "indian")


def shipments(units: int | None, style: str = "millions") -> str:
    """Shipments as the reader chose: 6.7 M (default) or 67 lakh / 3.24 crore."""
    return indian(units) if style == "indian" else millions(units)


def grouped(units: int | None) -> str:
    """Indian digit grouping: 12,34,567."""
    return "–" if units is None else format_decimal(units, locale=i18n.BABEL_LOCALE[i18n.current()])


def rank(value: int | None, *, tied: bool = False) -> str:
    if value is None:
        return "–"
    return f"#{value}=" if tied else f"#{value}"


CURRENCY_SIGNS = {"INR": "₹", "USD": "US$"}


def band(currency: str | None, low: Decimal | None, high: Decimal | None) -> str:
    """A price band's edges as trackers write them: "₹30,000–45,000", "above US$800",
    "below ₹10,000"; "" when it has no edges (5G, online)."""
    if low is None and high is None:
        return ""
    sign = CURRENCY_SIGNS.get(currency or "", f"{currency} " if currency else "")

    def money(value: Decimal) -> str:
        return format_decimal(value, locale="en_IN" if currency == "INR" else "en_US")

    if low is None:
        return f"below {sign}{money(high)}"  # type: ignore[arg-type]
    if high is None:
        return f"above {sign}{money(low)}"
    return f"{sign}{money(low)}–{money(high)}"
