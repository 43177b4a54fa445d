"""Users and passwords (argon2id, RFC 9106 low-memory parameters)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import AppError
from app.models import ROLES, User

_hasher = PasswordHasher()  # argon2id, m=64 MiB, t=3, p=4
MIN_PASSWORD_CHARS = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def generate_password() -> str:
    return secrets.token_urlsafe(18)


def create_user(session: Session, username: str, password: str, *, role: str = "admin") -> User:
    username = username.strip()
    if not username:
        raise AppError("the username is empty")
    if role not in ROLES:
        raise AppError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_CHARS:
        raise AppError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AppError(f"user '{username}' already exists", status_code=409)
    user = User(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user
