"""Who may frame embeds: a validated allowlist, default every site."""

import pytest

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
