"""Rank and share changes in words: "Samsung overtook Xiaomi to take first place in Q4 2022".

Pure: works on derived points of one slice (one tracker, market and category).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.observations.derive import Point
from app.periods import Period

ORDINALS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth"]


def ordinal(rank: int) -> str:
    return ORDINALS[rank] if rank < len(ORDINALS) else f"{rank}th"


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
    """Leadership changes and big falls, newest first."""
    ranks: dict[Period, dict[str, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    for point in points:
        if point.rank is not None and not point.period.is_full_year and not point.is_residual:
            ranks[point.period][point.vendor] = point.rank
            names[point.vendor] = point.vendor_name
    periods = sorted(ranks)
    found: list[Shift] = []
    for before, now in zip(periods, periods[1:], strict=False):
        old, new = ranks[before], ranks[now]
        common = old.keys() & new.keys()
        leader_before = _leader(old)
        leader_now = _leader(new)
        lead_change = (leader_before and leader_now and leader_before != leader_now
                       and leader_before in new)
        if lead_change:
            fallen = leader_before
            sentence = f"{names[leader_now]} overtook {names[fallen]} to take first place in {now.label}"
            score = 10 + new[fallen] - 1
            title = sentence
            if new[fallen] > 2:
                title = (f"{names[fallen]} fell to {ordinal(new[fallen])} in {now.label} as "
                         f"{names[leader_now]} took first place")
                since, record = _lowest_since(ranks, periods, fallen, now, new[fallen])
                sentence += f"; {names[fallen]} fell to {ordinal(new[fallen])}, {since}"
                score += 3 if record else 0  # a fall to a new low is the bigger story
            found.append(Shift(now, leader_now, "lead", ranks[before].get(leader_now, 0), 1,
                               sentence, score, title))
        for vendor in sorted(common):
            if lead_change and vendor == leader_before:
                continue
            lost = new[vendor] - old[vendor]
            if lost >= 2 and old[vendor] <= 5:
                sentence = (f"{names[vendor]} fell from {ordinal(old[vendor])} to "
                            f"{ordinal(new[vendor])} in {now.label}")
                found.append(Shift(now, vendor, "fall", old[vendor], new[vendor], sentence, lost,
                                   sentence))
    return sorted(found, key=lambda s: (s.period, s.score), reverse=True)


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
        return f"its lowest rank since {as_low[-1].label}", False
    return f"its lowest rank in this tracker's data (from {earlier[0].label})", True
