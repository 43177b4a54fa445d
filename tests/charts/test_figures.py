import orjson

from app.charts.figures import build, plot_text
from app.charts.spec import ChartSpec, EventMark, Mark, TableData, Trace


def spec(kind: str = "bump") -> ChartSpec:
    xs = [f"Q{q} {y}" for y in (2021, 2022) for q in (1, 2, 3, 4)] + ["Q1 2023"]
    xiaomi = Trace(
        "Xiaomi",
        "#ff6900",
        {x: Mark(1 if x < "Q4 2022" else 3, "Xiaomi") for x in xs},
        key="xiaomi",
    )
    evil = Trace(
        "<img src=x onerror=alert(1)>",
        "#000",
        {xs[0]: Mark(2, "<b>hover</b>", preliminary=True)},
        key="evil",
    )
    return ChartSpec(
        chart_id="rank",
        kind=kind,
        title="Xiaomi fell to third",
        y_title="Rank",
        x_labels=xs,
        traces=[xiaomi, evil],
        table=TableData("", [], []),
        footer="Source: Canalys",
        events=[EventMark("Q4 2022", "Xiaomi falls to third", "https://x", True)],
    )


def test_bump_chart_reversed_axis_end_labels_and_yearly_ticks() -> None:
    figure = build(spec())
    layout = figure["layout"]
    assert layout["yaxis"]["range"] == [3.5, 0.5]  # rank 1 on top
    assert layout["xaxis"]["ticktext"] == ["2021", "2022", "2023"]
    labels = [a["text"] for a in layout["annotations"]]
    assert "<b>Xiaomi</b>" in labels and "Xiaomi falls to third" in labels
    assert figure["data"][1]["marker"]["symbol"][0] == "circle-open"  # preliminary is hollow


def test_user_text_is_escaped_before_plotly_sees_it() -> None:
    body = orjson.dumps(build(spec())).decode()
    assert "<img" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "&lt;b&gt;hover&lt;/b&gt;" in body
    assert plot_text("a & <b>") == "a &amp; &lt;b&gt;"


def test_figure_is_plain_json() -> None:
    figure = build(spec("lines"))
    assert orjson.loads(orjson.dumps(figure)) == figure
