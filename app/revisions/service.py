"""Revisions: history, and rollback (itself a new revision, so it can be undone)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import versions
from app.errors import NotFound
from app.models import Category, Market, Revision, Source, User, Vendor
from app.periods import Period
from app.revisions import derived, store
from app.revisions.store import FigureValues


def history(session: Session, *, limit: int | None = 100) -> list[Revision]:
    """The newest revisions first; limit None: every one."""
    return list(session.scalars(select(Revision).order_by(Revision.id.desc()).limit(limit)))


def listed(session: Session, *, limit: int | None = 100) -> list[dict[str, object]]:
    """The revision list of the API (the newest first)."""
    return [
        {
            "revision": r.id,
            "kind": r.kind,
            "created_at": r.created_at.isoformat(),
            "file_name": r.file_name,
            "summary": r.summary,
            "rows_added": r.rows_added,
            "rows_changed": r.rows_changed,
            "rows_removed": r.rows_removed,
            "rolled_back_to": r.rolled_back_to,
        }
        for r in history(session, limit=limit)
    ]


def get(session: Session, revision_id: int) -> Revision:
    revision = session.get(Revision, revision_id)
    if revision is None:
        raise NotFound(f"revision r{revision_id} does not exist")
    return revision


def rollback(session: Session, to_revision: int, *, user: User | None = None) -> Revision | None:
    """Make the current data equal to the data as of `to_revision`. None if it already is."""
    versions.lock_writes(session)
    target = get(session, to_revision)
    wanted = store.read(session, as_of=target.id)
    current = store.read(session)
    upserts = {key: values for key, values in wanted.items() if current.get(key) != values}
    removals = [key for key in current if key not in wanted]
    if not upserts and not removals:
        return None
    revision = Revision(
        kind="rollback",
        user_id=user.id if user else None,
        rolled_back_to=target.id,
        summary=f"rollback to r{target.id}: {len(upserts)} restored, {len(removals)} removed",
        rows_changed=len(upserts),
        rows_removed=len(removals),
    )
    session.add(revision)
    session.flush()
    derived.refresh(session, revision.id, store.write(session, revision, upserts, removals))
    return revision


@dataclass(frozen=True, slots=True)
class Change:
    source: str
    market: str
    category: str
    vendor: str  # display name, or "TOTAL"
    period: Period
    old: FigureValues | None
    new: FigureValues | None  # None: removed by a rollback


def changes(session: Session, revision_id: int) -> list[Change]:
    """What one revision wrote: every figure it added, changed or removed."""
    get(session, revision_id)
    names = {
        model: dict(session.execute(select(model.id, model.slug)).all())
        for model in (Source, Market, Category)
    }
    vendor_names = dict(session.execute(select(Vendor.id, Vendor.name)).all())
    before = store.read_closed_by(session, revision_id)
    after = store.read_written_by(session, revision_id)
    out = []
    for key in sorted(
        before.keys() | after.keys(), key=lambda k: (k.period, k.source_id, k.vendor_id or 0)
    ):
        out.append(
            Change(
                names[Source][key.source_id],
                names[Market][key.market_id],
                names[Category][key.category_id],
                vendor_names.get(key.vendor_id, "?") if key.vendor_id else "TOTAL",
                Period.from_key(key.period),
                before.get(key),
                after.get(key),
            )
        )
    return out
