"""PostgreSQL's own client tools (pg_dump, pg_restore, psql), found for the server's version.

pg_dump refuses a server newer than itself, so the tools are looked for where Debian keeps
each version (/usr/lib/postgresql/<major>/bin), then in PG_BIN, then on the PATH; a tool
older than the server is passed over, and none found is a message saying what to install.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import URL

from app.errors import AppError


def conninfo(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string for the tools, and the environment carrying the password
    (never on the command line, where `ps` would show it)."""
    parts = {
        "host": url.host,
        "port": str(url.port) if url.port else None,
        "user": url.username,
        "dbname": url.database,
    }
    parts.update({k: str(v) for k, v in url.query.items()})
    text = " ".join(f"{k}='{_quoted(v)}'" for k, v in parts.items() if v)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return text, env


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def find(tool: str, server_major: int) -> str:
    """The path of `tool` able to talk to a server of this major version."""
    candidates = [Path(f"/usr/lib/postgresql/{server_major}/bin") / tool]
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]) / tool)
    on_path = shutil.which(tool)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and (_major(candidate) or 0) >= server_major:
            return str(candidate)
    raise AppError(
        f"{tool} for PostgreSQL {server_major} was not found (looked in "
        f"/usr/lib/postgresql/{server_major}/bin, PG_BIN and the PATH): install the client "
        f"tools of the server's version (Debian: apt-get install postgresql-client-{server_major})"
        " or set PG_BIN to the folder that holds them"
    )


def _major(tool: Path) -> int | None:
    try:
        said = subprocess.run(  # noqa: S603 (our own tool path and arguments, no shell)
            [str(tool), "--version"], capture_output=True, text=True, check=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\) (\d+)", said)
    return int(found.group(1)) if found else None


def run(command: list[str], env: dict[str, str] | None, what: str) -> str:
    """Run a tool; its own error text, when it fails, is the message."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise AppError(f"{what} failed: {_last_lines(done.stderr)}")
    return done.stdout


def restore(
    reader: list[str],
    psql: list[str],
    *,
    before: str,
    after: str,
    env: dict[str, str],
    pause: Callable[[], None] = lambda: None,
) -> None:
    """pg_restore's script streamed into psql between `before` and `after` (which open and
    commit the transaction); `after` is sent only once pg_restore has given all of it."""
    with tempfile.TemporaryFile() as read_errors, tempfile.TemporaryFile() as load_errors:
        loader = subprocess.Popen(  # noqa: S603 (no shell; paths found by find())
            psql, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=load_errors, env=env
        )
        source = subprocess.Popen(reader, stdout=subprocess.PIPE, stderr=read_errors, env=env)  # noqa: S603
        assert loader.stdin is not None and source.stdout is not None
        try:
            loader.stdin.write(before.encode())
            shutil.copyfileobj(source.stdout, loader.stdin, 1 << 20)
            read_ok = source.wait() == 0
            if read_ok:  # else psql gets a cut-off script and no COMMIT: nothing is kept
                pause()  # the crash tests' moment: all loaded, nothing committed
                loader.stdin.write(after.encode())
        except BrokenPipeError:  # psql stopped at an error; its message says which
            read_ok = source.wait() == 0
        finally:
            with contextlib.suppress(BrokenPipeError):
                loader.stdin.close()
        loaded_ok = loader.wait() == 0
        for ok, errors, what in (
            (read_ok, read_errors, "pg_restore"),
            (loaded_ok, load_errors, "psql"),
        ):
            if not ok:
                errors.seek(0)
                raise AppError(f"restore failed in {what}: {_last_lines(errors.read().decode())}")


def _last_lines(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return " / ".join(lines[-3:]) or "no message"
