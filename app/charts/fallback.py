"""No dead ends: a chart page asked for an impossible state shows the nearest chart that can
be drawn, with the problem named beside the control that caused it.

The nearest state drops the one parameter that makes the request fail (from after to, an
unknown vendor, a revision that does not exist); failing that, the chart's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.charts import service
from app.charts.query import CHART_IDS, parse_chart_query
from app.errors import AppError, NotFound
from app.i18n import LANGS, gettext
from app.themes import THEMES

# The parameters a reader sets on the page, in the order they are tried without.
CHOICES = (
    "from",
    "to",
    "quarter",
    "vendors",
    "vendor",
    "source",
    "as_of",
    "mode",
    "by",
    "units",
    "theme",
)


@dataclass(frozen=True)
class Outcome:
    chart: service.Chart
    problem: AppError | None = None  # what was wrong with the state asked for
    param: str | None = None  # the parameter left out to draw this chart, if one was


def nearest_chart(session: Session, chart_id: str, params: dict[str, str]) -> Outcome:
    if chart_id not in CHART_IDS:
        raise NotFound(
            gettext("unknown chart '{chart}'; charts: {charts}").format(
                chart=chart_id, charts=", ".join(CHART_IDS)
            )
        )
    try:
        return Outcome(_chart(session, chart_id, params))
    except AppError as error:
        if error.status_code >= 500:
            raise
        problem = error
    for name in (p for p in CHOICES if p in params):
        rest = {k: v for k, v in params.items() if k != name}
        try:
            return Outcome(_chart(session, chart_id, rest), problem, name)
        except AppError:
            continue
    # The defaults, still in the reader's theme and language when those were valid.
    kept = {
        k: v
        for k, v in params.items()
        if (k, v) in {("theme", t) for t in THEMES} | {("lang", lang) for lang in LANGS}
    }
    return Outcome(_chart(session, chart_id, kept), problem)


def _chart(session: Session, chart_id: str, params: dict[str, str]) -> service.Chart:
    return service.chart(session, parse_chart_query(chart_id, params))
