"""Request limits applied before any route runs."""

from fastapi.testclient import TestClient

from tests.conftest import LoggedIn


def test_nul_bytes_in_addresses_are_refused(client: TestClient) -> None:
    for url in ("/api/v1/observations?category=%00", "/vendors/xi%00aomi", "/charts/rank?from=%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.json() == {"error": "NUL bytes are not allowed in addresses"}


def test_nul_bytes_in_form_fields_are_refused(client: TestClient) -> None:
    response = client.post(
        "/admin/login",
        content=b"username=asha%00&password=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert response.json() == {"error": "NUL bytes are not allowed in form fields"}


def test_chunked_body_over_the_limit_is_refused_while_it_arrives(admin_client: LoggedIn) -> None:
    def chunks():  # no Content-Length: the limit must count bytes as they come
        for _ in range(7):
            yield b"x" * (1024 * 1024)

    response = admin_client.client.post(
        "/admin/imports",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert response.status_code == 413
