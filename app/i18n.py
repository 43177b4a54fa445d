"""The reader's language: English (the default) or Hindi, from gettext catalogs.

Every sentence the public side writes is an English message id looked up in the catalog of
the request's language (`app/locales/<lang>/LC_MESSAGES/messages.po`, compiled when first
used, so a clean clone needs no build step). The language is chosen once per request, from
`lang=` or else `Accept-Language`, and held in a context variable: templates, chart builders,
narration and errors all read the same one. Pure: no web framework, no database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qsl

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGS = ("en", "hi")
DEFAULT = "en"
LOCALES = Path(__file__).resolve().parent / "locales"
# Babel's locale for each language's numbers and dates: both group digits the Indian way.
BABEL_LOCALE = {"en": "en_IN", "hi": "hi_IN"}

_current: ContextVar[str] = ContextVar("sharetrack_lang", default=DEFAULT)


def current() -> str:
    return _current.get()


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Speak `lang` within the block (a chart drawn for another language than the request's,
    a test, the CLI)."""
    token = _current.set(lang if lang in LANGS else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def choose(lang: str) -> None:
    """The request's language, set once where the request comes in."""
    _current.set(lang if lang in LANGS else DEFAULT)


@cache
def translations(lang: str) -> NullTranslations:
    """The language's compiled catalog; English is the message ids themselves."""
    if lang == DEFAULT:
        return NullTranslations()
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Marks a message id for the catalog where it is written; translated where it is used."""
    return message


FULL_STOPS = {"en": ".", "hi": "\u0964"}  # Hindi ends a sentence with the danda


def sentence(text: str) -> str:
    """Text ended as a sentence in the reader's language: '.' or '।'."""
    return text.rstrip(".\u0964") + FULL_STOPS[current()]


def negotiate(accept_language: str) -> str:
    """The first of our languages the reader's browser lists (by q-value), else English."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _semi, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if quality > 0 and primary in (*LANGS, "*"):
            ranked.append((-quality, position, DEFAULT if primary == "*" else primary))
    return min(ranked)[2] if ranked else DEFAULT


def from_request(query: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[str, bool]:
    """The language a request asks for, and whether its Accept-Language chose it (so the
    answer varies by that header). A lang= outside LANGS falls back here; chart pages refuse
    it with a message naming the choices."""
    if b"lang=" in query:
        asked = dict(parse_qsl(query.decode("latin-1"))).get("lang")
        if asked in LANGS:
            return asked, False
    for name, value in headers:
        if name == b"accept-language":
            return negotiate(value.decode("latin-1")), True
    return DEFAULT, True
