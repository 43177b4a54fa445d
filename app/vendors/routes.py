"""SignedIn pages for vendors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts.deps import SignedInDep, SignedInFormDep, record_action
from app.db import SessionDep
from app.vendors import service
from app.web import render

router = APIRouter(prefix="/admin/vendors", include_in_schema=False)
Field = Annotated[str, Form(max_length=2000)]


@router.get("", response_class=HTMLResponse)
def vendor_list(request: Request, session: SessionDep, admin: SignedInDep) -> HTMLResponse:
    return render(request, "admin/vendors.html", admin=admin, vendors=service.all_vendors(session))


@router.get("/{slug}", response_class=HTMLResponse)
def vendor_edit(
    request: Request, session: SessionDep, admin: SignedInDep, slug: str
) -> HTMLResponse:
    return render(
        request,
        "admin/vendor_edit.html",
        admin=admin,
        vendor=service.get(session, slug),
        groups=service.groups(session),
        error=None,
    )


@router.post("/{slug}")
def vendor_save(
    request: Request,
    session: SessionDep,
    admin: SignedInFormDep,
    slug: str,
    name: Field = "",
    aliases: Field = "",
    group: Field = "",
    country: Field = "",
    colour: Field = "",
) -> Response:
    vendor = service.get(session, slug)
    wanted = [a for line in aliases.splitlines() for a in line.split(",")]
    changed = service.update(
        session, vendor, name=name, aliases=wanted, group=group, country=country, colour=colour
    )
    record_action(
        request,
        session,
        admin.user,
        "vendor.edit",
        f"{slug}: " + ("; ".join(changed) or "no change"),
    )
    session.commit()
    return RedirectResponse("/admin/vendors", status_code=303)
