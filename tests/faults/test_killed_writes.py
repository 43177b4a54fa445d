"""Every write path killed (SIGKILL) with everything written and nothing committed: the seed,
a vendor edit, an event edit, a rollback and a restore. The database is exactly as before, and the next try
works. The fault hook (SHARETRACK_FAULT_PAUSE_BEFORE_COMMIT) holds each transaction open at
its commit; the publish has its own test in test_postgres_faults.py."""

from __future__ import annotations

import contextlib
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.accounts.service import create_user
from app.backups import service as backups
from app.db import make_engine
from app.imports import service as imports
from app.migrate import upgrade
from bench.servers import ROOT, AppServer
from tests.conftest import table_dump
from tests.faults.test_concurrent_writers import PASSWORD, Admin, figures, wait_for_writer

PAUSE = {"SHARETRACK_FAULT_PAUSE_BEFORE_COMMIT": "60"}
TABLES = ["revisions", "observations", "market_totals", "vendors", "events", "audit_log"]


def everything(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = table_dump(session)
        found["audit_log"] = [tuple(r) for r in session.execute(text("SELECT * FROM audit_log"))]
    engine.dispose()
    return found


def cli(url: str, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_at_commit(process: subprocess.Popen[str]) -> None:
    """SIGKILL once the process says it has written everything and is about to commit."""
    assert process.stderr is not None
    line = process.stderr.readline()  # blocks until the fault hook speaks (or the process ends)
    assert line.startswith("fault injection: "), line + process.stderr.read()
    process.kill()
    process.wait(timeout=10)


def test_seed_killed_leaves_an_empty_database_then_seeds(empty_url: str) -> None:
    engine = make_engine(empty_url)
    upgrade(engine)
    engine.dispose()
    before = everything(empty_url)
    kill_at_commit(cli(empty_url, "seed", **PAUSE))
    assert everything(empty_url) == before  # not a revision, vendor or event of it
    again = cli(empty_url, "seed")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert out.startswith("sample data: ") and len(everything(empty_url)["revisions"]) > 3


def test_restore_killed_leaves_the_database_as_it_was_then_restores(
    fresh_url: str, tmp_path: Path
) -> None:
    file = tmp_path / "before.backup"
    engine = make_engine(fresh_url)
    backups.backup(engine, file, actor="test")
    with Session(engine) as session, session.begin():
        imports.publish(session, figures(9.9), "after-the-backup.csv")
    engine.dispose()
    before = everything(fresh_url)
    kill_at_commit(cli(fresh_url, "restore", str(file), "--replace", **PAUSE))
    assert everything(fresh_url) == before
    again = cli(fresh_url, "restore", str(file), "--replace")
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    restored = everything(fresh_url)
    assert len(restored["revisions"]) == len(before["revisions"]) - 1  # the later publish gone
    assert restored["audit_log"][-1][4] == "restore"
    assert not list(tmp_path.parent.glob("**/.*.restore-*"))  # no staging copy left behind


def test_vendor_edit_event_edit_and_rollback_killed_leave_nothing_then_work(fresh_url: str) -> None:
    engine = make_engine(fresh_url)
    with Session(engine) as session, session.begin():
        create_user(session, "asha", PASSWORD, role="admin")
        vendor = session.execute(
            text("SELECT name, country, colour FROM vendors WHERE slug = 'xiaomi'")
        ).one()
    engine.dispose()
    edit = {"name": "Xiaomi (killed)", "country": vendor.country or "", "colour": vendor.colour}
    first_revision = everything(fresh_url)["revisions"][0][0]
    event = {
        "happened_on": "2031-02-01",
        "quarter": "2031Q1",
        "vendor": "xiaomi",
        "title": "An event written while the app was killed",
        "body": "",
        "source_url": "https://example.org/event",
    }
    writes = {
        "vendor edit": ("/admin/vendors/xiaomi", edit),
        "event edit": ("/admin/events", event),
        "rollback": (f"/admin/revisions/{first_revision}/rollback", {}),
    }
    server = AppServer(fresh_url, COOKIE_SECURE="false", **PAUSE)
    try:
        for what, (address, form) in writes.items():
            server.start()
            admin = Admin(server.base)
            before = everything(fresh_url)  # the login is in it
            posted = threading.Thread(target=_post, args=(admin, address, form))
            posted.start()
            wait_for_writer(fresh_url)
            server.kill()
            posted.join()
            assert everything(fresh_url) == before, f"a killed {what} left something"
        server.env.pop("SHARETRACK_FAULT_PAUSE_BEFORE_COMMIT")
        server.start()
        admin = Admin(server.base)
        for what, (address, form) in writes.items():
            done = admin.client.post(address, data={"csrf_token": admin.csrf, **form})
            assert done.status_code == 303, (what, done.text[:300])
    finally:
        server.stop()
    engine = make_engine(fresh_url)
    with engine.connect() as connection:
        name = connection.scalar(text("SELECT name FROM vendors WHERE slug = 'xiaomi'"))
        kind = connection.scalar(text("SELECT kind FROM revisions ORDER BY id DESC LIMIT 1"))
        events = connection.scalar(
            text("SELECT count(*) FROM events WHERE title = :t"), {"t": event["title"]}
        )
    engine.dispose()
    assert (name, events, kind) == ("Xiaomi (killed)", 1, "rollback")


def _post(admin: Admin, address: str, form: dict[str, str]) -> None:
    with contextlib.suppress(httpx.TransportError):  # killed before it answered, as intended
        admin.client.post(address, data={"csrf_token": admin.csrf, **form})


FIGURES = ["revisions", "observations", "market_totals", "vendors", "vendor_aliases", "events"]


@pytest.mark.slow
def test_restore_killed_at_any_moment_is_before_or_after(fresh_url: str, tmp_path: Path) -> None:
    """20 restores killed at random moments (not only at the commit): each leaves the figures
    exactly as they were or exactly as the backup holds them, and the next restore works."""
    file = tmp_path / "a.backup"
    engine = make_engine(fresh_url)
    backups.backup(engine, file, actor="test")
    backed_up = {t: everything(fresh_url)[t] for t in FIGURES}
    with Session(engine) as session, session.begin():
        imports.publish(session, figures(9.9), "after-the-backup.csv")
    engine.dispose()
    later = {t: everything(fresh_url)[t] for t in FIGURES}
    outcomes = []
    for _ in range(20):
        restore = cli(fresh_url, "restore", str(file), "--replace")
        time.sleep(random.uniform(1.0, 4.0))  # the CLI takes about 2-4 s to start and restore
        restore.kill()
        restore.wait(timeout=10)
        time.sleep(0.2)  # psql, on PostgreSQL, ends its transaction once its input is gone
        now = {t: everything(fresh_url)[t] for t in FIGURES}
        assert now in (backed_up, later), "a killed restore left a mix"
        outcomes.append("after" if now == backed_up else "before")
        if now == backed_up:  # publish the later figures again, for the next round
            engine = make_engine(fresh_url)
            with Session(engine) as session, session.begin():
                imports.publish(session, figures(9.9), "after-the-backup.csv")
            engine.dispose()
            later = {t: everything(fresh_url)[t] for t in FIGURES}
    done = cli(fresh_url, "restore", str(file), "--replace")
    assert done.wait(timeout=120) == 0
    assert {t: everything(fresh_url)[t] for t in FIGURES} == backed_up
    print(f"killed restores: {outcomes.count('before')} before, {outcomes.count('after')} after")
