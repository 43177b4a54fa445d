"""Settings in one place; defaults run on a laptop, the environment overrides them."""

from functools import lru_cache
from urllib.parse import urlsplit

from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "dev-only-change-me"  # noqa: S105
# Addresses only this machine reaches: the development secret is harmless there.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./sharetrack.db"
    # Signs nothing a laptop install exposes; production sets its own (see README).
    secret_key: str = DEVELOPMENT_SECRET
    base_url: str = "http://127.0.0.1:8000"
    public_embed_origins: str = "*"
    # Web requests must fail fast rather than queue behind a stuck query.
    statement_timeout_ms: int = 5000
    pool_timeout_s: int = 5
    # The session cookie is Secure (__Host- prefixed); browsers accept that on http://127.0.0.1
    # too. Turn off only for a plain-http deployment behind nothing, which we advise against.
    cookie_secure: bool = True
    # Derived figures kept in each worker, counted in points (about 0.5 KB each): the
    # bundled data is 1,300 points; a full-scale tracker slice (200 vendors × 80 quarters)
    # is 20,000.
    slice_cache_points: int = 400_000
    # An uploaded file (web form or API); the CLI reads local files under its own limits.
    max_upload_bytes: int = 5 * 1024 * 1024
    # A CDN in front (README, "Past one machine"): how long it keeps live answers (0: as
    # long as browsers, 60-300 s), and where to POST the keys to purge after each publish.
    cdn_max_age: int = 0
    cdn_purge_webhook: str = ""


def refuse_development_secret(settings: Settings) -> None:
    """Stop the app from starting on a public address with the development secret (or none)."""
    host = urlsplit(settings.base_url).hostname or ""
    local = host in LOCAL_HOSTS or host.endswith(".localhost")
    if settings.secret_key.strip() in ("", DEVELOPMENT_SECRET) and not local:
        raise ValueError(
            f"SECRET_KEY is the development default, and BASE_URL ({settings.base_url}) is not "
            "a local address: set SECRET_KEY to a long random string in the environment or "
            ".env, e.g. SECRET_KEY=$(openssl rand -hex 32)"
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
