"""Every intake rule, once through the CLI and once through the web form, on both backends.

The CLI takes its choices as --create-… flags and options, the form as map/create choices and
fields; each case states the outcome once, and both paths must reach it: the same figures
stored (one revision), or the same problem named by row and column with nothing written.
"""

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import cli
from app.db import make_engine
from app.models import Category, Observation, Revision, Source, Vendor
from tests.conftest import LoggedIn, table_dump
from tests.imports.test_routes import problems_on, upload
from tests.test_cli import cli_db, dump  # noqa: F401 (the fixture)

A, B = "https://a.example/release", "https://b.example/article"
HEADER = "source,market,category,quarter,vendor,shipments_million,share_pct,rank,source_url"


@dataclass(frozen=True)
class Case:
    name: str
    lines: tuple[str, ...]
    # What each path is told: CLI flags; form fields at upload and choices after it.
    flags: tuple[str, ...] = ()
    fields: dict[str, str] = field(default_factory=dict)
    choices: dict[str, str] = field(default_factory=dict)
    header: str = HEADER
    # The figures stored afterwards, as (source, category, period, vendor, shipments, share,
    # rank, share pages); or the one problem each path names: (row, column, message).
    stored: tuple[tuple[object, ...], ...] = ()
    problem: tuple[str, str, str] | None = None

    @property
    def data(self) -> bytes:
        return ("\n".join([self.header, *self.lines]) + "\n").encode()


GOOD = [
    Case(
        "a new tracker, created",
        ("techinsights,india,smartphones,2025Q3,Samsung,,18,1,",),
        flags=("--create-sources",),
        choices={"source:techinsights": ""},
        stored=(("techinsights", "smartphones", 20253, "samsung", None, "18", 1, None),),
    ),
    Case(
        "a category spelled as a person would",
        ("idc,india,smart_tv,2026Q1,Samsung,,21,1,",),
        stored=(("idc", "smart-tvs", 20261, "samsung", None, "21", 1, None),),
    ),
    Case(
        "a new category, created",
        ("idc,india,tws,2026Q1,boAt,,30,1,",),
        flags=("--create-categories",),
        choices={"category:tws": ""},
        stored=(("idc", "tws", 20261, "boat", None, "30", 1, None),),
    ),
    Case(
        "half-years and calendar years as stated",
        ("cmr,india,smartphones,H1 2017,Samsung,,24,1,", "cmr,india,smartphones,CY2016,vivo,,9,4,"),
        stored=(
            ("cmr", "smartphones", 20160, "vivo", None, "9", 4, None),
            ("cmr", "smartphones", 20175, "samsung", None, "24", 1, None),
        ),
    ),
    Case(
        "several pages in a cell",
        (f'counterpoint,india,smartphones,2016Q1,Samsung,,26,1,"{A} ; {B}"',),
        stored=(("counterpoint", "smartphones", 20161, "samsung", None, "26", 1, f"{A} {B}"),),
    ),
    Case(
        "no category column: the one chosen for the file",
        ("canalys,india,2016Q2,Samsung,,25,1,",),
        header="source,market,quarter,vendor,shipments_million,share_pct,rank,source_url",
        flags=("--category", "smartphones"),
        fields={"category": "smartphones"},
        stored=(("canalys", "smartphones", 20162, "samsung", None, "25", 1, None),),
    ),
]

BAD = [
    Case(
        "a fiscal year",
        ("idc,india,smartphones,FY24,Samsung,,18,1,",),
        problem=(
            "2",
            "quarter",
            "'FY24' is an Indian fiscal-year label (April–March), which is ambiguous here; "
            "write the calendar quarters (2023Q2 … 2024Q1), a half-year such as 2024H1, "
            "or a calendar year such as 2024",
        ),
    ),
    Case(
        "a release date that is no date",
        ("idc,india,smartphones,2026Q1,Samsung,,18,1,2026-13-01",),
        header="source,market,category,quarter,vendor,shipments_million,share_pct,rank,released",
        problem=("2", "released", "'2026-13-01' is not a date (no such day)"),
    ),
    Case(
        "a status we do not know",
        ("idc,india,smartphones,2026Q1,Samsung,,18,1,draft",),
        header="source,market,category,quarter,vendor,shipments_million,share_pct,rank,status",
        problem=(
            "2",
            "status",
            "status 'draft' must be 'final', 'preliminary' or 'restated' (blank = final)",
        ),
    ),
    Case(
        "one bad page among several",
        (f"idc,india,smartphones,2026Q1,Samsung,,18,1,{A} ; ftp://old.example/f",),
        problem=(
            "2",
            "source_url",
            "'ftp://old.example/f' is not an http(s) URL; separate several pages with ';'",
        ),
    ),
    Case(
        "no category column and none chosen",
        ("canalys,india,2016Q2,Samsung,,25,1,", "canalys,india,2016Q2,vivo,,10,2,"),
        header="source,market,quarter,vendor,shipments_million,share_pct,rank,source_url",
        problem=(
            "",
            "category",
            "the file has no 'category' column and no category was chosen; choose one on the "
            "upload (known: audio, feature-phones, smart-tvs, smartphones, smartwatches, "
            "wearables) or add the column",
        ),
    ),
]


def stored(session: Session, case: Case) -> tuple[tuple[object, ...], ...]:
    """The current figures of the case's trackers and periods."""
    periods = {row[2] for row in case.stored}
    rows = session.execute(
        select(
            Source.slug,
            Category.slug,
            Observation.period,
            Vendor.slug,
            Observation.shipments,
            Observation.share_pct,
            Observation.rank,
            Observation.share_url,
        )
        .join(Source, Source.id == Observation.source_id)
        .join(Category, Category.id == Observation.category_id)
        .join(Vendor, Vendor.id == Observation.vendor_id)
        .where(
            Observation.valid_to.is_(None),
            Observation.period.in_(periods),
            Source.slug.in_({row[0] for row in case.stored}),
        )
        .order_by(Observation.period, Vendor.slug)
    )
    return tuple(
        (s, c, p, v, n, None if share is None else f"{share.normalize():f}", r, url)
        for s, c, p, v, n, share, r, url in rows
        if c in {row[1] for row in case.stored}
    )


@pytest.mark.parametrize("case", GOOD, ids=[c.name for c in GOOD])
def test_the_cli_takes_it_in_with_the_documented_flags(
    case: Case,
    cli_db: str,  # noqa: F811 (the fixture)
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(case.data)
    revisions = len(dump(cli_db)["revisions"])
    assert cli.main(["import", str(path), *case.flags]) == 0, capsys.readouterr().err
    engine = make_engine(cli_db)
    with Session(engine) as session:
        assert stored(session, case) == _expected(case)
        assert len(session.scalars(select(Revision)).all()) == revisions + 1
    engine.dispose()


@pytest.mark.parametrize("case", GOOD, ids=[c.name for c in GOOD])
def test_the_form_takes_it_in_with_choices(case: Case, db: Session, admin_client: LoggedIn) -> None:
    location = upload(admin_client, case.data, **case.fields).headers["location"]
    if case.choices:
        admin_client.post(location + "/choices", data=case.choices)
    page = admin_client.get(location)
    assert page.status_code == 200, problems_on(page.text)
    base = re.search(r'name="base_revision" value="(\d+)"', page.text)
    assert base, page.text
    published = admin_client.post(location + "/publish", data={"base_revision": base.group(1)})
    assert published.status_code == 303
    assert stored(db, case) == _expected(case)


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_the_cli_names_the_problem_and_writes_nothing(
    case: Case,
    cli_db: str,  # noqa: F811 (the fixture)
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert case.problem
    row, column, message = case.problem
    path = tmp_path / "file.csv"
    path.write_bytes(case.data)
    before = dump(cli_db)
    assert cli.main(["import", str(path)]) == 2
    where = f"row {row}, column '{column}'" if row else f"column '{column}'"
    errors = capsys.readouterr().err.splitlines()
    assert errors == [f"error: {where}: {message}"]
    assert dump(cli_db) == before


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_the_form_names_the_problem_and_writes_nothing(
    case: Case, db: Session, admin_client: LoggedIn
) -> None:
    assert case.problem
    row, column, message = case.problem
    before = table_dump(db)
    location = upload(admin_client, case.data).headers["location"]
    page = admin_client.get(location)
    assert page.status_code == 422
    found = [html.unescape(p) for p in problems_on(page.text)]
    assert found == [f"{row}|{column}|{message}"]
    assert table_dump(db) == before


def _expected(case: Case) -> tuple[tuple[object, ...], ...]:
    return tuple(sorted(case.stored, key=lambda row: (row[2], row[3])))


UNKNOWN_TRACKER = Case("unknown tracker", ("techinsights,india,smartphones,2025Q3,Samsung,,18,1,",))


def test_an_unknown_tracker_is_named_once_with_the_flag_that_creates_it(
    cli_db: str,  # noqa: F811 (the fixture)
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(UNKNOWN_TRACKER.data)
    before = dump(cli_db)
    assert cli.main(["import", str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: row 2, column 'source': unknown tracker 'techinsights'; known: canalys, cmr, "
        "counterpoint, house, idc, omdia, techarc. Map it to a known tracker or create it",
        "hint: --create-sources creates it; or map the spelling to a known source "
        "with `source edit SLUG --alias SPELLING`",
    ]
    assert dump(cli_db) == before


def test_the_form_asks_what_an_unknown_tracker_is_before_publishing(
    db: Session, admin_client: LoggedIn
) -> None:
    before = table_dump(db)
    location = upload(admin_client, UNKNOWN_TRACKER.data).headers["location"]
    page = admin_client.get(location).text
    assert "Tracker “techinsights” (1 row: 2)" in page
    assert 'name="base_revision"' not in page  # no publish button until it is chosen
    assert table_dump(db) == before
