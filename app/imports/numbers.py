"""Strict readers for the numbers in tracker files.

Python's float() and Decimal() accept 'nan', 'inf', '1_000', '1e3' and non-ASCII digits;
a tracker figure is none of those, so every reader matches an explicit ASCII pattern first.
"""

import re
from decimal import Decimal

_DECIMAL = re.compile(r"[+-]?\d+(?:\.\d+)?", re.ASCII)
_WHOLE = re.compile(r"\d+", re.ASCII)
_INDIAN_GROUPED = re.compile(r"\d{1,2}(?:,\d{2})*,\d{3}", re.ASCII)  # 12,34,567
_WESTERN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+", re.ASCII)  # 1,234,567
_RANK = re.compile(r"(\d+)\s*=?", re.ASCII)  # "3=" marks a tie in tracker tables

MINUS_SIGNS = "\u2212\u2013"  # the typographic minus and en dash that press releases use


class NumberError(ValueError):
    pass


def _clean(text: str) -> str:
    cleaned = text.strip().replace("\u00a0", "")
    for sign in MINUS_SIGNS:
        cleaned = cleaned.replace(sign, "-")
    return cleaned


def parse_decimal(text: str, *, percent: bool = False) -> Decimal:
    """A plain decimal such as 20, 20.5, -3.1; with percent=True a trailing % is allowed."""
    cleaned = _clean(text)
    if percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip()
    if not _DECIMAL.fullmatch(cleaned):
        expected = "a plain decimal such as 20.5 or 20.5%" if percent else "a plain decimal"
        raise NumberError(f"'{text}' is not {expected}")
    return Decimal(cleaned)


def parse_units(text: str) -> int:
    """Whole units, plain or grouped the Indian (12,34,567) or Western (1,234,567) way."""
    cleaned = _clean(text)
    if _INDIAN_GROUPED.fullmatch(cleaned) or _WESTERN_GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]  # spreadsheets store whole numbers as floats
    if not _WHOLE.fullmatch(cleaned):
        if _DECIMAL.fullmatch(cleaned) and cleaned.startswith("-"):
            raise NumberError(f"'{text}' is negative; shipments cannot be negative")
        raise NumberError(f"'{text}' is not a whole number of units (e.g. 12,34,567 or 1234567)")
    return int(cleaned)


def parse_millions(text: str) -> int:
    """Decimal millions (6.7) to whole units (6,700,000)."""
    value = parse_decimal(text)
    if value < 0:
        raise NumberError(f"'{text}' is negative; shipments cannot be negative")
    return int((value * 1_000_000).to_integral_value())


def parse_rank(text: str) -> int:
    match = _RANK.fullmatch(_clean(text))
    if not match:
        raise NumberError(f"'{text}' is not a rank (a whole number such as 3, or 3= for a tie)")
    rank = int(match.group(1))
    if rank < 1:
        raise NumberError(f"'{text}': ranks start at 1")
    return rank
