"""A throwaway PostgreSQL cluster of our own (so restarts disturb nobody), and app servers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import _free_port
from tests.conftest import REQUIRE_POSTGRES, build_database

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def as_postgres(*command: str) -> None:
    subprocess.run(
        ["su", "postgres", "-c", " ".join(command)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@dataclass
class Cluster:
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/sharetrack"

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-w",
            "-o",
            f"'{options}'",
            *extra,
            action,
        )


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").exists() or os.geteuid() != 0:
        if REQUIRE_POSTGRES:
            pytest.fail("the fault tests need PostgreSQL 15 binaries and root (to run as postgres)")
        pytest.skip("needs PostgreSQL 15 binaries and root")
    directory = Path(tempfile.mkdtemp(prefix="sharetrack-pg-", dir="/tmp"))
    shutil.chown(directory, "postgres", "postgres")
    as_postgres(
        str(PG_BIN / "initdb"), "-D", str(directory / "data"), "-A", "trust", "-U", "postgres"
    )
    found = Cluster(directory, _free_port())
    found.pg_ctl("start")
    as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(found.port), "sharetrack")
    build_database(found.url)
    yield found
    found.pg_ctl("stop", "-m", "immediate")
    shutil.rmtree(directory, ignore_errors=True)


class Server:
    """uvicorn running the app in a process of its own, so it can be killed."""

    def __init__(self, url: str, **env: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": url, "BASE_URL": self.base, **env}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "app.main:app",
                "--port",
                str(self.port),
                "--log-level",
                "critical",
            ],
            env=self.env,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.base}/healthz", timeout=1)
                return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no cleanup of any kind
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
