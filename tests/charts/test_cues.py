"""Colour is never the only cue: shapes, names at line ends and patterns in the drawing,
while the API's figure stays as it was."""

from sqlalchemy.orm import Session

from app.charts import service
from app.charts.cues import PATTERNS, SYMBOLS
from app.charts.query import parse_chart_query


def drawing(db: Session, chart_id: str, **params: str) -> tuple[dict, dict]:  # type: ignore[type-arg]
    chart = service.chart(db, parse_chart_query(chart_id, params))
    return chart.figure, chart.drawing


def test_share_lines_get_a_shape_each_and_their_names_at_the_line_ends(db: Session) -> None:
    figure, drawn = drawing(db, "share", source="canalys", to="2022Q4")
    shapes = [set(t["marker"]["symbol"]) - {f"{s}-open" for s in SYMBOLS} for t in drawn["data"]]
    assert [next(iter(s)) for s in shapes] == list(SYMBOLS[: len(shapes)])
    labels = {a["text"]: a for a in drawn["layout"]["annotations"] if a.get("yref") == "y"}
    names = [t["name"] for t in figure["data"]]
    assert set(names) == {text.removeprefix("<b>").removesuffix("</b>") for text in labels}
    assert drawn["layout"]["margin"]["r"] >= 90
    # Xiaomi and OPPO both ended Q4 2022 at 17%: their names are spread apart, not stacked.
    xiaomi, oppo = labels["<b>Xiaomi</b>"]["y"], labels["<b>OPPO</b>"]["y"]
    assert abs(xiaomi - oppo) > 1
    # The figure itself (the API's) is untouched.
    assert all(set(t["marker"]["symbol"]) <= {"circle", "circle-open"} for t in figure["data"])


def test_hollow_preliminary_points_stay_hollow_in_their_own_shape(db: Session) -> None:
    figure, drawn = drawing(db, "share", source="canalys")
    for before, after in zip(figure["data"], drawn["data"], strict=True):
        assert [s.endswith("-open") for s in before["marker"]["symbol"]] == [
            s.endswith("-open") for s in after["marker"]["symbol"]
        ]


def test_stacked_areas_and_bars_get_a_pattern_each_and_hatching_stays_preliminary(
    db: Session,
) -> None:
    _, area = drawing(db, "share", source="canalys", mode="area100")
    assert [t["fillpattern"]["shape"] for t in area["data"]] == list(PATTERNS[: len(area["data"])])
    assert {t["fillpattern"]["fillmode"] for t in area["data"]} == {"overlay"}
    figure, bars = drawing(db, "shipments", source="canalys")
    for index, (before, after) in enumerate(zip(figure["data"], bars["data"], strict=True)):
        own = PATTERNS[index % len(PATTERNS)]
        expected = ["/" if s == "/" else own for s in before["marker"]["pattern"]["shape"]]
        assert after["marker"]["pattern"]["shape"] == expected
    assert "/" not in PATTERNS
