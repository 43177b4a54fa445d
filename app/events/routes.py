"""SignedIn pages for events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app.accounts.deps import SignedIn, SignedInDep, SignedInFormDep, record_action
from app.db import SessionDep
from app.events import service
from app.models import Event
from app.vendors.service import all_vendors
from app.web import render

router = APIRouter(prefix="/admin/events", include_in_schema=False)
Field = Annotated[str, Form(max_length=4000)]


@router.get("", response_class=HTMLResponse)
def event_list(request: Request, session: SessionDep, admin: SignedInDep) -> HTMLResponse:
    return _page(request, session, admin, None)


@router.get("/{event_id}", response_class=HTMLResponse)
def event_edit(
    request: Request, session: SessionDep, admin: SignedInDep, event_id: int
) -> HTMLResponse:
    return _page(request, session, admin, service.get(session, event_id))


def _page(request: Request, session: Session, admin: SignedIn, event: Event | None) -> HTMLResponse:
    """The event list, with the form empty (a new event) or filled in (an edit)."""
    return render(
        request,
        "admin/events.html",
        admin=admin,
        events=service.all_events(session),
        vendors=all_vendors(session),
        event=event,
    )


@router.post("")
@router.post("/{event_id}")
def event_save(
    request: Request,
    session: SessionDep,
    admin: SignedInFormDep,
    event_id: int | None = None,
    happened_on: Field = "",
    quarter: Field = "",
    vendor: Field = "",
    title: Field = "",
    body: Field = "",
    source_url: Field = "",
) -> Response:
    existing = service.get(session, event_id) if event_id else None
    event = service.save(
        session, service.EventInput(happened_on, quarter, vendor, title, body, source_url), existing
    )
    action = "event.edit" if existing else "event.create"
    record_action(request, session, admin.user, action, f"#{event.id} {event.title}")
    session.commit()
    return RedirectResponse("/admin/events", status_code=303)


@router.post("/{event_id}/delete")
def event_delete(
    request: Request, session: SessionDep, admin: SignedInFormDep, event_id: int
) -> Response:
    event = service.get(session, event_id)
    record_action(request, session, admin.user, "event.delete", f"#{event.id} {event.title}")
    session.delete(event)
    session.commit()
    return RedirectResponse("/admin/events", status_code=303)
