"""How vendor names are matched: one folding rule for every spelling, and the index of known
names an import resolves against. Pure: no database."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def alias_key(name: str) -> str:
    """The form vendor names are matched on: NFKC, casefolded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True, slots=True)
class Reference:
    """What the importer may refer to: known slugs and the vendor alias index."""

    sources: frozenset[str]
    markets: frozenset[str]
    categories: frozenset[str]
    vendor_by_alias: dict[str, str]  # alias_key -> vendor slug
    vendor_names: dict[str, str]  # slug -> display name
