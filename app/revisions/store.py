"""Reading and writing versioned figures: the one place that knows valid_from/valid_to.

A figure is an observation (vendor set) or a market total (vendor None). Writing a changed
figure closes the current row (valid_to = new revision) and inserts the new version;
removing one only closes it. Nothing is ever updated in place, so as-of reads stay exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func, insert, or_, select, tuple_, update
from sqlalchemy.orm import Session

from app import provenance
from app.models import MarketTotal, Observation, Revision


@dataclass(frozen=True, slots=True)
class FigureKey:
    source_id: int
    market_id: int
    category_id: int
    vendor_id: int | None  # None: the market total
    period: int

    @property
    def group(self) -> tuple[int, int, int, int]:
        return (self.source_id, self.market_id, self.category_id, self.period)


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureValues:
    shipments: int | None
    share_pct: Decimal | None = None
    rank: int | None = None
    yoy_growth_pct: Decimal | None = None
    status: str = "final"
    note: str | None = None
    source_url: str | None = None  # every page behind the figures (provenance.join)
    released: date | None = None  # the newest of the figures' release dates
    shipments_url: str | None = None
    share_url: str | None = None
    rank_url: str | None = None
    yoy_url: str | None = None
    shipments_released: date | None = None
    share_released: date | None = None
    rank_released: date | None = None
    yoy_released: date | None = None

    def as_dict(self) -> dict[str, object]:
        """For JSON: numbers as numbers, each figure's pages as a list."""
        return {
            "shipments": self.shipments,
            "share_pct": None if self.share_pct is None else float(self.share_pct),
            "rank": self.rank,
            "yoy_growth_pct": None if self.yoy_growth_pct is None else float(self.yoy_growth_pct),
            "status": self.status,
            "released": _iso(self.released),
            "note": self.note,
            **{name: list(provenance.split(getattr(self, name))) for name in provenance.URL_FIELDS},
            **{name: _iso(getattr(self, name)) for name in provenance.RELEASED_FIELDS},
        }

    def normalised(self) -> FigureValues:
        """Equal figures compare equal whatever their decimal spelling (21 vs 21.000)."""
        return replace(
            self,
            share_pct=None if self.share_pct is None else self.share_pct.normalize(),
            yoy_growth_pct=None if self.yoy_growth_pct is None else self.yoy_growth_pct.normalize(),
        )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


Figures = dict[FigureKey, FigureValues]


def latest_revision_id(session: Session) -> int:
    return session.scalar(select(func.max(Revision.id))) or 0


def visible(model: Any, as_of: int | None) -> Any:
    """The SQL condition for rows visible now (as_of None) or as of a revision."""
    if as_of is None:
        return model.valid_to.is_(None)
    return and_(model.valid_from <= as_of, or_(model.valid_to.is_(None), model.valid_to > as_of))


def read(
    session: Session,
    *,
    as_of: int | None = None,
    groups: Iterable[tuple[int, int, int, int]] | None = None,
) -> Figures:
    """Figures visible at as_of, optionally only for some (source, market, category, period)."""
    figures: Figures = {}
    group_list = list(groups) if groups is not None else None
    for model in (Observation, MarketTotal):
        query: Select[Any] = select(model).where(visible(model, as_of))
        if group_list is not None:
            if not group_list:
                continue
            columns = (model.source_id, model.market_id, model.category_id, model.period)
            query = query.where(tuple_(*columns).in_(group_list))
        for row in session.scalars(query):
            figures[_key(row)] = _values(row)
    return figures


@dataclass(frozen=True, slots=True)
class Version:
    """One value a figure set had: set by one revision, current until another (or now)."""

    valid_from: int
    valid_to: int | None
    values: FigureValues


def history(session: Session, key: FigureKey) -> list[Version]:
    """Every version of one figure set, oldest first."""
    model: Any = Observation if key.vendor_id is not None else MarketTotal
    query = select(model).where(
        model.source_id == key.source_id,
        model.market_id == key.market_id,
        model.category_id == key.category_id,
        model.period == key.period,
    )
    if key.vendor_id is not None:
        query = query.where(model.vendor_id == key.vendor_id)
    rows = session.scalars(query.order_by(model.valid_from))
    return [Version(row.valid_from, row.valid_to, _values(row)) for row in rows]


def read_written_by(session: Session, revision_id: int) -> Figures:
    return _read_where(session, lambda model: model.valid_from == revision_id)


def read_closed_by(session: Session, revision_id: int) -> Figures:
    return _read_where(session, lambda model: model.valid_to == revision_id)


def _read_where(session: Session, condition: Any) -> Figures:
    figures: Figures = {}
    models: tuple[type[Observation] | type[MarketTotal], ...] = (Observation, MarketTotal)
    for model in models:
        rows: list[Observation | MarketTotal] = list(
            session.scalars(select(model).where(condition(model)))
        )
        for row in rows:
            figures[_key(row)] = _values(row)
    return figures


def write(
    session: Session, revision: Revision, upserts: Figures, removals: Iterable[FigureKey]
) -> None:
    closing = [*upserts, *removals]
    _close(session, revision.id, closing)
    # Core inserts in batches, not ORM objects: 10,000 rows take a fifth of the time.
    rows: dict[Any, list[dict[str, Any]]] = {Observation: [], MarketTotal: []}
    for key, values in upserts.items():
        model = Observation if key.vendor_id is not None else MarketTotal
        rows[model].append(_row(key, values, revision.id))
    for model, batch in rows.items():
        if batch:
            session.execute(insert(model), batch)


def _close(session: Session, revision_id: int, keys: list[FigureKey]) -> None:
    by_model: dict[Any, list[FigureKey]] = {Observation: [], MarketTotal: []}
    for key in keys:
        by_model[Observation if key.vendor_id is not None else MarketTotal].append(key)
    for model, model_keys in by_model.items():
        for start in range(0, len(model_keys), 500):
            chunk = model_keys[start : start + 500]
            columns: tuple[Any, ...]
            values: list[tuple[int | None, ...]]
            if model is Observation:
                columns = (
                    model.source_id,
                    model.market_id,
                    model.category_id,
                    model.vendor_id,
                    model.period,
                )
                values = [
                    (k.source_id, k.market_id, k.category_id, k.vendor_id, k.period) for k in chunk
                ]
            else:
                columns = (model.source_id, model.market_id, model.category_id, model.period)
                values = [k.group for k in chunk]
            session.execute(
                update(model)
                .where(model.valid_to.is_(None), tuple_(*columns).in_(values))
                .values(valid_to=revision_id)
                .execution_options(synchronize_session=False)
            )


def _key(row: Observation | MarketTotal) -> FigureKey:
    vendor_id = row.vendor_id if isinstance(row, Observation) else None
    return FigureKey(row.source_id, row.market_id, row.category_id, vendor_id, row.period)


def _values(row: Observation | MarketTotal) -> FigureValues:
    return FigureValues(
        shipments=row.shipments,
        share_pct=row.share_pct if isinstance(row, Observation) else None,
        rank=row.rank if isinstance(row, Observation) else None,
        yoy_growth_pct=row.yoy_growth_pct,
        status=row.status,
        note=row.note,
        source_url=row.source_url,
        released=row.released,
        shipments_url=row.shipments_url,
        share_url=row.share_url if isinstance(row, Observation) else None,
        rank_url=row.rank_url if isinstance(row, Observation) else None,
        yoy_url=row.yoy_url,
        shipments_released=row.shipments_released,
        share_released=row.share_released if isinstance(row, Observation) else None,
        rank_released=row.rank_released if isinstance(row, Observation) else None,
        yoy_released=row.yoy_released,
    ).normalised()


def _row(key: FigureKey, values: FigureValues, revision_id: int) -> dict[str, Any]:
    common = dict(
        source_id=key.source_id,
        market_id=key.market_id,
        category_id=key.category_id,
        period=key.period,
        shipments=values.shipments,
        yoy_growth_pct=values.yoy_growth_pct,
        status=values.status,
        note=values.note,
        source_url=values.source_url,
        released=values.released,
        shipments_url=values.shipments_url,
        yoy_url=values.yoy_url,
        shipments_released=values.shipments_released,
        yoy_released=values.yoy_released,
        valid_from=revision_id,
    )
    if key.vendor_id is None:
        return common
    return {
        **common,
        "vendor_id": key.vendor_id,
        "share_pct": values.share_pct,
        "rank": values.rank,
        "share_url": values.share_url,
        "rank_url": values.rank_url,
        "share_released": values.share_released,
        "rank_released": values.rank_released,
    }
