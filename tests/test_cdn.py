"""Past one machine: answers a CDN can keep and purge by key, the purge webhook a publish
sends, and two app hosts on one database serving each other's publishes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import cli
from app.accounts.service import create_token, create_user
from app.cache_policy import surrogate_keys
from app.config import get_settings
from app.db import make_engine
from bench.servers import AppServer
from tests.helpers import LONG_HEADER
from tests.test_cli import cli_db, dump  # noqa: F401 (the fixture)

CHART = "/api/v1/charts/snapshot.json?source=canalys&quarter=2025Q2"


def test_chart_answers_carry_purge_keys_and_a_cdn_lifetime(client: TestClient) -> None:
    live = client.get(CHART)
    assert live.status_code == 200
    assert live.headers["surrogate-key"] == "sharetrack live chart-snapshot tracker-canalys"
    assert live.headers["cache-tag"] == "sharetrack,live,chart-snapshot,tracker-canalys"
    assert live.headers["cache-control"] == (
        "public, max-age=60, s-maxage=60, stale-while-revalidate=3600"
    )
    client.get(CHART)  # stored now: a CDN's revalidation is answered by the cache
    revalidated = client.get(CHART, headers={"if-none-match": live.headers["etag"]})
    assert revalidated.status_code == 304
    assert revalidated.headers["surrogate-key"] == live.headers["surrogate-key"]
    latest = live.json()["revision"]
    pinned = client.get(f"/embed/rank?source=canalys&as_of={latest}")
    assert pinned.status_code == 200
    assert pinned.headers["surrogate-key"] == "sharetrack pinned chart-rank tracker-canalys"
    assert pinned.headers["cache-control"] == "public, max-age=31536000, immutable"
    page = client.get("/")
    assert page.headers["surrogate-key"] == "sharetrack live"


def test_only_slugs_become_keys() -> None:
    assert surrogate_keys("/charts/rank.png", b"source=omdia&source=%3Cb%3E&source=a%20b") == [
        "sharetrack",
        "live",
        "chart-rank",
        "tracker-omdia",
    ]
    assert surrogate_keys("/api/v1/observations.csv", b"as_of=3") == ["sharetrack", "pinned"]


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, object]]]]:
    """A purge endpoint on a free port, recording what it is sent."""
    heard: list[dict[str, object]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            heard.append(json.loads(self.rfile.read(int(self.headers["content-length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/purge", heard
    server.shutdown()


def _wait_for(heard: list[dict[str, object]], count: int) -> None:
    deadline = time.monotonic() + 5
    while len(heard) < count and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_publish_sends_the_purge_webhook_once_and_a_refused_file_none(
    cli_db: str,  # noqa: F811 (the fixture)
    tmp_path: Path,
    webhook: tuple[str, list[dict[str, object]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, heard = webhook
    monkeypatch.setenv("CDN_PURGE_WEBHOOK", url)
    get_settings.cache_clear()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(f"{LONG_HEADER}\ncanalys,india,smartphones,2026Q1,vivo,8.2,21.5,1,,,,\n")
    bad.write_text(f"{LONG_HEADER}\ncanalys,india,smartphones,2026Q5,vivo,8.2,21.5,1,,,,\n")
    assert cli.main(["import", str(good), "--dry-run"]) == 0
    assert cli.main(["import", str(bad)]) == 2
    assert cli.main(["import", str(good)]) == 0
    _wait_for(heard, 1)
    time.sleep(0.2)  # and nothing more comes
    revisions = dump(cli_db)["revisions"]
    assert len(heard) == 1
    assert heard[0]["keys"] == ["live"]
    assert heard[0]["revision"] == revisions[-1][0]


def test_two_app_hosts_serve_each_others_publishes_within_a_second(fresh_url: str) -> None:
    engine = make_engine(fresh_url)
    with Session(engine) as session, session.begin():
        _, token = create_token(session, create_user(session, "sync", "x" * 20), "sync")
    engine.dispose()
    with AppServer(fresh_url) as one, AppServer(fresh_url) as other:
        for _ in range(3):  # both hosts have stored the chart (a host stores on the second ask)
            for host in (one, other):
                share = httpx.get(host.base + CHART).json()["table"]["rows"][0][2]
                assert share == "21.0%"
        fix = f"{LONG_HEADER}\ncanalys,india,smartphones,2025Q2,vivo,8.2,21.5,1,,,,\n"
        published = httpx.post(
            one.base + "/api/v1/imports",
            headers={"authorization": f"Bearer {token}"},
            files={"file": ("fix.csv", fix.encode())},
        )
        assert published.status_code == 201, published.text
        done = time.monotonic()
        seen = None
        while time.monotonic() - done < 1.0:
            seen = httpx.get(other.base + CHART).json()["table"]["rows"][0][2]
            if seen == "21.5%":
                break
            time.sleep(0.05)
        assert seen == "21.5%" and time.monotonic() - done < 1.0
