"""Who may frame embeds: a validated allowlist, default every site."""

import pytest

from app.config import DEVELOPMENT_SECRET, Settings, get_settings, refuse_development_secret
from app.main import create_app
from app.security import embed_ancestors


def test_default_is_every_site() -> None:
    assert embed_ancestors("*") == "*"


def test_bare_origins_are_kept_verbatim() -> None:
    assert embed_ancestors("https://news.example https://*.media.example:8443") == (
        "https://news.example https://*.media.example:8443"
    )


@pytest.mark.parametrize(
    "bad",
    [
        "https://*.news.example/path",
        "javascript:alert(1)",
        "https://a.example; script-src *",
        "ftp://a.example",
        "https://a.example?x=1",
        "",
        "* https://a.example",
    ],
)
def test_anything_else_refuses_to_start(bad: str) -> None:
    with pytest.raises(ValueError, match="PUBLIC_EMBED_ORIGINS"):
        embed_ancestors(bad)


@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", "http://app.localhost"],
)
def test_the_development_secret_is_accepted_on_a_local_address(base_url: str) -> None:
    refuse_development_secret(Settings(base_url=base_url, secret_key=DEVELOPMENT_SECRET))


@pytest.mark.parametrize("secret", [DEVELOPMENT_SECRET, "", "  "])
def test_the_development_secret_on_a_public_address_refuses_to_start(
    secret: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError) as refused:
        refuse_development_secret(
            Settings(base_url="https://sharetrack.example", secret_key=secret)
        )
    assert str(refused.value) == (
        "SECRET_KEY is the development default, and BASE_URL (https://sharetrack.example) is not "
        "a local address: set SECRET_KEY to a long random string in the environment or .env, "
        "e.g. SECRET_KEY=$(openssl rand -hex 32)"
    )
    # The app itself: create_app() is what uvicorn and `python -m app serve` start.
    monkeypatch.setenv("BASE_URL", "https://sharetrack.example")
    monkeypatch.setenv("SECRET_KEY", secret)
    get_settings.cache_clear()
    try:
        with pytest.raises(ValueError, match="SECRET_KEY is the development default"):
            create_app()
        monkeypatch.setenv("SECRET_KEY", "a long random string set by the operator")
        get_settings.cache_clear()
        assert create_app().title == "sharetrack"
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_a_set_secret_on_a_public_address_starts() -> None:
    refuse_development_secret(
        Settings(base_url="https://sharetrack.example", secret_key="9f2c" * 16)
    )
