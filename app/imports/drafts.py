"""Uploaded files waiting in preview, kept server-side until published or discarded."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import TypedDict

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models import ImportDraft, User, utcnow

KEEP_FOR = timedelta(days=7)


def create(
    session: Session,
    user: User,
    file_name: str,
    data: bytes,
    defaults: dict[str, str],
    *,
    clear_blanks: bool = False,
) -> ImportDraft:
    # Abandoned drafts expire; a draft holds at most one upload's bytes.
    # Not synchronised with the session: SQLite hands back naive times, which Python cannot
    # compare with the aware cut-off in memory.
    session.execute(
        delete(ImportDraft)
        .where(ImportDraft.created_at < utcnow() - KEEP_FOR)
        .execution_options(synchronize_session=False)
    )
    draft = ImportDraft(
        token=secrets.token_urlsafe(32),
        user_id=user.id,
        file_name=file_name[:255],
        data=data,
        source=defaults.get("source"),
        market=defaults.get("market"),
        category=defaults.get("category"),
        vendor_choices="{}",
        clear_blanks=clear_blanks,
    )
    session.add(draft)
    session.flush()
    return draft


def get(session: Session, token: str) -> ImportDraft:
    draft = session.scalar(select(ImportDraft).where(ImportDraft.token == token))
    if draft is None:
        raise NotFound("this upload was published, discarded or has expired; upload the file again")
    return draft


def defaults(draft: ImportDraft) -> dict[str, str]:
    given = {"source": draft.source, "market": draft.market, "category": draft.category}
    return {k: v for k, v in given.items() if v}


class Options(TypedDict):
    """The choices made for a draft, as the import service takes them."""

    defaults: dict[str, str]
    choices: dict[str, dict[str, str]]
    clear_blanks: bool


def options(draft: ImportDraft) -> Options:
    return Options(
        defaults=defaults(draft),
        choices=choices(draft),
        clear_blanks=draft.clear_blanks,
    )


def choices(draft: ImportDraft) -> dict[str, dict[str, str]]:
    """kind -> {spelling as written -> chosen slug, or "" to create it}."""
    loaded = json.loads(draft.vendor_choices or "{}")
    if loaded and all(isinstance(v, str) for v in loaded.values()):
        loaded = {"vendor": loaded}  # drafts saved before trackers had choices
    return {
        str(kind): {str(k): str(v) for k, v in made.items()}
        for kind, made in loaded.items()
        if isinstance(made, dict)
    }


def set_choices(draft: ImportDraft, chosen: dict[str, dict[str, str]]) -> None:
    draft.vendor_choices = json.dumps(chosen, sort_keys=True)


def for_user(session: Session, user: User) -> list[ImportDraft]:
    return list(
        session.scalars(
            select(ImportDraft)
            .where(ImportDraft.user_id == user.id)
            .order_by(ImportDraft.created_at.desc())
        )
    )
