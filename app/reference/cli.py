"""The `source`, `market` and `category` commands: reference data from the command line,
through the same service (and the same checks and audit log) as the admin pages."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from app.db import get_session_factory

if TYPE_CHECKING:  # imported when a command runs, so `--help` stays instant
    from sqlalchemy.orm import Session


def add_commands(commands: Any) -> None:
    """Add the commands to the main parser's subparsers."""
    source = commands.add_parser("source", help="add, edit or list trackers").add_subparsers(
        required=True, metavar="action"
    )
    add = source.add_parser("add", help="add a tracker")
    add.add_argument("slug")
    add.add_argument("--name", required=True)
    _tracker_options(add, editing=False)
    add.set_defaults(run=_source_add)
    edit = source.add_parser("edit", help="change a tracker (only the options given)")
    edit.add_argument("slug")
    edit.add_argument("--name")
    _tracker_options(edit, editing=True)
    edit.set_defaults(run=_source_edit)
    source.add_parser("list", help="list trackers").set_defaults(run=_source_list)
    note = source.add_parser("note", help="add a dated note to a tracker")
    note.add_argument("slug")
    note.add_argument("text")
    note.add_argument("--from", dest="from_period", default="", help="first quarter, e.g. 2023Q2")
    note.add_argument("--to", dest="to_period", default="", help="last quarter")
    note.add_argument("--vendor", default="", help="the vendor it is about (slug)")
    note.add_argument("--category", default="", help="the one category it is about (slug)")
    note.add_argument("--url", default="", help="the page that says so")
    note.set_defaults(run=_source_note)

    for kind in ("category", "market"):
        sub = commands.add_parser(
            kind, help=f"add{', edit' if kind == 'category' else ''} or list {kind} entries"
        ).add_subparsers(required=True, metavar="action")
        add = sub.add_parser("add", help=f"add a {kind}")
        add.add_argument("slug")
        add.add_argument("--name", required=True)
        _named_options(add, kind, editing=False)
        add.set_defaults(run=_named_add, kind=kind)
        if kind == "category":
            edit = sub.add_parser("edit", help="change a category (only the options given)")
            edit.add_argument("slug")
            edit.add_argument("--name")
            _named_options(edit, kind, editing=True)
            edit.set_defaults(run=_named_edit, kind=kind)
        sub.add_parser("list", help=f"list {kind} entries").set_defaults(run=_named_list, kind=kind)


def _alias_options(parser: argparse.ArgumentParser, editing: bool) -> None:
    parser.add_argument(
        "--alias",
        action="append",
        default=[],
        help="a spelling files use (repeatable)" + ("; added to the ones kept" if editing else ""),
    )
    if editing:
        parser.add_argument("--remove-alias", action="append", default=[], help="(repeatable)")


def _tracker_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument("--url")
    parser.add_argument("--methodology", help="how it measures: sell-in or sell-out, ...")
    _alias_options(parser, editing)
    parser.add_argument("--predecessor", help="the tracker whose series this one continues")
    parser.add_argument(
        "--from", dest="successor_from", help="with --predecessor: first quarter, e.g. 2025Q3"
    )
    if editing:
        parser.add_argument("--no-predecessor", action="store_true", help="continue no series")


def _named_options(parser: argparse.ArgumentParser, kind: str, *, editing: bool) -> None:
    _alias_options(parser, editing)
    if kind == "category":
        parser.add_argument("--parent", help="the broader category it is part of")
        if editing:
            parser.add_argument("--no-parent", action="store_true")


def _audited(session: Session, action: str, slug: str, changes: list[str]) -> None:
    from app import audit

    detail = f"{slug}: " + ("; ".join(changes) or "no change")
    audit.record(session, action, actor="cli", detail=detail)
    print(detail)


def _aliases(kept: tuple[str, ...], args: argparse.Namespace) -> tuple[str, ...]:
    from app.vendors.names import alias_key

    removed = {alias_key(a) for a in getattr(args, "remove_alias", [])}
    return tuple(a for a in (*kept, *args.alias) if alias_key(a) not in removed)


def _source_add(args: argparse.Namespace) -> int:
    from app.reference import edits

    form = edits.TrackerForm(
        args.slug,
        args.name,
        args.url or "",
        args.methodology or "",
        tuple(args.alias),
        args.predecessor or "",
        args.successor_from or "",
    )
    with get_session_factory().begin() as session:
        source, changes = edits.save_tracker(session, form)
        _audited(session, "source.create", source.slug, changes)
    return 0


def _source_edit(args: argparse.Namespace) -> int:
    from app.reference import edits

    with get_session_factory().begin() as session:
        source = edits.get_tracker(session, args.slug)
        form = edits.tracker_form(source)
        given = {
            k: v
            for k in ("name", "url", "methodology", "predecessor", "successor_from")
            if (v := getattr(args, k)) is not None
        }
        if args.no_predecessor:
            given |= {"predecessor": "", "successor_from": ""}
        form = replace(form, **given, aliases=_aliases(form.aliases, args))
        changes = edits.save_tracker(session, form, source)[1]
        _audited(session, "source.edit", source.slug, changes)
    return 0


def _source_list(_args: argparse.Namespace) -> int:
    from app.periods import Period
    from app.reference import edits

    with get_session_factory()() as session:
        for s in edits.listed(session):
            about = []
            if s.predecessor and s.successor_from:
                since = Period.from_key(s.successor_from)
                about.append(f"continues {s.predecessor.slug} from {since}")
            if s.aliases:
                about.append("aliases: " + ", ".join(sorted(a.alias for a in s.aliases)))
            print(f"{s.slug:<14} {s.name:<22} {'; '.join(about)}".rstrip())
    return 0


def _source_note(args: argparse.Namespace) -> int:
    from app.reference import edits, notes

    form = notes.NoteForm(
        args.text, args.from_period, args.to_period, args.vendor, args.url, args.category
    )
    with get_session_factory().begin() as session:
        source = edits.get_tracker(session, args.slug)
        note = notes.add_note(session, source, form)
        when = notes.describe(note)
        _audited(session, "source.note.add", source.slug, [f"{when}: {note.text}".lstrip(": ")])
    return 0


def _model(kind: str) -> Any:
    from app.models import Category, Market

    return Category if kind == "category" else Market


def _named_add(args: argparse.Namespace) -> int:
    from app.reference import edits

    parent = getattr(args, "parent", None) or ""
    form = edits.NamedForm(args.slug, args.name, tuple(args.alias), parent)
    with get_session_factory().begin() as session:
        entity, changes = edits.save_named(session, _model(args.kind), form)
        _audited(session, f"{args.kind}.create", entity.slug, changes)
    return 0


def _named_edit(args: argparse.Namespace) -> int:
    from app.reference import edits

    with get_session_factory().begin() as session:
        entity = edits.get_named(session, _model(args.kind), args.slug)
        form = edits.named_form(entity)
        parent = "" if args.no_parent else (args.parent if args.parent is not None else form.parent)
        form = replace(
            form, name=args.name or form.name, aliases=_aliases(form.aliases, args), parent=parent
        )
        changes = edits.save_named(session, _model(args.kind), form, entity)[1]
        _audited(session, f"{args.kind}.edit", entity.slug, changes)
    return 0


def _named_list(args: argparse.Namespace) -> int:
    from app.models import Category
    from app.reference import edits

    with get_session_factory()() as session:
        for row in edits.listed_named(session, _model(args.kind)):
            about = []
            if isinstance(row, Category) and row.parent:
                about.append(f"part of {row.parent.slug}")
            if row.aliases:
                about.append("aliases: " + ", ".join(sorted(a.alias for a in row.aliases)))
            print(f"{row.slug:<16} {row.name:<24} {'; '.join(about)}".rstrip())
    return 0
