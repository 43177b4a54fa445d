"""A CLI import and a web publish at the same moment, in two processes, on SQLite and
PostgreSQL: whichever holds the write lock goes first, the other waits for it; a web preview
made before the other commit is answered "the data changed since your preview", never
"database is locked" or a 500."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.accounts.service import create_user
from app.db import make_engine
from bench.servers import ROOT, AppServer
from tests.helpers import LONG_HEADER, csv_bytes

PASSWORD = "a long enough password"


def figures(shipments_million: float) -> bytes:
    row = (
        f"canalys,india,smartphones,2031Q1,Xiaomi,{shipments_million},18,,,,,https://example.org/q"
    )
    return csv_bytes(LONG_HEADER, row)


def stored(url: str, since: str) -> tuple[int | None, list[tuple[int, str]]]:
    """Xiaomi's current 2031Q1 shipments, and the revisions made after `since` (id, file)."""
    engine = make_engine(url)
    with engine.connect() as connection:
        shipments = connection.scalar(
            text("SELECT shipments FROM observations WHERE period = 20311 AND valid_to IS NULL")
        )
        later = connection.execute(
            text("SELECT id, file_name FROM revisions WHERE id > :since ORDER BY id"),
            {"since": int(since)},
        )
        made = [(int(r.id), str(r.file_name)) for r in later]
    engine.dispose()
    return shipments, made


def writer_active(url: str) -> bool:
    """Whether some transaction holds the write lock (a publish in progress)."""
    if url.startswith("sqlite"):
        connection = sqlite3.connect(make_url(url).database or "", timeout=0)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            connection.close()
    engine = make_engine(url)
    with engine.connect() as connection:
        held = connection.scalar(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 7301 "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        )
    engine.dispose()
    return bool(held)


def wait_for_writer(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not writer_active(url):
        assert time.monotonic() < deadline, "the first writer never took the lock"
        time.sleep(0.02)


class Admin:
    """An admin at the upload form of a live server."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
        signed_in = self.client.post(
            "/admin/login", data={"username": "asha", "password": PASSWORD}
        )
        assert signed_in.status_code == 303, signed_in.text[:300]
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get("/admin").text)
        assert found
        self.csrf = found.group(1)

    def preview(self, data: bytes) -> tuple[str, str]:
        """The draft's address and the revision its preview was made on."""
        uploaded = self.client.post(
            "/admin/imports", data={"csrf_token": self.csrf}, files={"file": ("q.csv", data)}
        )
        assert uploaded.status_code == 303, uploaded.text[:300]
        page = self.client.get(uploaded.headers["location"]).text
        base = re.search(r'name="base_revision" value="(\d+)"', page)
        assert base
        return uploaded.headers["location"], base.group(1)

    def publish(self, draft: str, base_revision: str) -> httpx.Response:
        return self.client.post(
            f"{draft}/publish", data={"csrf_token": self.csrf, "base_revision": base_revision}
        )


def cli_import(url: str, file: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "import", str(file)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def server(fresh_url: str) -> object:
    engine = make_engine(fresh_url)
    with Session(engine) as session, session.begin():
        create_user(session, "asha", PASSWORD, role="admin")
    engine.dispose()
    return fresh_url


def test_the_cli_goes_first_and_the_web_publish_is_told_to_review(
    server: str, tmp_path: Path
) -> None:
    url = server
    file = tmp_path / "cli.csv"
    file.write_bytes(figures(6.1))
    with AppServer(url, COOKIE_SECURE="false") as app:
        admin = Admin(app.base)
        draft, base = admin.preview(figures(7.2))
        cli = cli_import(url, file, SHARETRACK_FAULT_PAUSE_BEFORE_COMMIT="1.5")
        wait_for_writer(url)
        started = time.monotonic()
        answer = admin.publish(draft, base)  # waits for the CLI's lock, then sees its commit
        waited = time.monotonic() - started
        out, err = cli.communicate(timeout=60)
    assert cli.returncode == 0, err
    shipments, made = stored(url, since=base)
    assert [file for _, file in made] == ["cli.csv"]  # the CLI's revision; nothing of the web's
    assert out.rstrip().endswith(f"published as r{made[0][0]}")
    assert answer.status_code == 409, answer.text[:500]
    assert "the data changed since your preview" in answer.text
    assert waited > 0.3  # it waited for the lock rather than failing at once
    assert "database is locked" not in answer.text + out + err
    assert shipments == 6_100_000


def test_the_web_publish_goes_first_and_the_cli_waits_for_it(server: str, tmp_path: Path) -> None:
    url = server
    file = tmp_path / "cli.csv"
    file.write_bytes(figures(6.1))
    with AppServer(url, COOKIE_SECURE="false", SHARETRACK_FAULT_PAUSE_BEFORE_COMMIT="1.5") as app:
        admin = Admin(app.base)
        draft, base = admin.preview(figures(7.2))
        answers: list[httpx.Response] = []
        web = threading.Thread(target=lambda: answers.append(admin.publish(draft, base)))
        web.start()
        wait_for_writer(url)
        cli = cli_import(url, file)  # no pause: it simply waits its turn
        out, err = cli.communicate(timeout=60)
        web.join()
    (answer,) = answers
    shipments, made = stored(url, since=base)
    assert [file for _, file in made] == ["q.csv", "cli.csv"]  # the web's first, then the CLI's
    assert answer.status_code == 303, answer.text[:500]
    assert answer.headers["location"] == f"/admin/revisions/{made[0][0]}"
    assert cli.returncode == 0, err
    assert out.rstrip().endswith(f"published as r{made[1][0]}")
    assert "database is locked" not in out + err
    assert shipments == 6_100_000  # the later commit is current
