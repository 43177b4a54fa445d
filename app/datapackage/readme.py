"""The README.md inside the data package: what each file is and how to read it. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from app.datapackage.schema import LICENCE_NOTE, NAME, TABLES, utc_text


def readme(
    *, revision: int, created: datetime | None, rows: Mapping[str, int], homepage: str
) -> str:
    """`rows`: the number of data rows of each file, by path."""
    built = (
        f"revision r{revision}" + (f", published {utc_text(created)}" if created else "")
        if revision
        else "an empty database (r0: nothing published yet)"
    )
    files = "\n".join(f"| `{t.path}` | {rows.get(t.path, 0):,} | {t.description} |" for t in TABLES)
    return f"""# {NAME}: India phone market shares by tracker and quarter

Built by sharetrack ({homepage}) from {built}.

- Download the current package: {homepage}/api/v1/datapackage.zip
- Or write it into a folder: `python -m app export --datapackage DIR`
- `datapackage.json` describes every file as a Frictionless Data Package (v2): each column's
  type, the primary keys and the foreign keys between the files. Check it with
  `frictionless validate datapackage.json`.

| file | rows | what |
|---|---:|---|
{files}

## Reading the figures

- **One row per figure set**: tracker (`source`), `market`, `category`, `segment`, `basis`,
  `vendor` and period (`quarter`) are the primary key. `vendor` is a slug of `vendors.csv`;
  `others` is the unattributed rest the trackers publish. The market totals (the TOTAL rows
  of an upload) are in `market_totals.csv`, not among the vendors' rows, so every row of
  `figures.csv` names a vendor. Every figure is now of a whole category (`segment` `all`)
  by units (`basis` `units`).
- **Periods** are written `2022Q4` (a calendar quarter), `2023H1` (a half-year the tracker
  stated) and `2024` (a calendar year the tracker stated). Years summed from four quarters
  are not listed: they follow from the quarters.
- **Units**: `shipments` in units (5500000 = 5.5 million); `share_pct` and `yoy_growth_pct`
  in percent; `rank` 1 = largest in the period, equal figures share a rank.
- **`derived`** lists the figures of a row that sharetrack computed because the tracker did
  not state them (`share_pct` from shipments over the market total, `rank` from shipments or
  share, `yoy_growth_pct` from the same period a year earlier), separated by `;`. An empty
  cell: every figure of the row is as the tracker stated it.
- **`status`**: `preliminary` (a tracker's first release, often revised later), `final`, or
  `restated` (a later release changed it).
- **Sources per figure**: `source_url` lists every page behind the row; `shipments_url`,
  `share_url`, `rank_url` and `yoy_url` name the page(s) each figure was read from (one row's
  figures may come from different releases), several URLs separated by a single space.
  `released` is the date of the release the figures come from. An empty URL cell: no public
  page stated that figure (it is missing, or derived). Nothing is estimated or interpolated.
- **`revision`** is the sharetrack revision that set the row (`revisions.csv`). This package
  holds the figures current at r{revision}; `/api/v1/observations?as_of=rN` gives the figures
  as of an earlier revision.
- Text cells that would start a spreadsheet formula (`=`, `+`, `-`, `@`) start with `'`.

## Licence

{LICENCE_NOTE}
"""
