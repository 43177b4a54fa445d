"""Release dates as trackers and spreadsheets write them. Pure.

ISO dates (2023-01-19, also with a spreadsheet's time part) and dates with a month name
(19 Jan 2023, January 19, 2023) are read; 01/02/2023 is refused, since day and month could
be either way round.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_NAMED = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d-%b-%Y", "%d-%B-%Y")
EARLIEST = date(1990, 1, 1)


class DateError(ValueError):
    pass


def parse_date(text: str, *, today: date | None = None) -> date:
    raw = text.strip()
    found = None
    if m := _ISO.fullmatch(raw):
        try:
            found = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise DateError(f"'{raw}' is not a date (no such day)") from None
    else:
        spaced = re.sub(r"[,\s]+", " ", raw.replace(".", "")).strip()
        for pattern in _NAMED:
            try:
                found = datetime.strptime(spaced, pattern).date()
                break
            except ValueError:
                continue
    if found is None:
        raise DateError(
            f"'{raw}' is not a date; write the release date as 2023-01-19 (or 19 Jan 2023)"
        )
    latest = today or date.today()
    if not EARLIEST <= found <= latest:
        raise DateError(f"release date {found.isoformat()} is not between 1990 and today")
    return found
