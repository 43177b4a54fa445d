"""Which figure set a URL names (for its history), as FastAPI reads it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from app.observations.history import FigureAsked
from app.observations.slices import parse_basis
from app.periods import parse_period


async def figure_key(
    source: Annotated[str, Query(min_length=1, max_length=60, examples=["canalys"])],
    vendor: Annotated[
        str, Query(min_length=1, max_length=60, description="a vendor slug, or TOTAL")
    ],
    quarter: Annotated[str, Query(min_length=1, max_length=20, examples=["2022Q4"])],
    market: Annotated[str, Query(max_length=60)] = "india",
    category: Annotated[str, Query(max_length=60)] = "smartphones",
    segment: Annotated[str, Query(max_length=60, description="default: all")] = "all",
    basis: Annotated[str, Query(max_length=10, description="units or value")] = "units",
) -> FigureAsked:
    period = parse_period("quarter", quarter)
    assert period is not None  # the parameter is required
    return FigureAsked(
        source.strip().lower(),
        market,
        category,
        vendor.strip().lower(),
        period,
        segment.strip().lower(),
        parse_basis(basis),
    )


FigureKeyDep = Annotated[FigureAsked, Depends(figure_key)]
