"""Per-version memos: one computation per key, a new version recomputes, memory is bounded."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from app import audit
from app.db import make_engine
from app.imports import service as imports
from app.observations import service as observations
from app.periods import Period
from app.versioned_memo import VersionedMemo, gc_paused
from app.versions import VersionClock, content_version, lock_writes, version_of
from tests.helpers import LONG_HEADER, csv_bytes


def test_concurrent_readers_of_one_key_compute_it_once(db: Session) -> None:
    memo: VersionedMemo = VersionedMemo(10)
    computed = 0
    version_of(db)  # the session is shared by the threads below: read the version first

    def slow() -> str:
        nonlocal computed
        computed += 1
        time.sleep(0.05)
        return "slice"

    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(memo.get(db, "k", slow))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["slice"] * 8 and computed == 1


def test_an_edit_moves_the_version_and_the_value_is_worked_out_again(db: Session) -> None:
    memo: VersionedMemo = VersionedMemo(10)
    calls: list[tuple[int, int]] = []

    def compute() -> tuple[int, int]:
        calls.append(content_version(db))
        return calls[-1]

    first = memo.get(db, "names", compute)
    assert memo.get(db, "names", compute) == first and len(calls) == 1
    audit.record(db, "vendor.edit", actor="test", detail="renamed")  # flushes
    second = memo.get(db, "names", compute)
    assert len(calls) == 2 and second[1] > first[1] and second[0] == first[0]


def test_values_are_dropped_oldest_first_beyond_the_budget(db: Session) -> None:
    memo: VersionedMemo = VersionedMemo(10, weigh=len)
    memo.get(db, "a", lambda: "x" * 6)
    memo.get(db, "b", lambda: "y" * 3)
    memo.get(db, "a", lambda: "recomputed")  # a is now the most recent
    memo.get(db, "c", lambda: "z" * 4)  # 13 > 10: b, the least recent, goes
    assert memo.get(db, "a", lambda: "recomputed") == "x" * 6
    assert memo.get(db, "b", lambda: "again") == "again"


def test_after_a_publish_the_slices_in_use_are_derived_again_before_anyone_asks(
    db: Session,
) -> None:
    before = observations.load_slice(db, "canalys", "india", "smartphones")
    observations.load_slice(db, "canalys", "india", "smartphones", as_of=1)  # pinned: kept
    imports.publish(
        db,
        csv_bytes(LONG_HEADER, "canalys,india,smartphones,2025Q2,vivo,8.2,21.5,1,,,,"),
        "fix.csv",
    )
    assert observations.rewarm(db) == 1
    warmed = observations.load_slice(db, "canalys", "india", "smartphones")
    assert warmed is not before  # worked out again, for the new version...
    vivo = warmed.by_key[("vivo", Period(2025, 2))]
    assert vivo.share_pct == Decimal("21.5")  # ...with the published figure
    assert observations.load_slice(db, "canalys", "india", "smartphones") is warmed


def test_the_clock_tells_when_the_version_moves() -> None:
    versions = iter([1, 1, 2])
    changes: list[object] = []
    clock = VersionClock(
        lambda: next(versions, 2), interval=0.01, on_change=lambda: changes.append("new")
    )
    clock.current()
    deadline = time.monotonic() + 5
    while not changes and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert clock.current() == 2 and len(changes) == 1


def test_overlapping_gc_pauses_turn_collection_back_on_once_both_end() -> None:
    assert gc.isenabled()
    inside, leave = threading.Event(), threading.Event()

    def long_build() -> None:
        with gc_paused():
            inside.set()
            leave.wait(5)

    other = threading.Thread(target=long_build)
    with gc_paused():
        other.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other build, begun while collection was off, still runs
    leave.set()
    other.join()
    assert gc.isenabled()


def test_the_clock_acts_on_a_version_this_worker_wrote_itself() -> None:
    """After a publish in this worker the POST refreshes the clock directly; the poller must
    still see the change and re-derive."""
    version = {"now": 1}
    changes: list[int] = []
    clock = VersionClock(
        lambda: version["now"], interval=0.02, on_change=lambda: changes.append(version["now"])
    )
    clock.current()
    _wait_until(lambda: clock.current() == 1)
    version["now"] = 2
    clock.refresh()  # what the POST does before answering
    _wait_until(lambda: changes == [2])
    time.sleep(0.1)
    assert changes == [2]


def test_readers_switch_to_a_version_published_elsewhere_once_it_is_derived() -> None:
    """Until the new version's slices are derived, readers keep the answers they have: the
    first of them after the switch then find the slices ready instead of all waiting."""
    version = {"now": 1}
    derived = threading.Event()
    seen_while_deriving: list[object] = []

    def derive() -> None:
        seen_while_deriving.append(clock.current())
        derived.wait(5)

    clock = VersionClock(lambda: version["now"], interval=0.01, on_change=derive, warm_for=5)
    clock.current()
    _wait_until(lambda: clock.current() == 1)
    version["now"] = 2
    _wait_until(lambda: bool(seen_while_deriving))
    time.sleep(0.1)
    assert seen_while_deriving == [1] and clock.current() == 1
    derived.set()
    _wait_until(lambda: clock.current() == 2)


def test_a_slow_derivation_holds_readers_back_for_warm_for_at_most() -> None:
    version, stuck = {"now": 1}, threading.Event()
    clock = VersionClock(
        lambda: version["now"], interval=0.01, on_change=lambda: stuck.wait(5), warm_for=0.2
    )
    clock.current()
    _wait_until(lambda: clock.current() == 1)
    version["now"] = 2
    started = time.monotonic()
    _wait_until(lambda: clock.current() == 2)
    assert 0.15 < time.monotonic() - started < 5
    stuck.set()


def _wait_until(condition: Callable[[], bool], seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_content_edits_wait_for_a_publish_in_progress(fresh_url: str) -> None:
    """Ids of content edits follow commit order (the version is the newest id): an edit
    waits while a publish holds the write lock."""
    engine = make_engine(fresh_url)
    edited = threading.Event()

    def edit() -> None:
        with Session(engine) as other, other.begin():
            audit.record(other, "vendor.edit", actor="test", detail="renamed")
        edited.set()

    with Session(engine) as publishing, publishing.begin():
        lock_writes(publishing)
        editor = threading.Thread(target=edit)
        editor.start()
        assert not edited.wait(0.5)  # held back while the publish is open
    editor.join(5)
    assert edited.is_set()
    engine.dispose()
