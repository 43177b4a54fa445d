"""Command line: python -m app migrate | seed | import | create-admin | export | backup |
restore | serve, and the reference data: source | category | market (app/reference/cli.py)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.exc import OperationalError

from app.backups.cli import add_commands as add_backup_commands
from app.config import get_settings
from app.db import get_engine, get_session_factory, get_writer_factory
from app.errors import AppError, InvalidUpload, Problem
from app.reference.cli import add_commands as add_reference_commands

# The CLI imports services lazily, so `--help` stays instant.

# import --create-…: what the file names that may be created rather than refused.
CREATE_FLAGS = {
    "vendor": "create_vendors",
    "source": "create_sources",
    "category": "create_categories",
}


def main(argv: Sequence[str] | None = None) -> int:
    from app import purges

    parser = _parser()
    args = parser.parse_args(argv)
    purges.install()  # an import or edit from here purges a CDN too (CDN_PURGE_WEBHOOK)
    try:
        return int(args.run(args) or 0)
    except InvalidUpload as error:
        if getattr(args, "format", "text") == "json":
            print(json.dumps({"problems": [p.as_dict() for p in error.problems]}, indent=1))
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        for hint in _unknown_name_hints(error.problems):
            print(f"hint: {hint}", file=sys.stderr)
        return 2
    except AppError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    except OperationalError as error:  # nothing was committed: the transaction rolled back
        print(f"error: {_database_problem(error)}; nothing was written", file=sys.stderr)
        return 3


def _database_problem(error: OperationalError) -> str:
    cause = str(error.orig).strip()
    if "database is locked" in cause:  # SQLite, after the busy timeout
        return "the database is busy with another write (for more than 15 s): try again"
    return f"the database cannot be reached: {cause}"


# How a spelling the file uses becomes an alias of a known entry, from the command line.
ALIAS_HOW = {
    "vendor": "on the admin's Vendors page",
    "source": "with `source edit SLUG --alias SPELLING`",
    "category": "with `category edit SLUG --alias SPELLING`",
    "market": "with `market edit SLUG --alias SPELLING`",
}


def _unknown_name_hints(problems: Sequence[Problem]) -> list[str]:
    """The command-line ways out of "unknown tracker …": create it or remember the alias."""
    kinds = {p.column for p in problems if p.message.startswith("unknown ")}
    return [
        (
            f"--{CREATE_FLAGS[kind].replace('_', '-')} creates it; or map "
            if kind in CREATE_FLAGS
            else "map "
        )
        + f"the spelling to a known {kind} {how}"
        for kind, how in ALIAS_HOW.items()
        if kind in kinds
    ]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sharetrack", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="command")

    commands.add_parser("migrate", help="upgrade the database to the latest schema").set_defaults(
        run=_migrate
    )
    commands.add_parser("seed", help="load the bundled sample data (idempotent)").set_defaults(
        run=_seed
    )

    imp = commands.add_parser("import", help="import a CSV or XLSX file of tracker figures")
    imp.add_argument("file", type=Path)
    imp.add_argument("--source", help="tracker, when the file has no source column")
    imp.add_argument("--market", help="market, when the file has no market column")
    imp.add_argument("--category", help="category, when the file has no category column")
    imp.add_argument(
        "--dry-run", action="store_true", help="print every row read and its change; write nothing"
    )
    imp.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    for kind, flag in CREATE_FLAGS.items():
        imp.add_argument(
            "--" + flag.replace("_", "-"),
            action="store_true",
            help=f"create every unknown {kind} the file names (default: an error naming each)",
        )
    imp.add_argument(
        "--clear-blanks",
        action="store_true",
        help="blank cells clear stated figures (default: a blank cell keeps the stored figure)",
    )
    imp.set_defaults(run=_import)

    admin = commands.add_parser("create-admin", help="create an admin (or uploader) account")
    admin.add_argument("username")
    admin.add_argument("--role", default="admin", choices=["admin", "uploader"])
    admin.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of generating one",
    )
    admin.set_defaults(run=_create_admin)

    export = commands.add_parser(
        "export", help="write observations as CSV, or the whole dataset as a data package"
    )
    export.add_argument("--source", action="append", help="tracker (repeatable; default all)")
    export.add_argument("--market", default="india")
    export.add_argument("--category", default="smartphones")
    export.add_argument("-o", "--output", type=Path, help="file to write (default stdout)")
    export.add_argument(
        "--datapackage",
        type=Path,
        metavar="DIR",
        help="write the Frictionless data package (every tracker, market and category) into DIR",
    )
    export.set_defaults(run=_export)

    rebuild = commands.add_parser(
        "rebuild-derived",
        help="derive again, from the stored figures, what charts draw (shares, ranks, growth)",
    )
    rebuild.add_argument(
        "--check",
        action="store_true",
        help="only compare with the stored derived figures; exit 1 if they differ",
    )
    rebuild.set_defaults(run=_rebuild_derived)

    serve = commands.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=_serve)

    add_reference_commands(commands)
    add_backup_commands(commands)
    return parser


def _migrate(_args: argparse.Namespace) -> int:
    from app.migrate import upgrade

    upgrade(get_engine())
    print(f"database at the latest schema: {_safe_url()}")
    return 0


def _seed(_args: argparse.Namespace) -> int:
    from app import seed

    with get_writer_factory().begin() as session:
        report = seed.load(session)
    found = report.revisions
    published = (
        f"{len(found)} releases as r{found[0]}–r{found[-1]}"
        if len(found) > 1
        else (f"r{found[0]}" if found else "nothing new")
    )
    print(
        f"sample data: {report.rows} rows checked, published {published}; "
        f"{report.vendors} vendors, {report.events} new events"
    )
    return 0


def _rebuild_derived(args: argparse.Namespace) -> int:
    from app import audit, versions
    from app.revisions import derived

    with get_writer_factory()() as session:
        versions.lock_writes(session)
        before = derived.snapshot(session)
        written = derived.rebuild(session)
        differ = len(set(before) ^ set(derived.snapshot(session)))
        if args.check:
            session.rollback()
            print(f"derived figures: {differ:,} rows differ from a rebuild ({written:,} rows)")
            return 1 if differ else 0
        audit.record(session, "derived.rebuild", actor="cli", detail=f"{written:,} rows")
        session.commit()
    print(f"derived figures rebuilt: {written:,} rows, {differ:,} of them differed")
    return 0


def _import(args: argparse.Namespace) -> int:
    """Read, check and publish a file a chunk at a time (app/imports/stream.py), each row's
    line printed as it is checked: memory stays bounded by the chunk, not the file."""
    from app.imports import report, stream
    from app.imports.service import RowChange

    if not args.file.is_file():
        raise AppError(f"no such file: {args.file}")
    as_json = args.format == "json"

    def show(change: RowChange) -> None:
        if args.dry_run or change.kind != "unchanged" or change.kept or change.cleared:
            print(report.describe(change))

    with get_writer_factory().begin() as session:
        done = stream.run(
            session,
            args.file,
            defaults={k: v for k in ("source", "market", "category") if (v := getattr(args, k))},
            create={kind for kind, flag in CREATE_FLAGS.items() if getattr(args, flag)},
            clear_blanks=args.clear_blanks,
            dry_run=args.dry_run,
            keep_changes=as_json,  # the JSON report lists every row
            on_read=(lambda _: None) if as_json else _say_how_read,
            on_change=(lambda _: None) if as_json else show,
            progress=_progress(),
        )
    revision = done.revision
    if as_json:
        body = {**report.preview_json(done.preview), "revision": revision.id if revision else None}
        print(json.dumps(body, indent=1))
        return 0
    for name in done.preview.vendors_to_create:
        print(f"new vendor: {name}")
    outcome = (
        f"published as r{revision.id}"
        if revision
        else "dry run: nothing written"
        if args.dry_run
        else "nothing changed; no revision"
    )
    print(f"{done.summary()}; {outcome}")
    return 0


def _say_how_read(lines: list[str]) -> None:
    for line in lines:
        print(f"read: {line}")


def _progress() -> Callable[[str], None]:
    """Stages of a long import with the time since it started, for a person at a terminal:
    on standard error, so that standard output stays the report (and valid JSON)."""
    started = time.monotonic()

    def say(stage: str) -> None:
        if sys.stderr.isatty():
            print(f"[{time.monotonic() - started:6.1f} s] {stage}", file=sys.stderr, flush=True)

    return say


def _create_admin(args: argparse.Namespace) -> int:
    from app.accounts import service

    generated = not args.password_stdin
    password = service.generate_password() if generated else sys.stdin.readline().rstrip("\n")
    with get_writer_factory().begin() as session:
        service.create_user(session, args.username, password, role=args.role)
    print(f"created {args.role} '{args.username}'")
    if generated:
        print(f"password (shown once): {password}")
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.datapackage:
        if args.source or args.output:
            raise AppError("--datapackage writes every tracker into DIR; drop --source and -o")
        return _export_datapackage(args.datapackage)
    from app.exports import to_csv
    from app.observations import service
    from app.observations.slices import FIELDS

    with get_session_factory()() as session:
        sources = args.source or service.sources_with_data(session, args.market, args.category)
        rows = service.records(session, sources=sources, market=args.market, category=args.category)
    data = to_csv(FIELDS, (r.as_row() for r in rows))
    if args.output:
        args.output.write_bytes(data)
        print(f"wrote {len(rows)} rows to {args.output}")
    else:
        sys.stdout.buffer.write(data)
    return 0


def _export_datapackage(folder: Path) -> int:
    from app.datapackage import service

    with get_session_factory()() as session:
        package = service.build(session)
    package.write(folder)
    print(f"wrote the data package of r{package.revision} to {folder}: {', '.join(package.files)}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run(
        "app.main:app", host=args.host, port=args.port, workers=args.workers, proxy_headers=True
    )
    return 0


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(get_settings().database_url).render_as_string(hide_password=True)
