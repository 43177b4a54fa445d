"""A throwaway PostgreSQL cluster of our own, so restarts disturb nobody."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.servers import free_port
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
    found = Cluster(directory, free_port())
    found.pg_ctl("start")
    as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(found.port), "sharetrack")
    build_database(found.url)
    yield found
    found.pg_ctl("stop", "-m", "immediate")
    shutil.rmtree(directory, ignore_errors=True)
