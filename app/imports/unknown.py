"""Spellings a file names that the database does not know: trackers, markets, categories (by
a tolerant match) and vendors (by alias), each said once per spelling with the rows that use
it and the closest known one. Pure."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.errors import Problem
from app.reference.names import Reference, match_key
from app.vendors.names import alias_key

KINDS = ("source", "market", "category", "segment", "vendor")
LABELS = {
    "source": "tracker",
    "market": "market",
    "category": "category",
    "segment": "segment",
    "vendor": "vendor",
}

# (kind, spelling as written) -> the file rows that use it
Spellings = Mapping[tuple[str, str], Sequence[int]]


def choice_key(kind: str, name: str) -> str:
    """How a spelling is matched for its kind: vendors by alias, the rest tolerantly."""
    return alias_key(name) if kind == "vendor" else match_key(name)


@dataclass(frozen=True, slots=True)
class Unknown:
    kind: str  # one of KINDS
    name: str  # as written in the file
    rows: tuple[int, ...]
    suggestion: str | None  # the closest known one, as a person would recognise it

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def unknown_of(spellings: Spellings, ref: Reference) -> tuple[list[Unknown], list[Problem]]:
    """Each unknown spelling with its suggestion, and the one problem that names it."""
    found = [
        Unknown(kind, name, tuple(lines), _suggest(kind, name, ref))
        for (kind, name), lines in spellings.items()
    ]
    problems = []
    for item in found:
        rows_note = f" (on {len(item.rows)} rows)" if len(item.rows) > 1 else ""
        if item.suggestion:
            hint = f"; did you mean '{item.suggestion}'?"
        elif item.kind != "vendor":
            hint = f"; known: {', '.join(sorted(ref.names(item.kind).slugs))}."
        else:
            hint = "."
        problems.append(
            Problem(
                f"unknown {item.label} '{item.name}'{rows_note}{hint} Map it to a known "
                f"{item.label} or create it",
                row=item.rows[0],
                column=item.kind,
                rows=item.rows if len(item.rows) > 1 else (),
            )
        )
    return found, problems


def _suggest(kind: str, name: str, ref: Reference) -> str | None:
    if kind != "vendor":
        return ref.names(kind).suggest(name)
    close = difflib.get_close_matches(alias_key(name), list(ref.vendor_by_alias), n=1, cutoff=0.6)
    return ref.vendor_names[ref.vendor_by_alias[close[0]]] if close else None
