from decimal import Decimal

from sqlalchemy.orm import Session

from app.charts import narrate
from app.charts.builders import time_series
from app.derive import Point
from app.observations import service as observations
from app.periods import Period


def ranks(period: Period, **by_vendor: int) -> list[Point]:
    return [Point(v, v.title(), period, None, Decimal(10), r, None) for v, r in by_vendor.items()]


def test_leader_change_and_new_low() -> None:
    points = (
        ranks(Period(2022, 2), xiaomi=1, samsung=2, vivo=3)
        + ranks(Period(2022, 3), xiaomi=1, samsung=2, vivo=3)
        + ranks(Period(2022, 4), samsung=1, vivo=2, xiaomi=3)
    )
    shift = narrate.headline(narrate.shifts(points))
    assert shift is not None
    assert shift.sentence == (
        "Samsung overtook Xiaomi to take first place in Q4 2022; Xiaomi fell "
        "to third, its lowest rank in this tracker's data (from Q2 2022)"
    )
    assert shift.title == "Xiaomi fell to third in Q4 2022 as Samsung took first place"


def test_fall_of_two_places() -> None:
    points = ranks(Period(2023, 1), a=1, b=2, c=3, d=4) + ranks(Period(2023, 2), a=1, c=2, d=3, b=4)
    assert [s.sentence for s in narrate.shifts(points)] == [
        "B fell from second to fourth in Q2 2023"
    ]


def test_quiet_quarters_say_nothing() -> None:
    points = ranks(Period(2023, 1), a=1, b=2) + ranks(Period(2023, 2), a=1, b=2)
    assert narrate.shifts(points) == [] and narrate.headline([]) is None


def test_watching_only_the_top_five_tells_the_same_shifts(db: Session) -> None:
    """Charts narrate only vendors ever in the top five (200 vendors at full scale); on every
    window of the real data that must give exactly what narrating everyone gives."""
    checked = 0
    for source in ("canalys", "counterpoint", "idc"):
        data = observations.load_slice(db, source, "india", "smartphones")
        quarters = [p for p in data.periods if not p.is_full_year]
        for i, start in enumerate(quarters):
            for end in quarters[i + 1 :]:
                window = [p for p in quarters if start <= p <= end]
                everyone = [p for period in window for p in data.by_period[period]]
                assert time_series._headline(data, window) == narrate.headline(
                    narrate.shifts(everyone)
                ), (source, start, end)
                checked += 1
    assert checked > 500


def test_stated_half_years_are_not_steps_between_quarters() -> None:
    points = (
        ranks(Period(2023, 3), a=1, b=2, c=3)
        + ranks(Period(2023, 4), a=1, b=2, c=3)
        + ranks(Period.parse("2023H1"), c=1, a=2, b=3)  # sorts after 2023Q4
        + ranks(Period.parse("2023H2"), b=1, c=2, a=3)
    )
    assert narrate.shifts(points) == []
