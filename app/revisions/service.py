"""Revisions: history, and rollback (itself a new revision, so it can be undone)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models import Revision, User
from app.revisions import store


def history(session: Session, *, limit: int = 100) -> list[Revision]:
    return list(session.scalars(select(Revision).order_by(Revision.id.desc()).limit(limit)))


def get(session: Session, revision_id: int) -> Revision:
    revision = session.get(Revision, revision_id)
    if revision is None:
        raise NotFound(f"revision r{revision_id} does not exist")
    return revision


def rollback(session: Session, to_revision: int, *, user: User | None = None) -> Revision | None:
    """Make the current data equal to the data as of `to_revision`. None if it already is."""
    store.lock_writes(session)
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
    store.write(session, revision, upserts, removals)
    return revision
