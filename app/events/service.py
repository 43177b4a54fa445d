"""Events: dated notes drawn on charts and listed on vendor and quarter pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import AppError, NotFound
from app.models import Event, Market, Vendor
from app.periods import Period, PeriodError


@dataclass(frozen=True)
class EventInput:
    happened_on: str
    quarter: str
    vendor: str
    title: str
    body: str
    source_url: str


def all_events(session: Session) -> list[Event]:
    return list(session.scalars(select(Event).order_by(Event.happened_on.desc())))


def get(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"event {event_id} does not exist")
    return event


def save(session: Session, given: EventInput, event: Event | None = None) -> Event:
    try:
        happened = date.fromisoformat(given.happened_on.strip())
    except ValueError:
        raise AppError(f"date '{given.happened_on}' must be written 2023-01-20") from None
    try:
        period = (
            Period.parse(given.quarter)
            if given.quarter.strip()
            else Period(happened.year, (happened.month - 1) // 3 + 1)
        )
    except PeriodError as error:
        raise AppError(f"quarter: {error}") from None
    title = given.title.strip()
    if not title or len(title) > 120:
        raise AppError("the title must have 1 to 120 characters")
    if not re.fullmatch(r"https?://[^\s<>\"]+", given.source_url.strip()):
        raise AppError("the source URL must be an http(s) address")
    vendor_id = None
    if given.vendor:
        vendor_id = session.scalar(select(Vendor.id).where(Vendor.slug == given.vendor))
        if vendor_id is None:
            raise AppError(f"unknown vendor '{given.vendor}'")
    event = event or Event(
        market_id=session.scalar(select(Market.id).where(Market.slug == "india"))
    )
    event.happened_on, event.period, event.vendor_id = happened, period.key, vendor_id
    event.title, event.body, event.source_url = title, given.body.strip(), given.source_url.strip()
    session.add(event)
    session.flush()
    return event
