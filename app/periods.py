"""The Period value type: a calendar quarter (2022Q4) or a full year (2022).

Every spelling trackers use is parsed here, once, at the edge; everything inside works
with Period values. Stored as one sortable integer: year * 10 + quarter (0 = full year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

from app.errors import InvalidQuery

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}

# Each pattern yields named groups y (2 or 4 digits) and q (1-4) after spaces are normalised.
_QUARTER_PATTERNS = [
    re.compile(r"(?:cy)?(?P<y>\d{4}) ?-? ?q(?P<q>\d)"),  # 2022Q4, 2022-Q4, 2022 Q4, CY2022Q4
    re.compile(r"q(?P<q>\d) ?[-/ ]? ?(?:cy)?(?P<y>\d{4})"),  # Q4 2022, Q4-2022, Q4/2022
    re.compile(r"q(?P<q>\d) ?'(?P<y>\d{2})"),  # Q4'22
    re.compile(r"(?P<q>\d)q ?'?(?P<y>\d{2}|\d{4})"),  # 4Q22, 4Q 2022
    re.compile(r"cy(?P<y>\d{2}) ?-? ?q(?P<q>\d)"),  # CY22Q4
]
_YEAR_PATTERN = re.compile(r"(?:cy ?)?(?P<y>\d{4})")
_MONTH_RANGE = re.compile(
    r"(?P<m1>[a-z]{3})[a-z]* ?[-–] ?(?P<m2>[a-z]{3})[a-z]* ?'?(?P<y>\d{4}|\d{2})"
)

FIRST_YEAR, LAST_YEAR = 1990, 2100


class PeriodError(ValueError):
    """A period spelling we cannot read; the message says what would be accepted."""


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    year: int
    quarter: int  # 1-4, or 0 for the full year

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise PeriodError(f"year {self.year} is outside {FIRST_YEAR}-{LAST_YEAR}")
        if not 0 <= self.quarter <= 4:
            raise PeriodError(f"quarter {self.quarter} does not exist (quarters are Q1-Q4)")

    @classmethod
    def parse(cls, text: str) -> Period:
        raw = str(text)
        norm = re.sub(r"\s+", " ", raw.replace("\u2019", "'").strip().lower())
        if not norm:
            raise PeriodError("the quarter is empty")
        if norm.startswith("fy"):
            raise PeriodError(
                f"'{raw}' is an Indian fiscal-year label; write the calendar quarter, e.g. 2022Q4"
            )
        for pattern in _QUARTER_PATTERNS:
            if m := pattern.fullmatch(norm):
                return cls(_full_year(m["y"]), _quarter_number(m["q"], raw))
        if m := _MONTH_RANGE.fullmatch(norm):
            return cls(_full_year(m["y"]), _quarter_from_months(m["m1"], m["m2"], raw))
        if m := _YEAR_PATTERN.fullmatch(norm):
            return cls(int(m["y"]), 0)
        raise PeriodError(
            f"'{raw}' is not a quarter; use 2022Q4 (also accepted: Q4 2022, Q4-2022, 2022-Q4, "
            "4Q22, Oct-Dec 2022) or a year such as 2022"
        )

    @classmethod
    def from_key(cls, key: int) -> Period:
        return cls(key // 10, key % 10)

    @property
    def key(self) -> int:
        return self.year * 10 + self.quarter

    @property
    def is_full_year(self) -> bool:
        return self.quarter == 0

    @property
    def code(self) -> str:
        """The canonical form used in URLs, the API and files: 2022Q4 or 2022."""
        return str(self.year) if self.is_full_year else f"{self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        """The human form used on pages and charts: Q4 2022 or 2022."""
        return str(self.year) if self.is_full_year else f"Q{self.quarter} {self.year}"

    def shift(self, quarters: int) -> Period:
        if self.is_full_year:
            return Period(self.year + quarters, 0)
        index = self.year * 4 + self.quarter - 1 + quarters
        return Period(index // 4, index % 4 + 1)

    def previous(self) -> Period:
        return self.shift(-1)

    def year_ago(self) -> Period:
        return Period(self.year - 1, self.quarter)

    def quarters_of_year(self) -> list[Period]:
        return [Period(self.year, q) for q in range(1, 5)]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.key < other.key

    def __hash__(self) -> int:
        # The generated hash builds a tuple each time; a chart hashes a thousand periods.
        return self.year * 10 + self.quarter

    def __str__(self) -> str:
        return self.code


def quarter_range(start: Period, end: Period) -> list[Period]:
    """Every quarter from start to end inclusive."""
    out, current = [], start
    while current <= end:
        out.append(current)
        current = current.shift(1)
    return out


def _full_year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _quarter_number(text: str, raw: str) -> int:
    q = int(text)
    if not 1 <= q <= 4:
        raise PeriodError(f"'{raw}': quarter {q} does not exist (quarters are Q1-Q4)")
    return q


def _quarter_from_months(first: str, last: str, raw: str) -> int:
    start, end = _MONTHS.get(first), _MONTHS.get(last)
    if start is None or end is None or start % 3 != 1 or end != start + 2:
        raise PeriodError(f"'{raw}' is not a calendar quarter (e.g. Oct-Dec 2022)")
    return (start + 2) // 3


def parse_period(name: str, value: str | None) -> Period | None:
    """A period from a query parameter, or a 422 naming the parameter."""
    if not value:
        return None
    try:
        return Period.parse(value)
    except PeriodError as error:
        raise InvalidQuery(f"'{name}': {error}") from None


def parse_revision(value: str | None) -> int | None:
    if not value:
        return None
    match = re.fullmatch(r"r?(\d{1,9})", value.strip().lower())
    if not match or int(match.group(1)) < 1:
        raise InvalidQuery("'as_of' must be a revision such as r42")
    return int(match.group(1))
