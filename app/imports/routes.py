"""Uploads: the admin's upload → preview → publish flow, and the token API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select

from app.accounts.deps import ApiUserDep, SignedInDep, SignedInFormDep, record_action
from app.db import SessionDep
from app.errors import InvalidUpload, documented
from app.imports import drafts, report, service
from app.imports.files import MAX_UPLOAD_BYTES
from app.imports.unknown import KINDS, LABELS
from app.models import Category, Market, Source, Vendor
from app.revisions.store import latest_revision_id
from app.web import render

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["imports"])
Choice = Annotated[str, Form(max_length=40)]


def _known(session: SessionDep) -> dict[str, list[tuple[str, str]]]:
    """(slug, name) of every tracker, market and category, for the form's choices."""
    return {
        "source": [(s.slug, s.name) for s in session.scalars(select(Source).order_by(Source.name))],
        "market": [(m.slug, m.name) for m in session.scalars(select(Market).order_by(Market.name))],
        "category": [
            (c.slug, c.name) for c in session.scalars(select(Category).order_by(Category.id))
        ],
    }


async def _read_upload(upload: UploadFile | None, pasted: str) -> tuple[str, bytes]:
    if upload is not None and upload.filename:
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        return upload.filename, data
    return "pasted.csv", pasted.encode("utf-8")


@router.get("/admin/imports/new", response_class=HTMLResponse)
def new_import(request: Request, session: SessionDep, admin: SignedInDep) -> HTMLResponse:
    return render(
        request,
        "admin/import_new.html",
        admin=admin,
        known=_known(session),
        chosen={},
        problems=[],
        pasted="",
    )


@router.post("/admin/imports", response_class=HTMLResponse)
async def upload(
    request: Request,
    session: SessionDep,
    admin: SignedInFormDep,
    file: Annotated[UploadFile | None, File()] = None,
    pasted: Annotated[str, Form(max_length=1_000_000)] = "",
    source: Choice = "",
    market: Choice = "",
    category: Choice = "",
    clear_blanks: Annotated[bool, Form()] = False,
) -> Response:
    chosen = {
        k: v for k, v in (("source", source), ("market", market), ("category", category)) if v
    }
    name, data = await _read_upload(file, pasted)
    try:
        # A file that cannot even be read is refused here; row problems show in the preview.
        service.preview(session, data, name, defaults=chosen)
    except InvalidUpload as error:
        return render(
            request,
            "admin/import_new.html",
            status_code=error.status_code,
            admin=admin,
            known=_known(session),
            chosen={**chosen, "clear_blanks": clear_blanks},
            problems=error.problems,
            pasted=pasted,
        )
    draft = drafts.create(session, admin.user, name, data, chosen, clear_blanks=clear_blanks)
    record_action(request, session, admin.user, "upload", f"{name} ({len(data)} bytes)")
    session.commit()
    return RedirectResponse(f"/admin/imports/{draft.token}", status_code=303)


@router.get("/admin/imports/{token}", response_class=HTMLResponse)
def preview(
    request: Request,
    session: SessionDep,
    admin: SignedInDep,
    token: str,
    show: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    draft = drafts.get(session, token)
    result = service.preview(session, draft.data, draft.file_name, **drafts.options(draft))
    vendors = session.scalars(select(Vendor).order_by(Vendor.name)).all()
    known = {"vendor": [(v.slug, v.name) for v in vendors], **_known(session)}
    return render(
        request,
        "admin/import_preview.html",
        admin=admin,
        draft=draft,
        preview=result,
        show=show if show in service.CHANGE_KINDS else None,
        figure_names=report.FIGURE_NAMES,
        known=known,
        labels=LABELS,
        choices=drafts.choices(draft),
        status_code=422 if result.problems else 200,
    )


@router.post("/admin/imports/{token}/choices")
async def choose(
    request: Request, session: SessionDep, admin: SignedInFormDep, token: str
) -> Response:
    draft = drafts.get(session, token)
    form = await request.form()
    chosen: dict[str, dict[str, str]] = {}
    for key, value in form.multi_items():
        kind, _, name = key.partition(":")
        if kind in KINDS and name and isinstance(value, str) and value != "-":
            chosen.setdefault(kind, {})[name[:100]] = value[:60]
    drafts.set_choices(draft, chosen)
    session.commit()
    return RedirectResponse(f"/admin/imports/{token}", status_code=303)


@router.post("/admin/imports/{token}/publish")
def publish(
    request: Request,
    session: SessionDep,
    admin: SignedInFormDep,
    token: str,
    base_revision: Annotated[int, Form(ge=0)] = 0,
) -> Response:
    draft = drafts.get(session, token)
    result, revision = service.publish(
        session,
        draft.data,
        draft.file_name,
        base_revision=base_revision,
        user=admin.user,
        **drafts.options(draft),
    )
    outcome = f"r{revision.id}" if revision else "nothing changed"
    record_action(
        request,
        session,
        admin.user,
        "publish",
        f"{draft.file_name}: {result.summary()} → {outcome}",
    )
    session.delete(draft)
    session.commit()
    return RedirectResponse(
        f"/admin/revisions/{revision.id}" if revision else "/admin", status_code=303
    )


@router.post("/admin/imports/{token}/discard")
def discard(request: Request, session: SessionDep, admin: SignedInFormDep, token: str) -> Response:
    draft = drafts.get(session, token)
    record_action(request, session, admin.user, "discard", draft.file_name)
    session.delete(draft)
    session.commit()
    return RedirectResponse("/admin", status_code=303)


@api.post(
    "/imports",
    status_code=201,
    responses={
        200: {"description": "dry run, or nothing changed"},
        **documented(401, 409, 413, 415, 422, 503),
    },
)
async def api_import(
    request: Request,
    session: SessionDep,
    user: ApiUserDep,
    file: Annotated[UploadFile, File(description="CSV or XLSX, long or press-release layout")],
    dry_run: Annotated[bool, Query(description="return the preview; write nothing")] = False,
    source: Choice = "",
    market: Choice = "",
    category: Choice = "",
    create_vendors: Annotated[bool, Form()] = False,
    create_sources: Annotated[bool, Form()] = False,
    create_categories: Annotated[bool, Form()] = False,
    clear_blanks: Annotated[
        bool, Form(description="blank cells clear stated figures (default: they keep them)")
    ] = False,
) -> Response:
    """Upload figures with an API token. Publishes as one revision unless `dry_run=true`."""
    chosen = {
        k: v for k, v in (("source", source), ("market", market), ("category", category)) if v
    }
    name, data = await _read_upload(file, "")
    made = {"vendor": create_vendors, "source": create_sources, "category": create_categories}
    options = {
        "defaults": chosen,
        "create": {kind for kind, wanted in made.items() if wanted},
        "clear_blanks": clear_blanks,
    }
    if dry_run:
        result = service.preview(session, data, name, **options)  # type: ignore[arg-type]
        return JSONResponse(
            report.preview_json(result), status_code=422 if result.problems else 200
        )
    result, revision = service.publish(session, data, name, user=user, **options)  # type: ignore[arg-type]
    record_action(
        request,
        session,
        user,
        "publish",
        f"API {name}: {result.summary()} → r{revision.id if revision else '-'}",
    )
    session.commit()
    body = {
        **report.preview_json(result),
        "revision": revision.id if revision else None,
        "latest_revision": latest_revision_id(session),
    }
    return JSONResponse(body, status_code=201 if revision else 200)
