"""What the chart page's controls offer: only choices the stored figures can draw.

A segment is offered where the chart's tracker states vendor figures in it, a basis where it
states them on that basis, and a kind of segment mix where some tracker states that kind's
shares of the market; anything else typed into the address still gets the nearest chart and
the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.charts.query import MODES, ChartQuery
from app.charts.service import segment_info
from app.observations import segments


@dataclass(frozen=True, slots=True)
class Choice:
    slug: str
    label: str  # "Premium (above ₹30,000)": the tracker's own edges


@dataclass(frozen=True, slots=True)
class Controls:
    segments: list[Choice]  # the whole category first; empty: no segment control
    bases: tuple[str, ...]  # ("units", "value") where both are stated; else no control
    kinds: tuple[str, ...]  # the segments chart: kinds of mix some tracker states


def controls(session: Session, q: ChartQuery) -> Controls:
    if q.chart_id == "segments":
        kinds = tuple(
            kind
            for kind in MODES["segments"]
            if segments.with_data(
                session, q.market, q.category, kind=kind, basis=q.basis, as_of=q.as_of
            )
        )
        return Controls([], (), kinds)
    if q.source is None or q.chart_id == "categories":
        return Controls([], (), ())
    stated = segments.vendor_choices(session, q.market, q.category, q.source, q.as_of)
    info = segment_info(session, q.source)
    choices = [Choice(c.slug, info[c.slug].label if c.slug in info else c.name) for c in stated]
    bases = next((c.bases for c in stated if c.slug == q.segment), ("units",))
    return Controls(
        choices if len(choices) > 1 else [],
        bases if len(bases) > 1 or q.basis not in bases else (),
        (),
    )
