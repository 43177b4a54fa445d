"""How tracker, market and category spellings are matched: as tolerant as a person reading
a file, and no more. Pure: no database.

`smart_tv`, `Smart TVs` and `smart-tvs` are one category; `smartwatch` is `smartwatches`;
`Counterpoint` is not `Counterpoint Research` unless an alias says so, and `Canalis` is never
`Canalys` (that is a suggestion for a message, not a match).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.vendors.names import alias_key

# Underscores, hyphens, dots and any whitespace all separate words the same way.
_SEPARATORS = re.compile(r"[\s_.\-\u2010-\u2015]+")
_ES_PLURAL = ("ches", "shes", "sses", "xes", "zes")


def singular(word: str) -> str:
    """The word without an English plural ending: tvs -> tv, watches -> watch. Applied to
    both sides of a comparison, so an odd result (canalys -> canaly) never matters."""
    if len(word) <= 2 or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(_ES_PLURAL):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def match_key(text: str) -> str:
    """The form spellings are compared in: alias_key (NFKC, casefolded), separators as one
    space, every word singular."""
    words = _SEPARATORS.sub(" ", alias_key(text)).split()
    return " ".join(singular(w) for w in words)


def suggest(text: str, known: Mapping[str, str] | Iterable[str]) -> str | None:
    """The closest known slug, for a message ("did you mean 'canalys'?"); None when nothing
    is close. `known` maps spellings (slugs, names, aliases) to slugs, or lists slugs."""
    spellings = known if isinstance(known, Mapping) else {slug: slug for slug in known}
    by_key: dict[str, str] = {}
    for spelling, slug in spellings.items():
        by_key.setdefault(match_key(spelling), slug)
    close = difflib.get_close_matches(match_key(text), list(by_key), n=1, cutoff=0.6)
    return by_key[close[0]] if close else None


# Words that say what kind of segment a name is, tried in this order.
_SEGMENT_WORDS = (
    ("technology", ("5g", "4g", "lte", "ai")),
    ("channel", ("online", "offline", "retail", "e commerce", "ecommerce")),
    ("form-factor", ("foldable", "fold", "flip")),
    ("price-band", ("premium", "budget", "entry", "mid", "affordable", "mass", "value", "price")),
)


def guess_segment_kind(name: str) -> str:
    """price-band for "Premium (>₹30k)" or "₹10k–20k", technology for "5G", channel for
    "Online", form-factor for "Foldable"; "other" when nothing says (an admin sets it)."""
    key = match_key(name)
    words = set(key.split())
    for kind, hints in _SEGMENT_WORDS:
        if any((hint in words) if " " not in hint else (hint in key) for hint in hints):
            return kind
    return "price-band" if re.search(r"[₹$]|\binr\b|\busd\b|\brs\b|\d+ ?k\b", key) else "other"


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Every spelling of one kind (trackers, markets or categories), by match key."""

    by_key: Mapping[str, str]  # match_key -> slug
    spellings: Mapping[str, str]  # each slug, name and alias as written -> slug

    def resolve(self, text: str) -> str | None:
        return self.by_key.get(match_key(text))

    @property
    def slugs(self) -> frozenset[str]:
        return frozenset(self.spellings.values())

    def suggest(self, text: str) -> str | None:
        return suggest(text, self.spellings)


def name_index(entries: Iterable[tuple[str, str, Iterable[str]]]) -> NameIndex:
    """An index of (slug, name, aliases) entries. Slugs win over names and names over
    aliases when two entries share a key (edits refuse that; old data may still hold it)."""
    rows = [((slug,), (name,), tuple(aliases)) for slug, name, aliases in entries]
    by_key: dict[str, str] = {}
    spellings: dict[str, str] = {}
    for rank in range(3):
        for row in rows:
            slug = row[0][0]
            for spelling in row[rank]:
                by_key.setdefault(match_key(spelling), slug)
                spellings.setdefault(spelling, slug)
    return NameIndex(by_key, spellings)


def slugs_only(slugs: Iterable[str]) -> NameIndex:
    """An index that knows slugs and nothing else (tests, and tools without a database)."""
    return name_index((slug, slug, ()) for slug in slugs)


@dataclass(frozen=True, slots=True)
class Reference:
    """What an import may refer to: every spelling of the trackers, markets and categories,
    and the vendor alias index."""

    sources: NameIndex
    markets: NameIndex
    categories: NameIndex
    segments: NameIndex
    vendor_by_alias: dict[str, str]  # alias_key -> vendor slug
    vendor_names: dict[str, str]  # slug -> display name
    segment_kinds: Mapping[str, str]  # slug -> price-band, technology, channel, ...

    def names(self, kind: str) -> NameIndex:
        """ "source", "market", "category" or "segment"."""
        index: NameIndex = getattr(self, KIND_FIELDS[kind])
        return index


KIND_FIELDS = {
    "source": "sources",
    "market": "markets",
    "category": "categories",
    "segment": "segments",
}
