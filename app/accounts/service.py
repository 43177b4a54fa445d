"""Users, passwords (argon2id), server-side sessions, login throttling and API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app import audit
from app.errors import AppError
from app.models import ROLES, ApiToken, AuditEntry, User, UserSession, utcnow

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory: m=64 MiB, t=3, p=4
# Verified against when the username is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 1024
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
THROTTLE_WINDOW = timedelta(minutes=5)
THROTTLE_FAILURES = 5
TOKEN_LIFETIME = timedelta(days=90)
LOGIN_FAILED = "login.failed"


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def generate_password() -> str:
    return secrets.token_urlsafe(18)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AppError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise AppError(f"the password must have at most {MAX_PASSWORD_CHARS} characters")


def create_user(session: Session, username: str, password: str, *, role: str = "admin") -> User:
    username = username.strip()
    if not username or len(username) > 100:
        raise AppError("the username must have 1 to 100 characters")
    if role not in ROLES:
        raise AppError(f"role must be one of {', '.join(ROLES)}")
    check_password_rules(password)
    if session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise AppError(f"user '{username}' already exists", status_code=409)
    user = User(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


class LoginThrottled(AppError):
    status_code = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins for this account; try again in {retry_after} s")
        self.retry_after = retry_after


def _throttle(session: Session, username: str, now: datetime) -> None:
    """5 failures for one account in 5 minutes lock it for the rest of the window; the lock
    expires by itself, so nobody can lock an admin out for longer than that."""
    since = now - THROTTLE_WINDOW
    failures = list(
        session.scalars(
            select(AuditEntry.at)
            .where(
                AuditEntry.action == LOGIN_FAILED,
                func.lower(AuditEntry.actor) == username.lower(),
                AuditEntry.at > since,
            )
            .order_by(AuditEntry.at)
        )
    )
    if len(failures) >= THROTTLE_FAILURES:
        oldest = failures[-THROTTLE_FAILURES]
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
        raise LoginThrottled(max(1, int((oldest + THROTTLE_WINDOW - now).total_seconds()) + 1))


def authenticate(session: Session, username: str, password: str, *, ip: str | None) -> User | None:
    """The user, or None with the same cost and answer for a wrong name or a wrong password."""
    now = utcnow()
    username = username.strip()[:100]
    _throttle(session, username, now)
    user = session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    ok: bool
    try:
        ok = _hasher.verify(
            user.password_hash if user else _DUMMY_HASH, password[:MAX_PASSWORD_CHARS]
        )
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or not user.is_active:
        audit.record(session, LOGIN_FAILED, actor=username or "(empty)", ip=ip)
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(session, "login", user=user, ip=ip)
    return user


@dataclass(frozen=True)
class NewSession:
    token: str  # goes in the cookie; only its hash is stored
    record: UserSession


def start_session(session: Session, user: User) -> NewSession:
    token = secrets.token_urlsafe(32)
    record = UserSession(
        token_sha256=_sha256(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32)
    )
    session.add(record)
    session.flush()
    return NewSession(token, record)


def resolve_session(session: Session, token: str | None) -> tuple[User, UserSession] | None:
    """The user behind a session cookie, if the session is live; touches its idle clock."""
    if not token:
        return None
    found = session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_sha256 == _sha256(token), UserSession.ended_at.is_(None))
    ).first()
    if found is None:
        return None
    record, user = found
    now = utcnow()
    created, seen = _aware(record.created_at, now), _aware(record.last_seen_at, now)
    if not user.is_active or now - seen > IDLE_TIMEOUT or now - created > ABSOLUTE_TIMEOUT:
        record.ended_at = now
        return None
    if now - seen > timedelta(minutes=1):  # a write per request would be wasteful
        record.last_seen_at = now
    return user, record


def _aware(moment: datetime, now: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)


def end_session(session: Session, record: UserSession) -> None:
    record.ended_at = utcnow()


def end_all_sessions(session: Session, user: User) -> None:
    session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def csrf_ok(record: UserSession, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(record.csrf_token, submitted or "")


def set_active(session: Session, user: User, active: bool) -> None:
    user.is_active = active
    if not active:
        end_all_sessions(session, user)


# API tokens ---------------------------------------------------------------------------------


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new upload token. The raw value is returned once and never stored."""
    raw = "st_" + secrets.token_urlsafe(32)  # 256 bits
    token = ApiToken(
        name=name.strip()[:100] or "token",
        token_sha256=_sha256(raw),
        user_id=user.id,
        expires_at=utcnow() + TOKEN_LIFETIME,
    )
    session.add(token)
    session.flush()
    return token, raw


def resolve_token(session: Session, raw: str) -> User | None:
    now = utcnow()
    found = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_sha256 == _sha256(raw), ApiToken.revoked_at.is_(None))
    ).first()
    if found is None:
        return None
    token, user = found
    if _aware(token.expires_at, now) <= now or not user.is_active:
        return None
    token.last_used_at = now
    return user


def revoke_token(session: Session, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise AppError(f"token {token_id} does not exist", status_code=404)
    token.revoked_at = token.revoked_at or utcnow()
    return token


def tokens(session: Session) -> list[tuple[ApiToken, User]]:
    return [
        (t, u)
        for t, u in session.execute(
            select(ApiToken, User)
            .join(User, User.id == ApiToken.user_id)
            .order_by(ApiToken.id.desc())
        )
    ]


def users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))
