"""One base error with a status; raised deep, turned into JSON or a page by one handler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an uploaded file, located the way a spreadsheet user looks for it."""

    message: str
    row: int | None = None  # the file's own line/row number, 1 = first line
    column: str | None = None  # the header as written in the file
    rows: tuple[int, ...] = ()  # every row with the same problem, when it repeats

    @property
    def where_rows(self) -> str:
        """The rows, as a person reads them: '7' or '3, 4, 5 and 15 more'."""
        if not self.rows:
            return "" if self.row is None else str(self.row)
        shown = ", ".join(str(r) for r in self.rows[:3])
        more = len(self.rows) - 3
        return f"{shown} and {more} more" if more > 0 else shown

    def __str__(self) -> str:
        rows = f"rows {self.where_rows}" if self.rows else ""
        where = ", ".join(
            part
            for part in (
                rows or (f"row {self.row}" if self.row is not None else ""),
                f"column '{self.column}'" if self.column else "",
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {"row": self.row, "column": self.column, "message": self.message}
        if self.rows:
            found["rows"] = list(self.rows)
        return found


REPEATS_GROUPED = 3  # the same problem on this many rows is said once, with its rows


def grouped(problems: list[Problem]) -> list[Problem]:
    """Problems in file order, those that repeat (same column, same message) said once:
    "unknown category 'smart_tv' (on 18 rows)" rather than 18 lines."""
    by_kind: dict[tuple[str | None, str], list[Problem]] = {}
    for problem in problems:
        by_kind.setdefault((problem.column, problem.message), []).append(problem)
    out: list[Problem] = []
    for (column, message), found in by_kind.items():
        rows = tuple(p.row for p in found if p.row is not None)
        if len(found) < REPEATS_GROUPED or len(rows) < len(found):
            out.extend(found)
            continue
        out.append(Problem(f"{message} (on {len(rows)} rows)", rows[0], column, rows))
    return sorted(out, key=lambda p: (p.row or 0, p.column or ""))


class AppError(Exception):
    status_code = 400

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class NotFound(AppError):
    status_code = 404


class InvalidQuery(AppError):
    status_code = 422


class Conflict(AppError):
    status_code = 409


class InvalidUpload(AppError):
    """A file that cannot be imported; carries every problem found, not just the first."""

    status_code = 422

    def __init__(self, problems: list[Problem], *, status_code: int | None = None) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid upload"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more, status_code=status_code)


class ErrorBody(BaseModel):
    """What every API error answers: a sentence, and for uploads each problem located."""

    error: str
    problems: list[dict[str, object]] | None = None


_DESCRIPTIONS = {
    400: "a malformed request (e.g. a NUL byte in the address)",
    401: "an API token is required, or the one given is unknown, revoked or expired",
    403: "not allowed",
    404: "unknown chart, tracker, vendor, quarter or revision (the message lists what exists)",
    409: "the data changed since the preview; review again",
    413: "the upload is too large",
    415: "not a CSV or XLSX file",
    422: "a parameter or the uploaded file is invalid (the message says where)",
    501: "not implemented (oEmbed: only format=json)",
    503: "temporarily unavailable; retry after the Retry-After delay",
}


def documented(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the error statuses a route can answer."""
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in codes}
