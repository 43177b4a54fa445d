"""How a preview is told: one line per row for the terminal, one record per row for JSON.

The CLI, the token API and the admin's preview page all describe the same changes, so they
are worded here once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app import provenance
from app.imports.service import Preview, RowChange
from app.revisions.store import FigureValues

SHOWN = (
    ("shipments", "shipments"),
    ("share_pct", "share"),
    ("rank", "rank"),
    ("yoy_growth_pct", "growth"),
    ("status", "status"),
    ("released", "released"),
    ("note", "note"),
    ("source_url", "pages"),
    ("shipments_url", "shipments pages"),
    ("share_url", "share pages"),
    ("rank_url", "rank pages"),
    ("yoy_url", "growth pages"),
)
FIGURE_NAMES = dict(SHOWN)


def preview_json(result: Preview) -> dict[str, object]:
    return {
        "file": result.file_name,
        "sha256": result.file_sha256,
        "layout": result.layout,
        "how_read": result.how_read,
        "summary": result.summary(),
        "base_revision": result.base_revision,
        "problems": [p.as_dict() for p in result.problems],
        "unknown": [
            {"kind": u.kind, "name": u.name, "rows": list(u.rows), "suggestion": u.suggestion}
            for u in result.unknown
        ],
        "unknown_vendors": [
            {"name": v.name, "rows": list(v.rows), "suggestion": v.suggestion}
            for v in result.unknown_of("vendor")
        ],
        "to_create": result.to_create,
        "to_map": result.to_map,
        "rows": [
            {
                "row": c.row.row,
                "kind": c.kind,
                "source": c.row.source,
                "market": c.row.market,
                "category": c.row.category,
                "quarter": c.row.period.code,
                "vendor": c.row.vendor or "TOTAL",
                "old": None if c.old is None else c.old.as_dict(),
                "new": c.new.as_dict(),
                "keeps": list(c.kept),
                "clears": list(c.cleared),
            }
            for c in result.changes
        ],
    }


def describe(change: RowChange) -> str:
    """One row as read and what publishing does with it."""
    row = change.row
    what = f"row {row.row}: {row.source} {row.category} {row.period.code} {row.vendor_as_written}"
    if change.old is None:
        return f"{what}: new ({_listed(change.new)})"
    if change.kind == "unchanged":
        told = f"{what}: unchanged ({_listed(change.new)})"
    else:
        told = f"{what}: changed ({'; '.join(_differences(change.old, change.new))})"
    extra = [f"keeps stated {FIGURE_NAMES[f]} {_text(change.new, f)}" for f in change.kept]
    extra += [f"clears {FIGURE_NAMES[f]} {_text(change.old, f)}" for f in change.cleared]
    return told + "".join(f"; {e}" for e in extra)


def _differences(old: FigureValues, new: FigureValues) -> list[str]:
    """What changed: values first, then pages, figures whose pages changed alike together."""
    diffs = [
        f"{label} {_text(old, name)} -> {_text(new, name)}"
        for name, label in SHOWN
        if not name.endswith("_url") and getattr(old, name) != getattr(new, name)
    ]
    pages = _moves(old, new, "url")
    diffs += [f"{names} pages {a} -> {b}" for (a, b), names in pages.items()]
    if not pages and old.source_url != new.source_url:
        diffs.append(f"pages {_text(old, 'source_url')} -> {_text(new, 'source_url')}")
    if old.released == new.released:  # otherwise the row's date said it
        moved = _moves(old, new, "released")
        diffs += [f"{names} released {a} -> {b}" for (a, b), names in moved.items()]
    return diffs


def _moves(old: FigureValues, new: FigureValues, field: str) -> dict[tuple[str, str], str]:
    """Figures whose pages (field "url") or release date changed, those that changed alike
    together: {(before, after): "shipments, share"}."""
    moved: dict[tuple[str, str], list[str]] = {}
    for figure in provenance.FIGURES:
        name = getattr(figure, field)
        if getattr(old, name) != getattr(new, name):
            moved.setdefault((_text(old, name), _text(new, name)), []).append(figure.label)
    return {pair: ", ".join(names) for pair, names in moved.items()}


def _listed(values: FigureValues) -> str:
    return ", ".join(
        f"{label} {_text(values, name)}"
        for name, label in SHOWN
        if getattr(values, name) is not None and not name.endswith("_url")
    )


def _text(values: FigureValues, name: str) -> str:
    value = getattr(values, name)
    if value is None:
        return "–"
    if name.endswith("_url"):
        return " ".join(provenance.split(value))
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value.isoformat() if isinstance(value, date) else str(value)
