"""Hostile uploads against a live server: refused early, with the worker's memory bounded."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from bench.servers import AppServer as Server
from tests.conftest import build_database


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def send_chunked(port: int, megabytes: int) -> bytes:
    """50 MiB with no Content-Length, as a client trying to get past a header check would."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(
            b"POST /api/v1/imports HTTP/1.1\r\nHost: x\r\n"
            b"Transfer-Encoding: chunked\r\nContent-Type: text/csv\r\n\r\n"
        )
        chunk = b"x" * (1024 * 1024)
        try:
            for _ in range(megabytes):
                connection.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            connection.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: the point of the test
        connection.settimeout(10)
        try:
            return connection.recv(4096)
        except (ConnectionResetError, TimeoutError):
            return b""


def test_a_50_mib_chunked_upload_is_refused_and_memory_stays_flat(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    build_database(url)
    server = Server(url).start()
    try:
        assert server.process is not None
        before = rss_kib(server.process.pid)
        started = time.monotonic()
        answer = send_chunked(server.port, 50)
        assert answer.startswith(b"HTTP/1.1 413")
        assert time.monotonic() - started < 5
        growth_mib = (rss_kib(server.process.pid) - before) / 1024
        assert growth_mib < 10, f"worker grew by {growth_mib:.1f} MiB"
    finally:
        server.stop()
