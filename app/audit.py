"""The audit log: one row per admin action, written in the same transaction as the action."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, User
from app.versions import CONTENT_EDITS, lock_writes


def record(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    actor: str | None = None,
    detail: str = "",
    ip: str | None = None,
) -> None:
    if action in CONTENT_EDITS:
        # The content version is the newest id: edits must get their ids in commit order,
        # or a later commit with a smaller id would not move it. Publishes take this lock too.
        lock_writes(session)
    session.add(
        AuditEntry(
            user_id=user.id if user else None,
            actor=(actor or (user.username if user else "anonymous"))[:100],
            action=action,
            detail=detail,
            ip=ip,
        )
    )
    session.flush()


def recent(session: Session, *, limit: int = 200) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
