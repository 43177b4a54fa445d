"""The Period value type: a calendar quarter (2022Q4), a stated half-year (2023H1) or a
stated calendar year (2024).

Every spelling trackers use is parsed here, once, at the edge; everything inside works
with Period values. Indian fiscal-year labels (FY24, 2024FY) are refused: April-March years
do not fit calendar quarters without guessing.

Stored as one sortable integer, `key` = year * 10 + part, where part is the quarter (1-4),
5 or 6 for the first or second half-year, or 0 for the full year. So within a year the
order is: the year, Q1 … Q4, H1, H2 (20230 < 20231 … 20234 < 20235 < 20236 < 20240). The
encoding of quarters and years predates half-years and stays as stored.
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

FULL_YEAR, H1, H2 = 0, 5, 6  # the part of a key that is not a quarter

# Each pattern yields named groups y (2 or 4 digits) and q (1-4) after spaces are normalised.
_QUARTER_PATTERNS = [
    re.compile(r"(?:cy)?(?P<y>\d{4}) ?-? ?q(?P<q>\d)"),  # 2022Q4, 2022-Q4, 2022 Q4, CY2022Q4
    re.compile(r"q(?P<q>\d) ?[-/ ]? ?(?:cy)?(?P<y>\d{4})"),  # Q4 2022, Q4-2022, Q4/2022
    re.compile(r"q(?P<q>\d) ?'(?P<y>\d{2})"),  # Q4'22
    re.compile(r"(?P<q>\d)q ?'?(?P<y>\d{2}|\d{4})"),  # 4Q22, 4Q 2022
    re.compile(r"cy(?P<y>\d{2}) ?-? ?q(?P<q>\d)"),  # CY22Q4
]
# The same shapes with H for half: groups y and h (1-2).
_HALF_PATTERNS = [
    re.compile(r"(?:cy)?(?P<y>\d{4}) ?-? ?h(?P<h>\d)"),  # 2023H1, 2023-H1, 2023 H1
    re.compile(r"h(?P<h>\d) ?[-/ ]? ?(?:cy)?(?P<y>\d{4})"),  # H1 2023, H1-2023
    re.compile(r"h(?P<h>\d) ?'(?P<y>\d{2})"),  # H1'23
    re.compile(r"(?P<h>\d)h ?'?(?P<y>\d{2}|\d{4})"),  # 1H23, 1H 2023
    re.compile(r"cy(?P<y>\d{2}) ?-? ?h(?P<h>\d)"),  # CY23H1
]
_YEAR_PATTERNS = [
    re.compile(r"(?:cy ?)?(?P<y>\d{4})"),  # 2024, CY2024, CY 2024
    re.compile(r"cy ?'?(?P<y>\d{2})"),  # CY24, CY'24
]
_MONTH_RANGE = re.compile(
    r"(?P<m1>[a-z]{3})[a-z]* ?[-–] ?(?P<m2>[a-z]{3})[a-z]* ?'?(?P<y>\d{4}|\d{2})"
)
# Where a fiscal label says which year it ends in: FY 2023-24, FY23-24 · FY24, FY2024 · 2024FY.
_FISCAL_END = [
    re.compile(r"fy ?'?(?:\d{4}|\d{2}) ?[-–/] ?'?(\d{4}|\d{2})(?!\d)"),
    re.compile(r"fy ?'?(\d{4}|\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4}|\d{2}) ?fy"),
]

FIRST_YEAR, LAST_YEAR = 1990, 2100


class PeriodError(ValueError):
    """A period spelling we cannot read; the message says what would be accepted."""


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    year: int
    quarter: int  # the part: 1-4 a quarter, 5 = H1, 6 = H2, 0 = the full year

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise PeriodError(f"year {self.year} is outside {FIRST_YEAR}-{LAST_YEAR}")
        if not 0 <= self.quarter <= H2:
            raise PeriodError(f"quarter {self.quarter} does not exist (quarters are Q1-Q4)")

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        """H1 (half=1) or H2 (half=2) of a year."""
        return cls(year, H1 + half - 1)

    @classmethod
    def full_year(cls, year: int) -> Period:
        return cls(year, FULL_YEAR)

    @classmethod
    def parse(cls, text: str) -> Period:
        raw = str(text)
        norm = re.sub(r"\s+", " ", raw.replace("\u2019", "'").strip().lower())
        if not norm:
            raise PeriodError("the quarter is empty")
        if "fy" in norm:
            raise PeriodError(_fiscal_message(raw, norm))
        for pattern in _QUARTER_PATTERNS:
            if m := pattern.fullmatch(norm):
                return cls(_full_year(m["y"]), _quarter_number(m["q"], raw))
        for pattern in _HALF_PATTERNS:
            if m := pattern.fullmatch(norm):
                return cls.half_year(_full_year(m["y"]), _half_number(m["h"], raw))
        if m := _MONTH_RANGE.fullmatch(norm):
            return cls(_full_year(m["y"]), _part_from_months(m["m1"], m["m2"], raw))
        for pattern in _YEAR_PATTERNS:
            if m := pattern.fullmatch(norm):
                return cls.full_year(_full_year(m["y"]))
        raise PeriodError(
            f"'{raw}' is not a quarter; use 2022Q4 (also accepted: Q4 2022, Q4-2022, 2022-Q4, "
            "4Q22, Oct-Dec 2022), a half-year such as 2023H1 or a year such as 2022"
        )

    @classmethod
    def from_key(cls, key: int) -> Period:
        return cls(key // 10, key % 10)

    @property
    def key(self) -> int:
        return self.year * 10 + self.quarter

    @property
    def is_quarter(self) -> bool:
        return 1 <= self.quarter <= 4

    @property
    def is_half_year(self) -> bool:
        return self.quarter in (H1, H2)

    @property
    def is_full_year(self) -> bool:
        return self.quarter == FULL_YEAR

    @property
    def kind(self) -> str:
        """'quarter', 'half-year' or 'year', for sentences."""
        return "quarter" if self.is_quarter else "half-year" if self.is_half_year else "year"

    @property
    def code(self) -> str:
        """The canonical form used in URLs, the API and files: 2022Q4, 2023H1 or 2022."""
        if self.is_full_year:
            return str(self.year)
        if self.is_half_year:
            return f"{self.year}H{self.quarter - H1 + 1}"
        return f"{self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        """The human form used on pages and charts: Q4 2022, H1 2023 or 2022."""
        if self.is_full_year:
            return str(self.year)
        if self.is_half_year:
            return f"H{self.quarter - H1 + 1} {self.year}"
        return f"Q{self.quarter} {self.year}"

    def shift(self, steps: int) -> Period:
        """The period `steps` periods of the same kind later (earlier if negative)."""
        if self.is_full_year:
            return Period(self.year + steps, FULL_YEAR)
        if self.is_half_year:
            index = self.year * 2 + self.quarter - H1 + steps
            return Period(index // 2, index % 2 + H1)
        index = self.year * 4 + self.quarter - 1 + steps
        return Period(index // 4, index % 4 + 1)

    def previous(self) -> Period:
        """The period of the same kind just before: 2022Q4 for 2023Q1, 2022H2 for 2023H1."""
        return self.shift(-1)

    def year_ago(self) -> Period:
        return Period(self.year - 1, self.quarter)

    def quarters_of_year(self) -> list[Period]:
        return [Period(self.year, q) for q in range(1, 5)]

    def quarters(self) -> list[Period]:
        """The quarters this period covers: itself, two for a half-year, four for a year."""
        if self.is_quarter:
            return [self]
        if self.is_half_year:
            first = 1 if self.quarter == H1 else 3
            return [Period(self.year, first), Period(self.year, first + 1)]
        return self.quarters_of_year()

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
    """Every quarter from start to end inclusive (a half-year or year counts by its
    quarters: 2023H1 starts at 2023Q1)."""
    out, current, last = [], start.quarters()[0], end.quarters()[-1]
    while current <= last:
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


def _half_number(text: str, raw: str) -> int:
    h = int(text)
    if not 1 <= h <= 2:
        raise PeriodError(f"'{raw}': half {h} does not exist (half-years are H1 and H2)")
    return h


def _part_from_months(first: str, last: str, raw: str) -> int:
    """Oct-Dec → Q4, Jan-Jun → H1, Jul-Dec → H2, Jan-Dec → the full year."""
    start, end = _MONTHS.get(first), _MONTHS.get(last)
    if start is not None and end is not None:
        if start % 3 == 1 and end == start + 2:
            return (start + 2) // 3
        if start in (1, 7) and end == start + 5:
            return H1 if start == 1 else H2
        if (start, end) == (1, 12):
            return FULL_YEAR
    raise PeriodError(
        f"'{raw}' is not a calendar quarter or half-year (e.g. Oct-Dec 2022, Jan-Jun 2023)"
    )


def _fiscal_message(raw: str, norm: str) -> str:
    """Name the calendar periods an Indian fiscal year (April-March) spans, when we can tell
    which year it is; never guess which the tracker meant."""
    found = next((m for pattern in _FISCAL_END if (m := pattern.search(norm))), None)
    if found:
        end = _full_year(found[1])
        if FIRST_YEAR < end <= LAST_YEAR:
            return (
                f"'{raw}' is an Indian fiscal-year label (April–March), which is ambiguous "
                f"here; write the calendar quarters ({end - 1}Q2 … {end}Q1), a half-year "
                f"such as {end}H1, or a calendar year such as {end}"
            )
    return (
        f"'{raw}' is an Indian fiscal-year label (April–March), which is ambiguous here; "
        "write the calendar quarters (e.g. 2022Q4), a half-year such as 2024H1, or a calendar "
        "year such as 2024"
    )


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
