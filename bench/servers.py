"""Running the app (or a baseline) in a process of its own on a free loopback port.

Shared by the benchmarks and the tests that need a real server (browser, faults, load).
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_ports(count: int) -> list[int]:
    """Distinct free ports: all sockets stay open until every port is known."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]
    finally:
        for s in sockets:
            s.close()


def free_port() -> int:
    return free_ports(1)[0]


def get(base: str, path: str, timeout: float = 30) -> bytes:
    """The body of one GET on a connection of its own. http.client, not httpx: a new httpx
    client per request costs tens of milliseconds, which would blur what is measured."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


def sample_database(workdir: Path) -> str:
    """A SQLite file in workdir holding the bundled sample data, as `make run` loads it."""
    url = f"sqlite:///{workdir / 'sample.db'}"
    for command in ("migrate", "seed"):
        subprocess.run(
            [sys.executable, "-m", "app", command],
            cwd=ROOT,
            check=True,
            env={**os.environ, "DATABASE_URL": url},
            stdout=subprocess.DEVNULL,
        )
    return url


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


class AppServer:
    """uvicorn serving the app on a database URL; start, kill (SIGKILL) or stop it."""

    def __init__(
        self, database_url: str, app: str = "app.main:app", workers: int = 1, **env: str
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.app, self.workers = app, workers
        self.env = {**os.environ, "DATABASE_URL": database_url, "BASE_URL": self.base, **env}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> AppServer:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                self.app,
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=self.env,
            cwd=ROOT,
        )
        wait_for(f"{self.base}/healthz")
        return self

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # no cleanup of any kind, as a crash
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
