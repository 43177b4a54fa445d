"""Property tests for every reader of user input: it parses, or it raises our own error that
says where and what; nothing else escapes (2,000 examples each; more with `make fuzz`)."""

import io
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from app.errors import InvalidUpload
from app.imports.files import read_grid
from app.imports.numbers import NumberError, parse_decimal, parse_millions, parse_rank, parse_units
from app.imports.parse import parse_grid
from app.imports.validate import validate
from app.periods import Period, PeriodError
from app.reference.names import Reference, slugs_only

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2000"))
fuzz = settings(max_examples=EXAMPLES, deadline=200, suppress_health_check=list(HealthCheck))
REF = Reference(
    slugs_only({"canalys"}),
    slugs_only({"india"}),
    slugs_only({"smartphones"}),
    slugs_only({"all"}),
    {"xiaomi": "xiaomi", "samsung": "samsung"},
    {"xiaomi": "Xiaomi", "samsung": "Samsung"},
    {"all": "all"},
)
HEADER = (
    "source,market,category,quarter,vendor,shipments_million,share_pct,rank,yoy_growth_pct,status"
)
NUMBERISH = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "nan",
            "inf",
            "-inf",
            "1e309",
            "-0",
            "1_000",
            "١٢",
            "१२",
            "１２",
            " 12.5 ",
            "12,5",
            "12.5%",
            "",
            "−4",
            "12,34,567",
            "1,234,567",
            "3=",
            "0",
        ]
    ),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


def import_all(data: bytes, name: str) -> None:
    try:
        table = parse_grid(read_grid(data, name))
        result = validate(table.records, REF, {})
    except InvalidUpload as error:
        assert error.problems and all(p.message for p in error.problems)
        return
    for problem in result.problems:
        assert problem.message and (problem.row is None or problem.row >= 1)


@fuzz
@given(st.binary(max_size=2000), st.sampled_from(["f.csv", "f.xlsx", "f.txt", "f", "f.png"]))
def test_any_bytes(data: bytes, name: str) -> None:
    import_all(data, name)


@fuzz
@given(
    st.lists(st.lists(NUMBERISH, min_size=10, max_size=11), max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_csv_made_of_tricky_cells(rows: list[list[str]], newline: str, bom: bool) -> None:
    lines = [HEADER] + [",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows]
    data = (("\ufeff" if bom else "") + newline.join(lines)).encode("utf-8", "surrogatepass")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    import_all(data, "f.csv")


@settings(
    max_examples=max(50, EXAMPLES // 20), deadline=2000, suppress_health_check=list(HealthCheck)
)
@given(
    st.lists(
        st.lists(
            st.one_of(NUMBERISH, st.integers(), st.floats(allow_nan=False), st.none()),
            min_size=3,
            max_size=6,
        ),
        max_size=6,
    )
)
def test_xlsx_made_of_tricky_cells(rows: list[list[object]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["vendor", "quarter", "share_pct", "shipments_million", "rank", "status"])
    buffer = io.BytesIO()
    try:
        for row in rows:
            sheet.append(row)
        workbook.save(buffer)
    except IllegalCharacterError:  # openpyxl will not write control characters at all
        return
    import_all(buffer.getvalue(), "f.xlsx")


@fuzz
@given(NUMBERISH)
def test_number_readers(text: str) -> None:
    for reader in (
        lambda t: parse_decimal(t, percent=True),
        parse_units,
        parse_millions,
        parse_rank,
    ):
        try:
            reader(text)
        except NumberError as error:
            assert str(error)


@fuzz
@given(
    st.one_of(
        st.text(max_size=20),
        st.from_regex(r"(Q[0-9] ?'?[0-9]{2,4}|[0-9]{4}-?Q[0-9]|[0-9]Q[0-9]{2})", fullmatch=True),
    )
)
def test_period_reader(text: str) -> None:
    try:
        period = Period.parse(text)
    except PeriodError as error:
        assert str(error)
    else:
        assert Period.parse(period.code) == period
