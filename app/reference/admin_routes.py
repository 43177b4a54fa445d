"""Admin pages for reference data: trackers (with notes), markets and categories. Admins only.

A refused edit shows its form again, as typed, with the message beside the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app.accounts.deps import AdminDep, AdminFormDep, SignedIn, record_action
from app.db import SessionDep
from app.models import Category, Market
from app.reference import edits, notes
from app.reference.edits import NamedForm, TrackerForm
from app.reference.fields import InvalidField
from app.reference.notes import NoteForm
from app.reference.params import NamedFormDep, NoteFormDep, TrackerFormDep
from app.vendors.service import all_vendors
from app.web import render

router = APIRouter(prefix="/admin", include_in_schema=False)


def _go(request: Request, name: str, **params: str) -> Response:
    return RedirectResponse(str(request.app.url_path_for(name, **params)), status_code=303)


def _status(error: InvalidField | None) -> int:
    return error.status_code if error else 200


# Trackers


@router.get("/sources", response_class=HTMLResponse)
def tracker_list(request: Request, session: SessionDep, admin: AdminDep) -> HTMLResponse:
    return _trackers(request, session, admin, TrackerForm("", ""))


@router.post("/sources", response_class=HTMLResponse)
def tracker_create(
    request: Request, session: SessionDep, admin: AdminFormDep, form: TrackerFormDep
) -> Response:
    try:
        source, changes = edits.save_tracker(session, form)
    except InvalidField as error:
        return _trackers(request, session, admin, form, error)
    record_action(request, session, admin.user, "source.create", _detail(source.slug, changes))
    session.commit()
    return _go(request, "tracker_edit", slug=source.slug)


def _trackers(
    request: Request,
    session: Session,
    admin: SignedIn,
    form: TrackerForm,
    error: InvalidField | None = None,
) -> HTMLResponse:
    return render(
        request,
        "admin/sources.html",
        status_code=_status(error),
        admin=admin,
        sources=edits.listed(session),
        form=form,
        error=error,
    )


@router.get("/sources/{slug}", response_class=HTMLResponse)
def tracker_edit(request: Request, session: SessionDep, admin: AdminDep, slug: str) -> HTMLResponse:
    source = edits.get_tracker(session, slug)
    return _tracker(request, session, admin, edits.tracker_form(source))


@router.post("/sources/{slug}", response_class=HTMLResponse)
def tracker_save(
    request: Request, session: SessionDep, admin: AdminFormDep, slug: str, form: TrackerFormDep
) -> Response:
    source = edits.get_tracker(session, slug)
    try:
        changes = edits.save_tracker(session, form, source)[1]
    except InvalidField as error:
        return _tracker(request, session, admin, form, error=error)
    record_action(request, session, admin.user, "source.edit", _detail(slug, changes))
    session.commit()
    return _go(request, "tracker_list")


@router.post("/sources/{slug}/notes", response_class=HTMLResponse)
def tracker_note_add(
    request: Request, session: SessionDep, admin: AdminFormDep, slug: str, note: NoteFormDep
) -> Response:
    source = edits.get_tracker(session, slug)
    try:
        added = notes.add_note(session, source, note)
    except InvalidField as error:
        form = edits.tracker_form(source)
        return _tracker(request, session, admin, form, note=note, note_error=error)
    record_action(request, session, admin.user, "source.note.add", f"{slug}: {added.text[:200]}")
    session.commit()
    return _go(request, "tracker_edit", slug=slug)


@router.post("/sources/{slug}/notes/{note_id}/delete")
def tracker_note_delete(
    request: Request, session: SessionDep, admin: AdminFormDep, slug: str, note_id: int
) -> Response:
    removed = notes.delete_note(session, edits.get_tracker(session, slug), note_id)
    record_action(
        request, session, admin.user, "source.note.delete", f"{slug}: {removed.text[:200]}"
    )
    session.commit()
    return _go(request, "tracker_edit", slug=slug)


def _tracker(
    request: Request,
    session: Session,
    admin: SignedIn,
    form: TrackerForm,
    *,
    error: InvalidField | None = None,
    note: NoteForm | None = None,
    note_error: InvalidField | None = None,
) -> HTMLResponse:
    source = edits.get_tracker(session, request.path_params["slug"])
    return render(
        request,
        "admin/source_edit.html",
        status_code=_status(error or note_error),
        admin=admin,
        source=source,
        sources=edits.listed(session),
        form=form,
        error=error,
        notes=[(n, notes.describe(n)) for n in notes.dated(source.notes)],
        note=note or NoteForm(""),
        note_error=note_error,
        vendors=all_vendors(session),
        categories=edits.listed_named(session, Category),
    )


# Markets and categories: the same pages, one kind each.


@dataclass(frozen=True)
class Kind:
    name: str  # names the routes too: market_list, market_edit, ...
    model: type[Market] | type[Category]
    title: str


MARKETS, CATEGORIES = Kind("market", Market, "Markets"), Kind("category", Category, "Categories")


@router.get("/markets", response_class=HTMLResponse)
def market_list(request: Request, session: SessionDep, admin: AdminDep) -> HTMLResponse:
    return _named_list(request, session, admin, MARKETS, NamedForm("", ""))


@router.post("/markets", response_class=HTMLResponse)
def market_create(
    request: Request, session: SessionDep, admin: AdminFormDep, form: NamedFormDep
) -> Response:
    return _named_save(request, session, admin, MARKETS, form, None)


@router.get("/markets/{slug}", response_class=HTMLResponse)
def market_edit(request: Request, session: SessionDep, admin: AdminDep, slug: str) -> HTMLResponse:
    entity = edits.get_named(session, Market, slug)
    return _named_page(request, session, admin, MARKETS, edits.named_form(entity))


@router.post("/markets/{slug}", response_class=HTMLResponse)
def market_save(
    request: Request, session: SessionDep, admin: AdminFormDep, slug: str, form: NamedFormDep
) -> Response:
    return _named_save(request, session, admin, MARKETS, form, slug)


@router.get("/categories", response_class=HTMLResponse)
def category_list(request: Request, session: SessionDep, admin: AdminDep) -> HTMLResponse:
    return _named_list(request, session, admin, CATEGORIES, NamedForm("", ""))


@router.post("/categories", response_class=HTMLResponse)
def category_create(
    request: Request, session: SessionDep, admin: AdminFormDep, form: NamedFormDep
) -> Response:
    return _named_save(request, session, admin, CATEGORIES, form, None)


@router.get("/categories/{slug}", response_class=HTMLResponse)
def category_edit(
    request: Request, session: SessionDep, admin: AdminDep, slug: str
) -> HTMLResponse:
    entity = edits.get_named(session, Category, slug)
    return _named_page(request, session, admin, CATEGORIES, edits.named_form(entity))


@router.post("/categories/{slug}", response_class=HTMLResponse)
def category_save(
    request: Request, session: SessionDep, admin: AdminFormDep, slug: str, form: NamedFormDep
) -> Response:
    return _named_save(request, session, admin, CATEGORIES, form, slug)


def _named_save(
    request: Request,
    session: Session,
    admin: SignedIn,
    kind: Kind,
    form: NamedForm,
    slug: str | None,
) -> Response:
    entity = edits.get_named(session, kind.model, slug) if slug else None
    try:
        saved, changes = edits.save_named(session, kind.model, form, entity)
    except InvalidField as error:
        if entity is None:
            return _named_list(request, session, admin, kind, form, error)
        return _named_page(request, session, admin, kind, form, error)
    action = f"{kind.name}.{'edit' if entity else 'create'}"
    record_action(request, session, admin.user, action, _detail(saved.slug, changes))
    session.commit()
    return _go(request, f"{kind.name}_list")


def _named_list(
    request: Request,
    session: Session,
    admin: SignedIn,
    kind: Kind,
    form: NamedForm,
    error: InvalidField | None = None,
) -> HTMLResponse:
    return render(
        request,
        "admin/named.html",
        status_code=_status(error),
        admin=admin,
        kind=kind,
        rows=edits.listed_named(session, kind.model),
        categories=edits.listed_named(session, Category),
        form=form,
        error=error,
    )


def _named_page(
    request: Request,
    session: Session,
    admin: SignedIn,
    kind: Kind,
    form: NamedForm,
    error: InvalidField | None = None,
) -> HTMLResponse:
    return render(
        request,
        "admin/named_edit.html",
        status_code=_status(error),
        admin=admin,
        kind=kind,
        entity=edits.get_named(session, kind.model, request.path_params["slug"]),
        categories=edits.listed_named(session, Category),
        form=form,
        error=error,
    )


def _detail(slug: str, changes: list[str]) -> str:
    return f"{slug}: " + ("; ".join(changes) or "no change")
