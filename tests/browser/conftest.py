"""A live server on the sample data, and Playwright driving Debian's chromium (no download)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.accounts.service import create_user
from app.db import make_engine
from bench.servers import AppServer
from tests.conftest import ADMIN_PASSWORD, REQUIRE_POSTGRES, build_database

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    if not Path(CHROMIUM).exists():
        if REQUIRE_POSTGRES:  # CI: .ci/run installs chromium, so missing is a failure
            pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing; apt-get install chromium to run browser tests")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}"
    build_database(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        create_user(session, "asha", ADMIN_PASSWORD, role="admin")
    engine.dispose()
    with AppServer(url) as server:
        yield server.base


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = os.environ.get("SCREENSHOT_DIR")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
