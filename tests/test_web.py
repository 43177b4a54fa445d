"""app/web.py: templates name their routes, and the links they make are paths."""

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.conftest import app_on

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_templates_name_routes_instead_of_writing_paths() -> None:
    written = [
        f"{path.relative_to(TEMPLATES)}: {found.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for found in re.finditer(r'(?:href|action|src)="/[^"]*"', path.read_text())
    ]
    assert written == []


def test_links_are_paths_under_the_root_path(db: Session) -> None:
    with TestClient(app_on(db), root_path="/sharetrack") as client:
        page = client.get("/charts/rank?source=canalys").text
    assert '<a class="brand" href="/sharetrack/">' in page
    assert 'action="/sharetrack/charts/rank"' in page
    assert 'data-url="/sharetrack/charts/share"' in page  # the chart switch's target
    assert 'href="/sharetrack/api/v1/charts/rank.csv?market=india&amp;' in page
