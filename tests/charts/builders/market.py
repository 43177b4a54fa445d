"""A tiny India market built by hand from the seed's real figures, for builders without a database.

Rows are copied from app/seed/india_smartphones.csv (Canalys, Q4 2021–Q4 2022; IDC, Q4 2022)
and app/seed/india_other_categories.csv (Counterpoint smart TVs, 2022). "-" is a figure the
tracker did not state; derive() fills it in as the observations service does.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from app.charts.query import ChartQuery
from app.charts.spec import ChartInputs, MarketEvent, SegmentInfo, VendorInfo
from app.derive import Point, Total, derive, with_full_years
from app.observations.slices import Slice
from app.periods import Period

GSMARENA_Q4 = "https://m.gsmarena.com/canalys_samsung_takes_first_place_in_india_during_q4_xiaomi_still_on_top_in_full_2022-amp-57258.php"

# quarter vendor shipments(M) share(%) rank yoy(%)
CANALYS = """
2021Q4 xiaomi  9.3 21 1 -22.5
2021Q4 samsung 8.5 19 2 -7.6
2021Q4 realme  7.6 17 3 49
2021Q4 vivo    5.6 13 4 -27.3
2021Q4 oppo    4.9 11 5 -19.7
2021Q4 others  8.5 19 - 263.2
2021Q4 TOTAL   44.5 - - 2
2022Q1 xiaomi  8   - 1 -24
2022Q1 samsung 6.9 - 2 -2
2022Q1 realme  6   - 3 40
2022Q1 vivo    5.7 - 4 -
2022Q1 oppo    4.6 - 5 -
2022Q1 TOTAL   38  - - 2
2022Q2 xiaomi  7.0 19 1 -26
2022Q2 samsung 6.7 18 2 23
2022Q2 realme  6.1 17 3 22
2022Q2 vivo    6.0 16 4 10
2022Q2 oppo    5.5 15 5 26
2022Q2 others  5.1 14 - 73
2022Q2 TOTAL   36.4 - - 12
2022Q3 xiaomi  9.2 21 1 -18
2022Q3 samsung 8.1 18 2 -11
2022Q3 vivo    7.3 16 3 -9
2022Q3 oppo    7.1 16 4 14
2022Q3 realme  6.2 -  5 -18
2022Q3 TOTAL   44.6 - - -6
2022Q4 samsung 6.7 21 1 -21
2022Q4 vivo    6.4 20 2 13
2022Q4 xiaomi  5.5 17 3 -40
2022Q4 oppo    5.5 17 4 9
2022Q4 realme  2.7 8  5 -65
2022Q4 others  5.7 18 - -32
2022Q4 TOTAL   32.4 - - -27
"""

# Stated half-years, as a tracker might state them (the seed has none): Canalys's own
# quarters summed, with H2 listing the top three only. Rank order differs from Q4 2022, so
# a half-year taken for a quarter would show in narration and default vendors.
CANALYS_HALVES = """
2022H1 xiaomi  15.0 - 1 -
2022H1 samsung 13.6 - 2 -
2022H1 realme  12.1 - 3 -
2022H1 vivo    11.7 - 4 -
2022H1 oppo    10.1 - 5 -
2022H1 TOTAL   74.4 - - -
2022H2 samsung 14.8 - 1 -
2022H2 xiaomi  14.7 - 2 -
2022H2 vivo    13.7 - 3 -
2022H2 TOTAL   77.0 - - -
"""

IDC = """
2022Q4 xiaomi  - 18.6 1 -
2022Q4 samsung - 18.4 2 -
2022Q4 vivo    - 17.6 3 -
2022Q4 oppo    - 14.2 4 -
2022Q4 realme  - 9    5 -
2022Q4 TOTAL   30 - - -27
"""

COUNTERPOINT_TVS = """
2022Q1 xiaomi  - 14.3 1 -
2022Q1 samsung - 13.1 2 -
2022Q2 xiaomi  - 13 1 -
2022Q2 samsung - 12 2 -
2022Q3 xiaomi  - 11 1 -
2022Q3 samsung - 10 2 -
2022Q4 xiaomi  - 9  1 -
2022Q4 TOTAL   - - - 2
"""

# From app/seed/vendors.csv, with the group names the seed gives them.
BBK = "BBK Electronics (vivo, OPPO, realme, OnePlus, iQOO)"
INFO = {
    v.slug: v
    for v in [
        VendorInfo("samsung", "Samsung", "#1428a0", None, None, "KR", False),
        VendorInfo("vivo", "vivo", "#3d8bfd", "bbk", BBK, "CN", False),
        VendorInfo(
            "xiaomi",
            "Xiaomi",
            "#ff6900",
            "xiaomi",
            "Xiaomi group (Xiaomi, Redmi, POCO)",
            "CN",
            False,
        ),
        VendorInfo("oppo", "OPPO", "#1ba784", "bbk", BBK, "CN", False),
        VendorInfo("realme", "realme", "#e0b400", "bbk", BBK, "CN", False),
        VendorInfo("others", "Others", "#bdbdbd", None, None, None, True),
    ]
}

# From app/seed/events.csv, oldest first, plus the market-wide fall Canalys reported for Q4 2022
# (total 32.4 M, -27% year on year; the seed has no market-wide event in these quarters).
JIO_PHONE = MarketEvent(
    "Q4 2021",
    "jio",
    "JioPhone Next goes on sale at Rs 6,499",
    "https://www.hindustantimes.com/india-news/jiophone-next-google-and-jio-s-much-awaited-budget-smartphone-launches-today-details-here-101635990341279.html",
)
VIVO_RAIDS = MarketEvent(
    "Q3 2022",
    "vivo",
    "ED raids vivo India at 44 locations",
    "https://www.thequint.com/amp/story/news/india/ed-raids-offices-of-vivo-associated-firms-in-money-laundering-probe",
)
SAMSUNG_FIRST = MarketEvent(
    "Q4 2022",
    "samsung",
    "Samsung no.1 for first time in 20 quarters",
    "https://www.news18.com/amp/news/tech/samsung-tops-indias-smartphone-market-in-q4-2022-xiaomi-drops-down-after-years-6871615.html",
)
XIAOMI_THIRD = MarketEvent(
    "Q4 2022",
    "xiaomi",
    "Xiaomi falls to third",
    "https://www.newindianexpress.com/business/2023/jan/20/samsung-tops-smartphone-market-in-india-2539607.html",
)
MARKET_FALL = MarketEvent("Q4 2022", None, "Shipments fall 27% to 32.4 million", GSMARENA_Q4)
XIAOMI_FOURTH = MarketEvent(
    "Q1 2023",
    "xiaomi",
    "Xiaomi slips to fourth (Canalys Q1 2023)",
    "https://telecomtalk.info/samsung-oppo-top-smartphone-vendors-in-india/696346/",
)
EVENTS = (JIO_PHONE, VIVO_RAIDS, SAMSUNG_FIRST, XIAOMI_THIRD, MARKET_FALL, XIAOMI_FOURTH)

SOURCE_NAMES = {"canalys": "Canalys", "idc": "IDC", "counterpoint": "Counterpoint"}
CATEGORY_NAMES = {"smartphones": "Smartphones", "smart-tvs": "Smart TVs"}


def _figure(text: str) -> Decimal | None:
    return None if text == "-" else Decimal(text)


def make_slice(
    source: str, rows: str, category: str = "smartphones", segment: str = "all"
) -> Slice:
    """A slice as the observations service builds it: stated points, then full years, derive.
    In a segment, a TOTAL row's share column is the segment's share of the market."""
    points, totals = [], {}
    for line in rows.strip().splitlines():
        if not line.strip():
            continue
        quarter, vendor, shipped, share, rank, yoy = line.split()
        period = Period.parse(quarter)
        shipments = None if shipped == "-" else int(Decimal(shipped) * 1_000_000)
        if vendor == "TOTAL":
            totals[period] = Total(
                period, shipments, _figure(yoy), revision=1, share_pct=_figure(share)
            )
            continue
        points.append(
            Point(
                vendor,
                INFO[vendor].name,
                period,
                shipments,
                _figure(share),
                None if rank == "-" else int(rank),
                _figure(yoy),
                revision=1,
                is_residual=INFO[vendor].is_residual,
            )
        )
    points, totals = with_full_years(points, totals)
    return Slice(
        source,
        "india",
        category,
        derive(points, totals),
        totals,
        SOURCE_NAMES[source],
        segment=segment,
        segment_name=SEGMENTS[segment].name if segment in SEGMENTS else "All",
    )


# IDC's price bands as it defines them (US$), for the segments chart.
SEGMENTS = {
    "mass-budget": SegmentInfo("mass-budget", "Mass budget", "price-band", 20, "US$100–200"),
    "premium": SegmentInfo("premium", "Premium", "price-band", 60, "US$600–800"),
}
IDC_BANDS = {
    "mass-budget": "2024Q1 TOTAL - 60 - -\n2024Q2 TOTAL - 56 - -\n2024Q2 xiaomi - 30 1 -",
    "premium": "2024Q1 TOTAL - 40 - -\n2024Q2 TOTAL - 44 - -\n2024Q2 samsung - 61 1 -",
}


def segment_slices() -> tuple[Slice, ...]:
    return tuple(make_slice("idc", rows, segment=s) for s, rows in IDC_BANDS.items())


def inputs(chart_id: str, *slices: Slice, revision: int = 7, **query: object) -> ChartInputs:
    """A chart's inputs over the given slices (Canalys smartphones if none)."""
    chosen = slices or (make_slice("canalys", CANALYS),)
    q = replace(ChartQuery(chart_id, source=chosen[0].source), **query)
    return ChartInputs(
        q, chosen, INFO, SOURCE_NAMES, CATEGORY_NAMES, EVENTS, revision, segments=SEGMENTS
    )
