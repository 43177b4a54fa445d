"""Which figure set a URL names (for its history), as FastAPI reads it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from app.periods import Period, parse_period


async def figure_key(
    source: Annotated[str, Query(min_length=1, max_length=60, examples=["canalys"])],
    vendor: Annotated[
        str, Query(min_length=1, max_length=60, description="a vendor slug, or TOTAL")
    ],
    quarter: Annotated[str, Query(min_length=1, max_length=20, examples=["2022Q4"])],
    market: Annotated[str, Query(max_length=60)] = "india",
    category: Annotated[str, Query(max_length=60)] = "smartphones",
) -> tuple[str, str, str, str, Period]:
    period = parse_period("quarter", quarter)
    assert period is not None  # the parameter is required
    return (source.strip().lower(), market, category, vendor.strip().lower(), period)


FigureKeyDep = Annotated[tuple[str, str, str, str, Period], Depends(figure_key)]
