"""Rank and share changes in words: "Samsung overtook Xiaomi to take first place in Q4 2022".

Every sentence is a message template with the same slots in each language (vendors, ranks as
ordinal words, quarters), so English and Hindi say the same thing. Pure: works on derived
points of one slice (one tracker, market and category).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from app.derive import Point
from app.i18n import N_
from app.i18n import gettext as _
from app.periods import Period

ORDINALS = [
    "",
    N_("first"),
    N_("second"),
    N_("third"),
    N_("fourth"),
    N_("fifth"),
    N_("sixth"),
    N_("seventh"),
    N_("eighth"),
    N_("ninth"),
    N_("tenth"),
]


# A fall is told only for a vendor that was in the top five; nobody else can appear in a
# shift, so callers may leave the others out.
WATCHED = 5


def ordinal(rank: int) -> str:
    return _(ORDINALS[rank]) if rank < len(ORDINALS) else _("{rank}th").format(rank=rank)


@dataclass(frozen=True, slots=True)
class Shift:
    period: Period
    vendor: str
    kind: str  # "lead" (took first place) | "fall" (lost two or more places)
    old_rank: int
    new_rank: int
    sentence: str
    score: int
    title: str = ""  # the shortest telling form, for a chart title

    @property
    def lead_clause(self) -> str:
        return self.sentence.split(";")[0]


def shifts(points: list[Point]) -> list[Shift]:
    """Leadership changes and big falls from one quarter to the next, newest first (stated
    half-years and years are not steps in the sequence)."""
    ranks: dict[Period, dict[str, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    for point in points:
        if point.rank is not None and point.period.is_quarter and not point.is_residual:
            ranks[point.period][point.vendor] = point.rank
            names[point.vendor] = point.vendor_name
    periods = sorted(ranks)
    found: list[Shift] = []
    for before, now in pairwise(periods):
        old, new = ranks[before], ranks[now]
        was_first, is_first = _leader(old), _leader(new)
        dethroned = None
        if was_first and is_first and was_first != is_first and was_first in new:
            dethroned = was_first
            found.append(_lead_change(ranks, periods, names, now, is_first, was_first))
        for vendor in sorted(old.keys() & new.keys() - {dethroned}):
            lost = new[vendor] - old[vendor]
            if lost >= 2 and old[vendor] <= WATCHED:
                sentence = _("{vendor} fell from {old} to {new} in {period}").format(
                    vendor=names[vendor],
                    old=ordinal(old[vendor]),
                    new=ordinal(new[vendor]),
                    period=now.label,
                )
                found.append(
                    Shift(now, vendor, "fall", old[vendor], new[vendor], sentence, lost, sentence)
                )
    return sorted(found, key=lambda s: (s.period, s.score), reverse=True)


def _lead_change(
    ranks: dict[Period, dict[str, int]],
    periods: list[Period],
    names: dict[str, str],
    now: Period,
    leader: str,
    fallen: str,
) -> Shift:
    new_rank = ranks[now][fallen]
    sentence = _("{leader} overtook {fallen} to take first place in {period}").format(
        leader=names[leader], fallen=names[fallen], period=now.label
    )
    title, score = sentence, 10 + new_rank - 1
    if new_rank > 2:
        title = _("{fallen} fell to {rank} in {period} as {leader} took first place").format(
            fallen=names[fallen], rank=ordinal(new_rank), period=now.label, leader=names[leader]
        )
        since, record = _lowest_since(ranks, periods, fallen, now, new_rank)
        # After the semicolon: lead_clause is the sentence up to it, in either language.
        sentence += "; " + _("{fallen} fell to {rank}, {since}").format(
            fallen=names[fallen], rank=ordinal(new_rank), since=since
        )
        score += 3 if record else 0  # a fall to a new low is the bigger story
    previous = periods[periods.index(now) - 1]
    return Shift(now, leader, "lead", ranks[previous].get(leader, 0), 1, sentence, score, title)


def headline(found: list[Shift]) -> Shift | None:
    """The most telling shift: the biggest fall of a leader, the most recent among equals."""
    return max(found, key=lambda s: (s.score, s.period), default=None)


def _leader(ranks: dict[str, int]) -> str | None:
    leaders = [vendor for vendor, rank in ranks.items() if rank == 1]
    return leaders[0] if len(leaders) == 1 else None


def _lowest_since(
    ranks: dict[Period, dict[str, int]], periods: list[Period], vendor: str, now: Period, rank: int
) -> tuple[str, bool]:
    """How unusual a rank is for a vendor, and whether it is a new low for this tracker."""
    earlier = [p for p in periods if p < now and vendor in ranks[p]]
    as_low = [p for p in earlier if ranks[p][vendor] >= rank]
    if as_low:
        return _("its lowest rank since {period}").format(period=as_low[-1].label), False
    return _("its lowest rank in this tracker's data (from {period})").format(
        period=earlier[0].label
    ), True
