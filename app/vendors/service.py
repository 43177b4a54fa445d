"""Editing vendors: names, aliases, group, home country and colour."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import AppError, NotFound
from app.models import Vendor, VendorAlias, VendorGroup
from app.vendors.names import alias_key

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_COUNTRY = re.compile(r"[A-Z]{2}")


def all_vendors(session: Session) -> list[Vendor]:
    return list(session.scalars(select(Vendor).order_by(Vendor.name)))


def groups(session: Session) -> list[VendorGroup]:
    return list(session.scalars(select(VendorGroup).order_by(VendorGroup.name)))


def get(session: Session, slug: str) -> Vendor:
    vendor = session.scalar(select(Vendor).where(Vendor.slug == slug))
    if vendor is None:
        raise NotFound(f"unknown vendor '{slug}'")
    return vendor


def update(
    session: Session,
    vendor: Vendor,
    *,
    name: str,
    aliases: list[str],
    group: str,
    country: str,
    colour: str,
) -> list[str]:
    """Apply an edit; returns what changed, for the audit log."""
    name = name.strip()
    if (
        not name
        or len(name) > 100
        or name.startswith(("=", "+", "-", "@"))
        or any(ord(c) < 32 for c in name)
    ):
        raise AppError(
            "the name must have 1 to 100 characters, no control characters, "
            "and not start with = + - @"
        )
    if not _COLOUR.fullmatch(colour):
        raise AppError(f"colour '{colour}' must look like #1428a0")
    country = country.strip().upper()
    if country and not _COUNTRY.fullmatch(country):
        raise AppError(f"country '{country}' must be a two-letter ISO code such as IN or KR")
    group_row = None
    if group:
        group_row = session.scalar(select(VendorGroup).where(VendorGroup.slug == group))
        if group_row is None:
            raise AppError(f"unknown group '{group}'")
    changed = [
        f"{field}: {old} -> {new}"
        for field, old, new in (
            ("name", vendor.name, name),
            ("colour", vendor.colour, colour),
            ("country", vendor.country, country or None),
            ("group", vendor.group.slug if vendor.group else None, group or None),
        )
        if old != new
    ]
    vendor.name, vendor.colour, vendor.country, vendor.group = (
        name,
        colour,
        country or None,
        group_row,
    )
    changed += _set_aliases(session, vendor, [name, *aliases])
    session.flush()
    return changed


def _set_aliases(session: Session, vendor: Vendor, wanted: list[str]) -> list[str]:
    keys = {alias_key(a): a.strip() for a in wanted if a.strip()}
    taken = dict(
        session.execute(
            select(VendorAlias.alias_key, Vendor.name)
            .join(Vendor, VendorAlias.vendor)
            .where(VendorAlias.alias_key.in_(keys), VendorAlias.vendor_id != vendor.id)
        ).all()
    )
    if taken:
        key, owner = next(iter(taken.items()))
        raise AppError(f"alias '{keys[key]}' already belongs to {owner}", status_code=409)
    changes = []
    for alias in list(vendor.aliases):
        if alias.alias_key not in keys:
            vendor.aliases.remove(alias)
            changes.append(f"alias removed: {alias.alias}")
    have = {a.alias_key for a in vendor.aliases}
    for key, text in keys.items():
        if key not in have:
            add_alias(session, vendor, text)
            changes.append(f"alias added: {text}")
    return changes


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", alias_key(name)).strip("-")[:60] or "vendor"


def add_alias(session: Session, vendor: Vendor, alias: str) -> None:
    key = alias_key(alias)
    if session.scalar(select(VendorAlias.id).where(VendorAlias.alias_key == key)) is None:
        session.add(VendorAlias(vendor=vendor, alias=alias, alias_key=key))


def new_slugs(names: list[str], taken: set[str]) -> dict[str, str]:
    """A distinct slug for each new vendor name: '<b>X</b>' and 'b X b' must not merge."""
    out: dict[str, str] = {}
    used = set(taken)
    for name in names:
        base = slug = slugify(name)
        n = 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        out[name] = slug
    return out


RESIDUAL = ("others", "Others", "#bdbdbd")  # slug, name, colour of the unattributed rest


def create_vendor(session: Session, name: str, slug: str, *, colour: str = "#7f7f7f") -> Vendor:
    """A vendor first seen in an upload; grey until an admin picks a colour. The first
    "Others" row of an empty database makes the residual (charted, never ranked)."""
    if slug == RESIDUAL[0]:
        _, name, colour = RESIDUAL
    vendor = Vendor(slug=slug, name=name.strip(), colour=colour, is_residual=slug == RESIDUAL[0])
    session.add(vendor)
    add_alias(session, vendor, name)
    session.flush()
    return vendor


def remember_spelling(session: Session, slug: str, spelling: str) -> None:
    """An admin mapped a file's spelling to this vendor: next time it resolves by itself."""
    vendor = session.scalar(select(Vendor).where(Vendor.slug == slug))
    if vendor is not None:
        add_alias(session, vendor, spelling)
