"""The one Jinja2 environment, its filters, and render()."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import orjson
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from app import formats, i18n, provenance
from app.assets import PLOTLY_JS, asset_url
from app.config import get_settings
from app.periods import Period
from app.themes import page_theme


def figure_text(values: object, figure: provenance.Figure) -> str:
    """One figure of a stored row as a reader reads it: '7.1 M', '18%', '3'."""
    value = getattr(values, figure.value)
    if figure.value == "shipments":
        return formats.millions(value)
    return formats.rank(value) if figure.value == "rank" else formats.pct(value)


ROOT = Path(__file__).resolve().parent.parent
templates = Jinja2Templates(directory=str(ROOT / "templates"))
# {{ _("…") }} and {% trans %} read the request's language (app/i18n.py) at render time.
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    i18n.gettext, i18n.ngettext, newstyle=True
)
templates.env.policies["ext.i18n.trimmed"] = True
templates.env.filters.update(
    pct=formats.pct,
    millions=formats.millions,
    indian=formats.indian,
    grouped=formats.grouped,
    points=formats.points,
    quarter=lambda key: Period.from_key(key).label if isinstance(key, int) else key.label,
    pages=provenance.split,
    host=provenance.host,
    weak=provenance.is_weak,
    figure_text=figure_text,
    sentence=i18n.sentence,
)


@pass_context
def url_path(context: Context, name: str, /, **path_params: Any) -> str:
    """A named route's path, e.g. url_for('chart_page', chart_id='rank') -> "/charts/rank".

    Starlette's own url_for gives absolute URLs (http://host/...); links inside our pages
    stay paths, as they were when templates wrote them by hand.
    """
    request: Request = context["request"]
    root_path: str = request.scope.get("root_path", "")
    return root_path + str(request.app.url_path_for(name, **path_params))


@pass_context
def lang_query(context: Context) -> str:
    """'?lang=hi' on a Hindi page (for links that carry no query of their own), else ''."""
    lang: str = context.get("lang", i18n.DEFAULT)
    return "" if lang == i18n.DEFAULT else f"?lang={lang}"


@pass_context
def in_language(context: Context, lang: str) -> str:
    """This page's address in another language: the same query, lang= changed."""
    request: Request = context["request"]
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    query = urlencode([*params, ("lang", lang)])
    return f"{request.url.path}?{query}"


templates.env.globals["lang_query"] = lang_query
templates.env.globals["in_language"] = in_language
templates.env.globals["base_url"] = lambda: get_settings().base_url.rstrip("/")
templates.env.globals["asset"] = asset_url
templates.env.globals["url_for"] = url_path
templates.env.globals["plotly_js"] = PLOTLY_JS
templates.env.globals["figures"] = provenance.FIGURES


# Inside <script type="application/json">, a "</script>" in a vendor name would end the
# block and turn the rest into markup. JSON may spell these characters as escapes.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def figure_json(figure: object) -> str:
    """A figure as JSON that can sit inside a <script> block of an HTML page."""
    return orjson.dumps(figure).decode().translate(_HTML_SAFE)


def wants_json(request: Request) -> bool:
    """An API client (or one asking for JSON) gets errors as JSON, a browser a page."""
    if request.url.path.startswith(("/api/", "/oembed")):
        return True
    return "application/json" in request.headers.get("accept", "")


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page; its theme is theme= of the URL (pages follow the reader's setting unless
    told), or the one the route passes (embeds default to light)."""
    context.setdefault("theme", page_theme(request.query_params.get("theme"), "auto"))
    context.setdefault("lang", i18n.current())
    return templates.TemplateResponse(request, name, context, status_code=status_code)
