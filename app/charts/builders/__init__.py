"""One builder per chart id, all of one signature: the inputs the chart service read, to a
complete ChartSpec (footer and events included) and the records behind it.

Pure: no database, no Plotly. Each builder picks the quarters and vendors shown, states the
finding in the title where there is one, and fills the accessible table with the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable

from app.charts.builders.common import Built
from app.charts.builders.comparisons import categories, sources
from app.charts.builders.leaderboard import growth, snapshot
from app.charts.builders.origin import origin
from app.charts.builders.segments import segments
from app.charts.builders.time_series import DRAWS_RANKS_UP_TO, rank, share, shipments
from app.charts.spec import ChartInputs

Builder = Callable[[ChartInputs], Built]

# Builders that draw only some vendors of a slice: each told its best-ranked, they read those.
DRAWN_VENDORS_ONLY: dict[str, int] = {
    "share": DRAWS_RANKS_UP_TO,
    "rank": DRAWS_RANKS_UP_TO,
    "shipments": DRAWS_RANKS_UP_TO,
}

BUILDERS: dict[str, Builder] = {
    "share": share,
    "rank": rank,
    "shipments": shipments,
    "snapshot": snapshot,
    "growth": growth,
    "origin": origin,
    "sources": sources,
    "categories": categories,
    "segments": segments,
}
