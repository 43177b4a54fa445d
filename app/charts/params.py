"""The chart query as FastAPI reads it from the URL, documented for OpenAPI.

Kept apart from `query.py` so that the chart query itself, and the builders that read it,
import no web framework.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query

from app.charts.query import CHART_IDS, ChartQuery, parse_chart_query


async def chart_query(
    chart_id: Annotated[
        str, Path(description=f"one of: {', '.join(CHART_IDS)}", examples=["rank"])
    ],
    market: Annotated[str | None, Query(max_length=60, examples=["india"])] = None,
    category: Annotated[str | None, Query(max_length=60, examples=["smartphones"])] = None,
    source: Annotated[
        str | None, Query(max_length=60, description="default: the tracker with the latest data")
    ] = None,
    vendors: Annotated[
        str | None,
        Query(max_length=400, description="comma slugs; default: top 5 + Others"),
    ] = None,
    from_: Annotated[str | None, Query(alias="from", max_length=20, examples=["2021Q1"])] = None,
    to: Annotated[str | None, Query(max_length=20, examples=["2023Q4"])] = None,
    quarter: Annotated[
        str | None, Query(max_length=20, description="snapshot, growth, sources: the quarter")
    ] = None,
    vendor: Annotated[
        str | None, Query(max_length=60, description="categories: the vendor")
    ] = None,
    mode: Annotated[
        str | None,
        Query(
            max_length=20,
            description="share: lines|area100; shipments: stacked|lines; origin: country|group; "
            "segments: price-band|technology|channel|form-factor",
        ),
    ] = None,
    by: Annotated[str | None, Query(max_length=10, description="vendor or group")] = None,
    units: Annotated[
        str | None, Query(max_length=10, description="millions or indian (lakh/crore)")
    ] = None,
    as_of: Annotated[str | None, Query(max_length=12, examples=["r2"])] = None,
    segment: Annotated[
        str | None,
        Query(max_length=60, description="a segment of the category (premium, 5g); default all"),
    ] = None,
    basis: Annotated[
        str | None, Query(max_length=10, description="units (default) or value")
    ] = None,
    theme: Annotated[
        str | None,
        Query(max_length=10, description="light, dark or auto (the reader's setting)"),
    ] = None,
    lang: Annotated[
        str | None,
        Query(max_length=10, description="en (default) or hi; without it, Accept-Language"),
    ] = None,
) -> ChartQuery:
    given = {
        "market": market,
        "category": category,
        "source": source,
        "vendors": vendors,
        "from": from_,
        "to": to,
        "quarter": quarter,
        "vendor": vendor,
        "mode": mode,
        "by": by,
        "units": units,
        "as_of": as_of,
        "theme": theme,
        "segment": segment,
        "basis": basis,
        "lang": lang,
    }
    return parse_chart_query(chart_id, {k: v for k, v in given.items() if v})


ChartQueryDep = Annotated[ChartQuery, Depends(chart_query)]
