"""The fields of a reference edit, each read from what an admin typed or refused with a
message naming it. Pure: no database."""

from __future__ import annotations

import re

from app.errors import AppError
from app.periods import Period, PeriodError
from app.vendors.names import alias_key

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL = re.compile(r"https?://[^\s<>\"']+")


class InvalidField(AppError):
    """A refused edit; `field` names the form field the message is shown beside."""

    def __init__(self, field: str, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message, status_code=status_code)
        self.field = field


def slug(text: str) -> str:
    slug = text.strip()
    if len(slug) > 40 or not _SLUG.fullmatch(slug):
        raise InvalidField(
            "slug",
            f"slug '{slug}' must be 1 to 40 characters of a-z, 0-9 and '-', "
            "such as omdia or smart-tvs",
        )
    return slug


def text_ok(text: str) -> bool:
    # Names end up in CSV and XLSX cells: never one a spreadsheet would run as a formula.
    return (
        0 < len(text) <= 100
        and not text.startswith(("=", "+", "-", "@"))
        and not any(ord(c) < 32 for c in text)
    )


def name(text: str) -> str:
    name = text.strip()
    if not text_ok(name):
        raise InvalidField(
            "name",
            "the name must have 1 to 100 characters, no control characters, "
            "and not start with = + - @",
        )
    return name


def aliases(lines: tuple[str, ...]) -> list[str]:
    """Aliases as typed, blank lines dropped, one per alias_key."""
    kept: dict[str, str] = {}
    for line in lines:
        alias = line.strip()
        if not alias:
            continue
        if not text_ok(alias):
            raise InvalidField(
                "aliases",
                f"alias '{alias[:100]}' must have 1 to 100 characters, no control characters, "
                "and not start with = + - @",
            )
        kept.setdefault(alias_key(alias), alias)
    return list(kept.values())


def url(text: str, field: str = "url", *, limit: int = 500) -> str:
    url = text.strip()
    if url and (len(url) > limit or not _URL.fullmatch(url)):
        raise InvalidField(
            field, f"{field} '{url[:100]}' must be an http(s) address of up to {limit} characters"
        )
    return url


def quarter(text: str, field: str) -> int | None:
    """An optional quarter (2025Q3, Q3 2025, ...) as its Period.key; a year is refused, since
    a change of name or definition starts in a quarter."""
    text = text.strip()
    if not text:
        return None
    try:
        period = Period.parse(text)
    except PeriodError as error:
        raise InvalidField(field, f"{field}: {error}") from None
    if period.is_full_year:
        raise InvalidField(field, f"{field} '{text}' is a year; give a quarter, e.g. {text}Q3")
    return period.key


def successor_from(text: str, has_predecessor: bool, slug: str) -> int | None:
    key = quarter(text, "successor_from")
    if not has_predecessor and key is not None:
        raise InvalidField(
            "successor_from",
            "successor_from needs a predecessor: the tracker whose series this one continues",
        )
    if has_predecessor and key is None:
        raise InvalidField(
            "successor_from",
            f"successor_from: give the first quarter {slug} reports under its own name, "
            "e.g. 2025Q3",
        )
    return key


def note_text(text: str) -> str:
    note = text.replace("\r\n", "\n").strip()
    if not 0 < len(note) <= 2000 or any(ord(c) < 32 and c not in "\n\t" for c in note):
        raise InvalidField("text", "the note must have 1 to 2000 characters, no control characters")
    return note


def code(key: int | None) -> str | None:
    return Period.from_key(key).code if key else None
