"""The command line's backup and restore: python -m app backup FILE | restore FILE."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from app.db import get_engine


def add_commands(commands: Any) -> None:
    backup = commands.add_parser(
        "backup", help="write the whole database to FILE (safe while the app serves)"
    )
    backup.add_argument("file", type=Path)
    backup.set_defaults(run=_backup)
    restore = commands.add_parser(
        "restore", help="replace the database with a backup, migrated to the latest schema"
    )
    restore.add_argument("file", type=Path)
    restore.add_argument(
        "--replace",
        action="store_true",
        help="overwrite a database that already holds data (default: refuse)",
    )
    restore.set_defaults(run=_restore)


def _backup(args: argparse.Namespace) -> int:
    from app.backups import service  # lazily, as the other commands: --help stays instant

    engine = get_engine()
    done = service.backup(engine, args.file, actor=_cli_actor())
    size = args.file.stat().st_size
    state = f"r{done.revision}, schema {done.schema}"
    print(f"backed up {_safe_url(engine)} ({state}) to {args.file}: {size:,} bytes")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from app.backups import service

    engine = get_engine()
    done = service.restore(engine, args.file, actor=_cli_actor(), replace=args.replace)
    migrated = ", migrated to the latest schema" if done.migrated else ""
    print(
        f"restored {args.file} into {_safe_url(engine)}: r{done.revision}, schema {done.schema}"
        f"{migrated}; every login session ended. Restart the app's workers."
    )
    return 0


def _cli_actor() -> str:
    """Who, in the audit log: the command line and the account that ran it."""
    return f"cli ({getpass.getuser()})"


def _safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
