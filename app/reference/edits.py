"""Admins' edits of reference data: trackers (with aliases, a predecessor and dated notes),
markets and categories (with aliases, and a parent for categories).

Every input is checked before anything changes, so a refused edit leaves the session clean
and its form can be shown again as typed. Each function returns what changed, for the
audit line its caller records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.errors import NotFound
from app.models import (
    Category,
    CategoryAlias,
    Market,
    MarketAlias,
    Segment,
    SegmentAlias,
    Source,
    SourceAlias,
)
from app.periods import Period
from app.reference import fields
from app.reference.fields import InvalidField
from app.reference.names import guess_segment_kind, match_key, suggest
from app.revisions import derived
from app.vendors.names import alias_key

Entity = Source | Market | Category | Segment
AliasRow = SourceAlias | MarketAlias | CategoryAlias | SegmentAlias
ALIAS_MODEL: dict[type[Entity], type[AliasRow]] = {
    Source: SourceAlias,
    Market: MarketAlias,
    Category: CategoryAlias,
    Segment: SegmentAlias,
}
KIND_WORD = {Source: "tracker", Market: "market", Category: "category", Segment: "segment"}


@dataclass(frozen=True)
class TrackerForm:
    slug: str
    name: str
    url: str = ""
    methodology: str = ""
    aliases: tuple[str, ...] = ()
    predecessor: str = ""  # a tracker's slug, or "" for none
    successor_from: str = ""  # the first quarter under this name, e.g. 2025Q3


@dataclass(frozen=True)
class NamedForm:
    """A market or a category (`parent` is a category's broader category, or "")."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    parent: str = ""


def get_tracker(session: Session, slug: str) -> Source:
    found = session.scalar(select(Source).where(Source.slug == slug))
    if found is None:
        raise NotFound(f"unknown tracker '{slug}'")
    return found


def get_named(
    session: Session, model: type[Market] | type[Category], slug: str
) -> Market | Category:
    found = session.scalar(select(model).where(model.slug == slug))
    if found is None:
        raise NotFound(f"unknown {KIND_WORD[model]} '{slug}'")
    return cast(Market | Category, found)


def listed(session: Session) -> list[Source]:
    """By name, ignoring case (databases order "CMR" before "Canalys")."""
    return sorted(session.scalars(select(Source)), key=lambda s: (s.name.casefold(), s.slug))


def listed_named(session: Session, model: type[Market] | type[Category]) -> list[Market | Category]:
    rows = cast(list[Market | Category], list(session.scalars(select(model))))
    return sorted(rows, key=lambda row: (row.name.casefold(), row.slug))


def tracker_form(source: Source) -> TrackerForm:
    return TrackerForm(
        source.slug,
        source.name,
        source.url or "",
        source.methodology or "",
        tuple(a.alias for a in source.aliases),
        source.predecessor.slug if source.predecessor else "",
        Period.from_key(source.successor_from).code if source.successor_from else "",
    )


def named_form(entity: Market | Category) -> NamedForm:
    parent = entity.parent.slug if isinstance(entity, Category) and entity.parent else ""
    return NamedForm(entity.slug, entity.name, tuple(a.alias for a in entity.aliases), parent)


def save_tracker(
    session: Session, form: TrackerForm, source: Source | None = None
) -> tuple[Source, list[str]]:
    """Create a tracker (source None) or edit one; returns it and what changed."""
    slug = fields.slug(form.slug) if source is None else source.slug
    name, aliases = fields.name(form.name), fields.aliases(form.aliases)
    url = fields.url(form.url)
    methodology = form.methodology.strip()
    _check_spellings(session, Source, source, slug, name, aliases)
    predecessor = _predecessor(session, slug, form.predecessor.strip())
    since = fields.successor_from(form.successor_from, predecessor is not None, slug)
    created = source is None
    if source is None:
        source = Source(slug=slug, name=name)
        session.add(source)
    changes = _diff(
        ("name", source.name, name),
        ("url", source.url, url or None),
        ("methodology", source.methodology, methodology or None),
        (
            "predecessor",
            source.predecessor.slug if source.predecessor else None,
            _slug_of(predecessor),
        ),
        ("successor_from", fields.code(source.successor_from), fields.code(since)),
    )
    continued = set() if created else derived.series_continued_by(session, source.id)
    source.name, source.url, source.methodology = name, url or None, methodology or None
    source.predecessor, source.successor_from = predecessor, since
    changes += _set_aliases(source, aliases)
    session.flush()
    if any(change.startswith(("predecessor", "successor_from")) for change in changes):
        # The series it joined or left are derived again, their whole history.
        continued |= derived.series_continued_by(session, source.id)
        derived.rebuild(session, continued)
    return source, ["created", *changes] if created else changes


def save_named(
    session: Session,
    model: type[Market] | type[Category],
    form: NamedForm,
    entity: Market | Category | None = None,
) -> tuple[Market | Category, list[str]]:
    """Create or edit a market or a category; returns it and what changed."""
    slug = fields.slug(form.slug) if entity is None else entity.slug
    name, aliases = fields.name(form.name), fields.aliases(form.aliases)
    _check_spellings(session, model, entity, slug, name, aliases)
    parent = _parent(session, slug, form.parent.strip()) if model is Category else None
    created = entity is None
    if entity is None:
        entity = model(slug=slug, name=name)
        session.add(entity)
    changes = _diff(("name", entity.name, name))
    entity.name = name
    if isinstance(entity, Category):
        changes += _diff(("parent", _slug_of(entity.parent), _slug_of(parent)))
        entity.parent = parent
    changes += _set_aliases(entity, aliases)
    session.flush()
    return entity, ["created", *changes] if created else changes


def _check_spellings(
    session: Session,
    model: type[Entity],
    own: Entity | None,
    slug: str,
    name: str,
    aliases: list[str],
) -> None:
    """Refuse a slug, name or alias that another entry already answers to (up to case,
    separators and plural), so that every spelling in a file resolves to one entry."""
    alias_model = ALIAS_MODEL[model]
    entries = session.execute(select(model.id, model.slug, model.name)).all()
    spelled = session.execute(select(model.id, alias_model.alias).join(model.aliases)).all()
    named = {e.id: (e.name, e.slug) for e in entries if own is None or e.id != own.id}
    owner_of: dict[str, tuple[str, str]] = {}
    for entity_id, spelling in [
        *((e.id, s) for e in entries for s in (e.slug, e.name)),
        *((entity_id, alias) for entity_id, alias in spelled),
    ]:
        if entity_id in named:
            owner_of.setdefault(match_key(spelling), named[entity_id])
    wanted = [("slug", "slug", slug), ("name", "name", name)]
    wanted += [("aliases", "alias", alias) for alias in aliases]
    for field, label, spelling in wanted:
        owner = owner_of.get(match_key(spelling))
        if owner is not None:
            raise InvalidField(
                field,
                f"{label} '{spelling}' is already used by {KIND_WORD[model]} "
                f"{owner[0]} ({owner[1]})",
                status_code=409,
            )


def _cycle(session: Session, link: InstrumentedAttribute[int | None], slug: str, start: str) -> str:
    """`slug → start → … → slug` if `start`'s predecessors (or parents) lead back to slug."""
    table = link.class_
    rows = session.execute(select(table.id, table.slug, link)).all()
    slug_of = {row[0]: row[1] for row in rows}
    up = {row[1]: slug_of.get(row[2]) for row in rows}
    path: list[str] = [start]
    while path[-1] != slug and up.get(path[-1]) and up[path[-1]] not in path:
        path.append(up[path[-1]] or "")
    return " → ".join([slug, *path]) if path[-1] == slug else ""


def _predecessor(session: Session, slug: str, wanted: str) -> Source | None:
    if not wanted:
        return None
    found = session.scalar(select(Source).where(Source.slug == wanted))
    if found is None:
        known = list(session.scalars(select(Source.slug)))
        hint = suggest(wanted, known)
        raise InvalidField(
            "predecessor",
            f"unknown predecessor '{wanted}'" + (f"; did you mean '{hint}'?" if hint else ""),
        )
    if found.slug == slug:
        raise InvalidField("predecessor", f"{slug} cannot be its own predecessor")
    cycle = _cycle(session, Source.predecessor_id, slug, found.slug)
    if cycle:
        raise InvalidField("predecessor", f"predecessor '{wanted}' would make a cycle: {cycle}")
    return found


def _parent(session: Session, slug: str, wanted: str) -> Category | None:
    if not wanted:
        return None
    found = session.scalar(select(Category).where(Category.slug == wanted))
    if found is None:
        hint = suggest(wanted, list(session.scalars(select(Category.slug))))
        raise InvalidField(
            "parent",
            f"unknown parent category '{wanted}'" + (f"; did you mean '{hint}'?" if hint else ""),
        )
    if found.slug == slug:
        raise InvalidField("parent", f"{slug} cannot be its own parent")
    cycle = _cycle(session, Category.parent_id, slug, found.slug)
    if cycle:
        raise InvalidField("parent", f"parent '{wanted}' would make a cycle: {cycle}")
    return found


def _slug_of(entity: Source | Category | None) -> str | None:
    return entity.slug if entity else None


def _diff(*fields: tuple[str, object, object]) -> list[str]:
    return [
        f"{name}: {old} -> {new}" for name, old, new in fields if (old or None) != (new or None)
    ]


def _set_aliases(entity: Entity, wanted: list[str]) -> list[str]:
    keys = {alias_key(a): a for a in wanted}
    aliases: list[AliasRow] = entity.aliases  # type: ignore[assignment]
    changes = []
    for row in list(aliases):
        if row.alias_key not in keys:
            aliases.remove(row)
            changes.append(f"alias removed: {row.alias}")
        elif row.alias != keys[row.alias_key]:
            row.alias = keys[row.alias_key]
    have = {row.alias_key for row in aliases}
    model = ALIAS_MODEL[type(entity)]
    for key, text in keys.items():
        if key not in have:
            aliases.append(model(alias=text, alias_key=key))
            changes.append(f"alias added: {text}")
    return changes


MODEL_OF_KIND: dict[str, type[Entity]] = {
    "source": Source,
    "market": Market,
    "category": Category,
    "segment": Segment,
}


def create_from_file(session: Session, kind: str, spelling: str, slug: str) -> Entity:
    """A tracker, market or category first met in an upload, named as the file writes it;
    an admin adds its URL, methodology or parent later."""
    if kind == "source":
        return save_tracker(session, TrackerForm(slug=slug, name=spelling.strip()))[0]
    if kind == "segment":  # its kind guessed from its name; its definitions added later
        name = fields.name(spelling)
        _check_spellings(session, Segment, None, slug, name, [])
        segment = Segment(slug=fields.slug(slug), name=name, kind=guess_segment_kind(name))
        session.add(segment)
        session.flush()
        return segment
    model = Market if kind == "market" else Category
    return save_named(session, model, NamedForm(slug=slug, name=spelling.strip()))[0]


def remember_spelling(session: Session, kind: str, slug: str, spelling: str) -> None:
    """An admin mapped a file's spelling to a known one: next time it resolves by itself."""
    model = MODEL_OF_KIND[kind]
    alias_model = ALIAS_MODEL[model]
    entity = cast(Entity | None, session.scalar(select(model).where(model.slug == slug)))
    key = alias_key(spelling)
    taken = session.scalar(select(alias_model.id).where(alias_model.alias_key == key))
    if entity is None or taken is not None or key in (alias_key(slug), alias_key(entity.name)):
        return
    aliases: list[AliasRow] = entity.aliases  # type: ignore[assignment]
    aliases.append(alias_model(alias=spelling.strip()[:100], alias_key=key))
    session.flush()
