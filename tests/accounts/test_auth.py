"""Accounts: login, sessions, throttling, CSRF, roles, tokens (SQLite and PostgreSQL)."""

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import service
from app.models import ApiToken, AuditEntry, User, UserSession
from tests.conftest import ADMIN_PASSWORD, LoggedIn, login


def age(db: Session, model: type, column: str, by: timedelta) -> None:
    """Move timestamps into the past (the clock, not SQL date arithmetic, which SQLite lacks)."""
    for row in db.scalars(select(model)):
        setattr(row, column, getattr(row, column) - by)
    db.flush()


def test_admin_pages_send_anonymous_users_to_login(secure_client: TestClient) -> None:
    response = secure_client.get("/admin/revisions", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=/admin/revisions"


def test_login_sets_a_hardened_cookie_and_a_new_session(
    db: Session, secure_client: TestClient
) -> None:
    service.create_user(db, "asha", ADMIN_PASSWORD)
    response = secure_client.post(
        "/admin/login",
        data={"username": "asha", "password": ADMIN_PASSWORD},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-sharetrack=")
    assert all(part in cookie for part in ("HttpOnly", "Secure", "SameSite=lax", "Path=/"))
    assert "Domain" not in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 43  # 256 bits, url-safe
    stored = db.scalars(select(UserSession.token_sha256)).all()
    assert token not in stored and len(stored) == 1  # only the hash is kept


def test_password_is_argon2id(db: Session) -> None:
    user = service.create_user(db, "asha", ADMIN_PASSWORD)
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    long_a, long_b = "x" * 99 + "a", "x" * 99 + "b"
    other = service.create_user(db, "long", long_a)
    assert service.authenticate(db, "long", long_b, ip=None) is None  # not truncated
    assert service.authenticate(db, "long", long_a, ip=None) is other


def test_wrong_user_and_wrong_password_look_the_same(
    db: Session, secure_client: TestClient
) -> None:
    service.create_user(db, "asha", ADMIN_PASSWORD)
    a = secure_client.post("/admin/login", data={"username": "nobody", "password": "whatever1"})
    b = secure_client.post("/admin/login", data={"username": "asha", "password": "whatever1"})
    assert a.status_code == b.status_code == 401
    assert a.text == b.text and "wrong username or password" in a.text
    assert "set-cookie" not in a.headers and "set-cookie" not in b.headers


def test_throttled_after_five_failures_even_with_the_right_password(
    db: Session, secure_client: TestClient
) -> None:
    service.create_user(db, "asha", ADMIN_PASSWORD)
    for _ in range(5):
        assert (
            secure_client.post(
                "/admin/login", data={"username": "asha", "password": "nope-nope"}
            ).status_code
            == 401
        )
    blocked = secure_client.post(
        "/admin/login", data={"username": "ASHA", "password": ADMIN_PASSWORD}
    )
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["retry-after"]) <= 301
    assert "too many failed logins for this account" in blocked.text
    # The window passes: the failures age out and the right password works again.
    age(db, AuditEntry, "at", timedelta(minutes=6))
    assert login(secure_client, "asha")


def test_logout_ends_the_session_server_side(admin_client: LoggedIn) -> None:
    cookie = admin_client.client.cookies.get("__Host-sharetrack")
    assert admin_client.post("/admin/logout").status_code == 303
    replay = TestClient(admin_client.client.app, base_url="https://testserver")
    replay.cookies.set("__Host-sharetrack", cookie or "")
    assert replay.get("/admin", follow_redirects=False).status_code == 303


def test_idle_and_absolute_timeouts(db: Session, admin_client: LoggedIn) -> None:
    assert admin_client.get("/admin").status_code == 200
    age(db, UserSession, "last_seen_at", timedelta(minutes=31))
    assert admin_client.get("/admin", follow_redirects=False).status_code == 303


def test_absolute_timeout(db: Session, admin_client: LoggedIn) -> None:
    age(db, UserSession, "created_at", timedelta(hours=13))
    assert admin_client.get("/admin", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_their_sessions(db: Session, uploader_client: LoggedIn) -> None:
    ravi = db.scalar(select(User).where(User.username == "ravi"))
    assert ravi is not None
    service.set_active(db, ravi, False)
    assert uploader_client.get("/admin", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": "https://evil.example"},
    ],
)
def test_cross_site_posts_are_refused(admin_client: LoggedIn, headers: dict[str, str]) -> None:
    response = admin_client.post("/admin/events", data={"title": "x"}, headers=headers)
    assert response.status_code == 403


def test_missing_csrf_token_is_refused(admin_client: LoggedIn) -> None:
    response = admin_client.client.post("/admin/logout", data={}, follow_redirects=False)
    assert response.status_code == 403
    assert "the form expired or did not come from this site" in response.text


def test_uploader_cannot_reach_admin_only_pages(uploader_client: LoggedIn) -> None:
    assert uploader_client.get("/admin/users").status_code == 403
    assert uploader_client.post("/admin/revisions/1/rollback").status_code == 403
    assert uploader_client.get("/admin/imports/new").status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example", "/\\evil.example"])
def test_login_never_redirects_off_site(
    db: Session, secure_client: TestClient, target: str
) -> None:
    service.create_user(db, "asha", ADMIN_PASSWORD)
    response = secure_client.post(
        "/admin/login",
        follow_redirects=False,
        data={"username": "asha", "password": ADMIN_PASSWORD, "next": target},
    )
    assert response.headers["location"] == "/admin"


def test_token_shown_once_stored_hashed_and_revocable(db: Session, admin_client: LoggedIn) -> None:
    page = admin_client.post("/admin/tokens", data={"name": "nightly sync"})
    raw = re.search(r'<code class="secret">(st_[^<]+)</code>', page.text)
    assert raw is not None
    token = db.scalar(select(ApiToken))
    assert token is not None and token.token_sha256 != raw.group(1)
    assert raw.group(1) not in admin_client.get("/admin/tokens").text
    api = admin_client.client
    ok = api.post(
        "/api/v1/imports?dry_run=true",
        headers={"authorization": f"Bearer {raw.group(1)}"},
        files={
            "file": (
                "q.csv",
                b"source,market,category,quarter,vendor,share_pct\n"
                b"canalys,india,smartphones,2022Q4,Samsung,21\n",
            )
        },
    )
    assert ok.status_code == 200 and ok.json()["summary"] == "0 new, 0 changed, 1 unchanged"
    admin_client.post(f"/admin/tokens/{token.id}/revoke")
    refused = api.post(
        "/api/v1/imports?dry_run=true",
        headers={"authorization": f"Bearer {raw.group(1)}"},
        files={"file": ("q.csv", b"x")},
    )
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"


def test_token_in_the_url_is_refused(client: TestClient) -> None:
    response = client.post("/api/v1/imports?token=st_abc", files={"file": ("q.csv", b"x")})
    assert response.status_code == 401
    assert (
        response.json()["error"]
        == "send the API token in the Authorization header, never in the URL"
    )


def test_every_admin_action_is_audited(db: Session, admin_client: LoggedIn) -> None:
    admin_client.post("/admin/users", data={"username": "ravi", "role": "uploader"})
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["login", "user.create"]
    assert "user.create" in admin_client.get("/admin/audit").text


def test_login_issues_a_new_session_id(db: Session, secure_client: TestClient) -> None:
    """Session fixation: a cookie planted before login is never the session after it."""
    service.create_user(db, "asha", ADMIN_PASSWORD)
    secure_client.cookies.set("__Host-sharetrack", "planted-by-an-attacker")
    response = secure_client.post(
        "/admin/login",
        data={"username": "asha", "password": ADMIN_PASSWORD},
        follow_redirects=False,
    )
    issued = response.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert issued != "planted-by-an-attacker"
    assert service.resolve_session(db, "planted-by-an-attacker") is None
    assert service.resolve_session(db, issued) is not None
