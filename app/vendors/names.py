"""How vendor names are matched: one folding rule for every spelling. Pure: no database."""

from __future__ import annotations

import unicodedata


def alias_key(name: str) -> str:
    """The form vendor names are matched on: NFKC, casefolded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())
