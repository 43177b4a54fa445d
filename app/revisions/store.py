"""Reading and writing versioned figures: the one place that knows valid_from/valid_to.

A figure is an observation (vendor set) or a market total (vendor None). Writing a changed
figure closes the current row (valid_to = new revision) and inserts the new version;
removing one only closes it. Nothing is ever updated in place, so as-of reads stay exact.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
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
    segment_id: int
    basis: str  # units | value
    vendor_id: int | None  # None: the market total (in a segment: the segment's total)
    period: int

    @property
    def group(self) -> Group:
        return (
            self.source_id,
            self.market_id,
            self.category_id,
            self.segment_id,
            self.basis,
            self.period,
        )


# The figures compared and checked together: one tracker's (market, category, segment,
# basis) in one period.
Group = tuple[int, int, int, int, str, int]
GROUP_COLUMNS = ("source_id", "market_id", "category_id", "segment_id", "basis", "period")


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
    groups: Iterable[Group] | None = None,
) -> Figures:
    """Figures visible at as_of, optionally only for some groups (FigureKey.group)."""
    figures: Figures = {}
    wanted = set(groups) if groups is not None else None
    if wanted == set():
        return figures
    for model in (Observation, MarketTotal):
        query: Select[Any] = select(model).where(visible(model, as_of))
        if wanted is not None:
            query = query.where(_spanning(model, wanted))
        for row in session.scalars(query):
            key = _key(row)
            if wanted is None or key.group in wanted:
                figures[key] = _values(row)
    return figures


def _spanning(model: Any, groups: set[Group]) -> Any:
    """Each slice's rows from the first to the last period of the groups asked for: a few
    index ranges, where one term per group (10,000 of them for a large file) took longer to
    send and plan than to run."""
    spans: dict[tuple[Any, ...], tuple[int, int]] = {}
    for *of_slice, period in groups:
        first, last = spans.get(tuple(of_slice), (period, period))
        spans[tuple(of_slice)] = (min(first, period), max(last, period))
    columns = [getattr(model, name) for name in GROUP_COLUMNS[:-1]]
    return or_(
        *(
            and_(
                *(c == v for c, v in zip(columns, of_slice, strict=True)),
                model.period.between(first, last),
            )
            for of_slice, (first, last) in spans.items()
        )
    )


@dataclass(frozen=True, slots=True)
class Version:
    """One value a figure set had: set by one revision, current until another (or now)."""

    valid_from: int
    valid_to: int | None
    values: FigureValues


def history(session: Session, key: FigureKey) -> list[Version]:
    """Every version of one figure set, oldest first."""
    model: Any = Observation if key.vendor_id is not None else MarketTotal
    named = zip(GROUP_COLUMNS, key.group, strict=True)
    query = select(model).where(*(getattr(model, name) == value for name, value in named))
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
    session: Session,
    revision: Revision,
    upserts: Figures,
    removals: Iterable[FigureKey],
    *,
    new: Collection[FigureKey] = (),
) -> set[Group]:
    """Write a revision's figures; returns the groups it touched, for app.revisions.derived.

    `new`: keys the caller read, in this transaction and under the write lock, as having
    no current version, so there is nothing to close for them (most keys of a large import)."""
    closing = [key for key in upserts if key not in new] + list(removals)
    _close(session, revision.id, closing)
    rows: dict[Any, list[dict[str, Any]]] = {Observation: [], MarketTotal: []}
    for key, values in upserts.items():
        model = Observation if key.vendor_id is not None else MarketTotal
        rows[model].append(_row(key, values, revision.id))
    for model, batch in rows.items():
        if batch:
            insert_rows(session, model, batch)
    return {key.group for key in closing} | {key.group for key in upserts}


def insert_rows(session: Session, model: Any, batch: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY, else Core inserts in batches (ORM objects took five times as long):
    COPY writes 5,000 rows in a tenth of the time of batched INSERTs."""
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(model), batch)
        return
    columns = list(batch[0])
    table = model.__table__
    copy_sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(copy_sql) as copy:
        for row in batch:
            copy.write_row([row[c] for c in columns])


def touched_by_revision(session: Session) -> dict[int, set[Group]]:
    """Every stored revision's groups: those whose figures it wrote or closed."""
    touched: dict[int, set[Group]] = {}
    for model in (Observation, MarketTotal):
        columns = [getattr(model, name) for name in GROUP_COLUMNS]
        for edge in (model.valid_from, model.valid_to):
            rows = session.execute(select(edge, *columns).where(edge.is_not(None)).distinct())
            for revision_id, *group in rows:
                touched.setdefault(revision_id, set()).add(tuple(group))
    return touched


def _close(session: Session, revision_id: int, keys: list[FigureKey]) -> None:
    by_model: dict[Any, list[FigureKey]] = {Observation: [], MarketTotal: []}
    for key in keys:
        by_model[Observation if key.vendor_id is not None else MarketTotal].append(key)
    for model, model_keys in by_model.items():
        for start in range(0, len(model_keys), 500):
            chunk = model_keys[start : start + 500]
            columns = [getattr(model, name) for name in GROUP_COLUMNS]
            values: list[tuple[object, ...]] = [k.group for k in chunk]
            if model is Observation:
                columns.append(model.vendor_id)
                values = [(*k.group, k.vendor_id) for k in chunk]
            session.execute(
                update(model)
                .where(model.valid_to.is_(None), tuple_(*columns).in_(values))
                .values(valid_to=revision_id)
                .execution_options(synchronize_session=False)
            )


def _key(row: Observation | MarketTotal) -> FigureKey:
    vendor_id = row.vendor_id if isinstance(row, Observation) else None
    return FigureKey(
        row.source_id,
        row.market_id,
        row.category_id,
        row.segment_id,
        row.basis,
        vendor_id,
        row.period,
    )


def _values(row: Observation | MarketTotal) -> FigureValues:
    return FigureValues(
        shipments=row.shipments,
        share_pct=row.share_pct,
        rank=row.rank if isinstance(row, Observation) else None,
        yoy_growth_pct=row.yoy_growth_pct,
        status=row.status,
        note=row.note,
        source_url=row.source_url,
        released=row.released,
        shipments_url=row.shipments_url,
        share_url=row.share_url,
        rank_url=row.rank_url if isinstance(row, Observation) else None,
        yoy_url=row.yoy_url,
        shipments_released=row.shipments_released,
        share_released=row.share_released,
        rank_released=row.rank_released if isinstance(row, Observation) else None,
        yoy_released=row.yoy_released,
    ).normalised()


def _row(key: FigureKey, values: FigureValues, revision_id: int) -> dict[str, Any]:
    common = dict(
        source_id=key.source_id,
        market_id=key.market_id,
        category_id=key.category_id,
        segment_id=key.segment_id,
        basis=key.basis,
        period=key.period,
        shipments=values.shipments,
        share_pct=values.share_pct,
        yoy_growth_pct=values.yoy_growth_pct,
        status=values.status,
        note=values.note,
        source_url=values.source_url,
        released=values.released,
        shipments_url=values.shipments_url,
        share_url=values.share_url,
        yoy_url=values.yoy_url,
        shipments_released=values.shipments_released,
        share_released=values.share_released,
        yoy_released=values.yoy_released,
        valid_from=revision_id,
    )
    if key.vendor_id is None:
        return common
    return {
        **common,
        "vendor_id": key.vendor_id,
        "rank": values.rank,
        "rank_url": values.rank_url,
        "rank_released": values.rank_released,
    }
