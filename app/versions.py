"""The content version: what every cached page and memo is keyed by, and how workers learn of
a new one.

It is (latest revision, latest content edit): a publish, a rollback, or an edit of a vendor,
an event, a tracker, a market or a category moves it. Each request reads it once (kept on its
session); the response cache reads it from a clock that polls in a thread of its own, so a
publish in any worker reaches every worker within a second.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine, event, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.models import AuditEntry, Revision

log = logging.getLogger("sharetrack")

# Edits that change what public pages show without making a data revision.
CONTENT_EDITS = (
    "vendor.edit",
    "event.create",
    "event.edit",
    "event.delete",
    # Names, aliases and predecessors of trackers, markets and categories: chart footers,
    # the series a tracker continues and /sources change with them.
    "source.create",
    "source.edit",
    "source.note.add",
    "source.note.delete",
    "market.create",
    "market.edit",
    "category.create",
    "category.edit",
    # What charts draw, derived again from the stored figures (`python -m app rebuild-derived`).
    "derived.rebuild",
    # A restore replaces everything; its entry moves the version even when the restored
    # revision ids equal the replaced ones.
    "restore",
)


def content_version(session: Session) -> tuple[int, int]:
    """(latest revision, latest content edit): any change to it invalidates cached pages."""
    # One round trip: it is asked once per request.
    revision = select(func.max(Revision.id)).scalar_subquery()
    edit = (
        select(func.max(AuditEntry.id))
        .where(AuditEntry.action.in_(CONTENT_EDITS))
        .scalar_subquery()
    )
    found = session.execute(select(revision, edit)).one()
    return found[0] or 0, found[1] or 0


def version_of(session: Session) -> tuple[int, int]:
    """The content version as this session first saw it: one read per request, and every
    value a request combines comes from the same version."""
    found: tuple[int, int] | None = session.info.get("content_version")
    if found is None:
        found = session.info["content_version"] = content_version(session)
    return found


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_rollback")
def _forget_version(session: Session, *_: object) -> None:
    """A session that writes (a publish, an edit) reads its own new version afterwards."""
    session.info.pop("content_version", None)


# Set on a session whose transaction changes the content (app/purges.py reads it).
WROTE_CONTENT = "wrote_content"


@event.listens_for(Session, "after_rollback")
def _forget_writes(session: Session) -> None:
    session.info.pop(WROTE_CONTENT, None)


def lock_writes(session: Session) -> None:
    """One publish, rollback or content edit at a time, so the ids that make the version are
    given in commit order. The lock ends with the transaction, so a worker that dies
    mid-publish cannot leak it. SQLite needs nothing: the database lock serialises writers."""
    session.info[WROTE_CONTENT] = True
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7301)"))
    if os.environ.get(FAULT_PAUSE):
        session.connection().info[FAULT_PAUSE] = True


# Fault injection for the crash tests: a transaction holding the write lock (a publish, seed,
# rollback, edit or restore) waits this many seconds with everything written and nothing
# committed. Inert unless the test harness sets the variable.
FAULT_PAUSE = "SHARETRACK_FAULT_PAUSE_BEFORE_COMMIT"


def pause_before_commit() -> None:
    """Say so on standard error (the tests wait for it), then wait, then commit."""
    seconds = float(os.environ.get(FAULT_PAUSE) or 0)
    if seconds:
        print(f"fault injection: {seconds} s before commit", file=sys.stderr, flush=True)
        time.sleep(seconds)


@event.listens_for(Engine, "commit")
def _pause_marked(connection: Connection) -> None:
    if connection.info.pop(FAULT_PAUSE, False):
        pause_before_commit()


@event.listens_for(Engine, "rollback")
def _unmark(connection: Connection) -> None:
    connection.info.pop(FAULT_PAUSE, None)  # the mark must not outlive its transaction


class VersionClock:
    """The version of everything pages show (data revision, vendor and event edits).

    With an interval, a background thread reads it every `interval` seconds, so the event loop
    never waits for the database (nor for a pooled connection when every one is busy with
    uncached requests). With interval 0 it is read on every call, in the caller's thread: for
    tests and tools that must see their own writes at once.
    """

    def __init__(
        self,
        read: Callable[[], object],
        interval: float = 0.2,
        on_change: Callable[[], object] | None = None,
        warm_for: float = 0.7,
    ) -> None:
        """`on_change` runs in a thread of its own when a new version is seen (not the first).
        For a version the poller finds (a publish by another worker or process), readers
        switch to it once on_change is done, or after `warm_for` seconds if it takes longer."""
        self._read, self._interval, self._on_change = read, interval, on_change
        self._warm_for = warm_for
        self._value: object = None
        self._refreshes = 0  # so a poll read before a refresh never overwrites what it read
        self._lock = threading.Lock()
        self._poller: threading.Thread | None = None
        self._acted_on: object = None  # the version on_change last ran for (or first seen)
        self._changing = threading.Lock()
        self._stopped = threading.Event()

    def current(self) -> object:
        """The version, or None while the database cannot say (the cache then stands aside)."""
        if self._interval == 0:
            self.refresh()
        elif self._poller is None:
            self._poller = threading.Thread(target=self._poll, name="version-clock", daemon=True)
            self._poller.start()
        return self._value

    def refresh(self) -> None:
        with self._lock:
            self._value = self._read_or_none()
            self._refreshes += 1

    def _read_or_none(self) -> object:
        try:
            return self._read()
        except SQLAlchemyError:
            # Down or restarting: requests go to the app, which answers 503 by itself.
            return None

    def stop(self) -> None:
        """At the app's shutdown: poll no more (a process may start and stop many apps)."""
        self._stopped.set()

    def _poll(self) -> None:
        # Nothing but stop() may end this loop: a dead poller would serve one version forever.
        while not self._stopped.is_set():
            try:
                refreshes = self._refreshes
                seen = self._read_or_none()
                warming = self._maybe_changed(seen)
                if warming is not None and seen != self._value:
                    # Published elsewhere: readers keep the answers of the version they have
                    # until its slices are derived for this one, so that the first of them
                    # after the switch do not all wait for a derivation (150 ms and more at
                    # full scale); bounded, as a publish must reach every worker within 1 s.
                    warming.wait(self._warm_for)
                with self._lock:
                    if self._refreshes == refreshes:  # else a refresh has read a newer one
                        self._value = seen
            except Exception:  # logged; the next round tries again
                log.exception("reading the content version failed")
            self._stopped.wait(self._interval)

    def _maybe_changed(self, now: object) -> threading.Event | None:
        """Start on_change for a version not acted on yet; the event is set when it ends."""
        # Compared with the version last acted on, not the previous reading: a worker's own
        # publish refreshes the value itself, and must set off on_change too.
        if now is None or now == self._acted_on:
            return None
        first, self._acted_on = self._acted_on is None, now
        if first or self._on_change is None or not self._changing.acquire(blocking=False):
            return None  # at most one run at a time; a newer version is caught next round
        done = threading.Event()
        threading.Thread(
            target=self._run_on_change, args=(done,), name="version-change", daemon=True
        ).start()
        return done

    def _run_on_change(self, done: threading.Event) -> None:
        # A thread of its own: re-deriving takes seconds at full scale, and polling goes on.
        try:
            assert self._on_change is not None
            self._on_change()
        except Exception:
            log.exception("work after a new version failed; readers will do it")
        finally:
            self._changing.release()
            done.set()
