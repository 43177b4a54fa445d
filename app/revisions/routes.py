"""Revision history, what each revision changed, and rollback."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts.deps import AdminFormDep, SignedInDep, record_action
from app.db import SessionDep
from app.revisions import service
from app.revisions.store import latest_revision_id
from app.web import render

router = APIRouter(prefix="/admin/revisions", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def revision_history(request: Request, session: SessionDep, admin: SignedInDep) -> HTMLResponse:
    return render(
        request, "admin/revisions.html", admin=admin, revisions=service.history(session, limit=500)
    )


@router.get("/{revision_id}", response_class=HTMLResponse)
def revision_detail(
    request: Request, session: SessionDep, admin: SignedInDep, revision_id: int
) -> HTMLResponse:
    revision = service.get(session, revision_id)
    return render(
        request,
        "admin/revision.html",
        admin=admin,
        revision=revision,
        user=revision.user,
        changes=service.changes(session, revision_id),
        latest=latest_revision_id(session),
    )


@router.post("/{revision_id}/rollback")
def revision_rollback(
    request: Request, session: SessionDep, admin: AdminFormDep, revision_id: int
) -> Response:
    revision = service.rollback(session, revision_id, user=admin.user)
    record_action(
        request,
        session,
        admin.user,
        "rollback",
        f"to r{revision_id}: " + (revision.summary if revision else "no change"),
    )
    session.commit()
    return RedirectResponse(
        f"/admin/revisions/{revision.id if revision else revision_id}", status_code=303
    )
