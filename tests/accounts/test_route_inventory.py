"""Every admin page and every write route refuses anonymous users; a new route is covered
automatically because the list comes from the app itself."""

import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import LoggedIn

PUBLIC_POSTS = {"/admin/login"}
ADMIN_ONLY = (
    "/admin/users",
    "/admin/tokens",
    "/admin/audit",
    "/admin/revisions/{revision_id}/rollback",
    "/admin/sources",
    "/admin/sources/{slug}",
    "/admin/markets",
    "/admin/markets/{slug}",
    "/admin/categories",
    "/admin/categories/{slug}",
)


def protected_routes() -> list[tuple[str, str]]:
    routes = []
    for context in iter_route_contexts(create_app().routes):
        route = context.route
        if not isinstance(route, APIRoute):
            continue
        for method in route.methods - {"HEAD"}:
            writes = method != "GET"
            if (route.path.startswith("/admin") or writes) and route.path not in PUBLIC_POSTS:
                routes.append((method, route.path))
    return sorted(routes)


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_inventory_is_not_empty() -> None:
    paths = {path for _, path in protected_routes()}
    assert {
        "/admin",
        "/admin/imports",
        "/api/v1/imports",
        "/admin/revisions/{revision_id}/rollback",
    } <= paths


@pytest.mark.parametrize(("method", "path"), protected_routes())
def test_anonymous_is_refused(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, concrete(path), follow_redirects=False)
    if path.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/admin/login?next=")


@pytest.mark.parametrize("path", ADMIN_ONLY)
def test_uploaders_are_refused_admin_only_routes(uploader_client: LoggedIn, path: str) -> None:
    method = "POST" if path.endswith("rollback") else "GET"
    response = (
        uploader_client.post(concrete(path))
        if method == "POST"
        else uploader_client.get(concrete(path))
    )
    assert response.status_code == 403
