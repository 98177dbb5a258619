"""The pure parts of the dashboard: chart layout and the tile map's positions."""

from labourplan.dashboard.charts import Series, Threshold, line_chart
from labourplan.dashboard.tiles import COLUMNS, POSITIONS, ROWS
from labourplan.reference.models import Province


def test_a_chart_scales_its_series_and_keeps_the_figures_for_its_table():
    chart = line_chart(
        id="c",
        title="t",
        description="d",
        labels=["ต.ค. 2569", "พ.ย. 2569", "ธ.ค. 2569"],
        series=[Series(name="เป้าหมาย", values=[6, 12, 18], dashed=True), Series(name="ผล", values=[5, 14, None])],
        thresholds=[Threshold(label="ระดับ 4", value=10)],
    )
    assert chart.y_max == 20
    assert chart.x_ticks[0][1] == "ต.ค."
    assert chart.series[1].points.count(",") == 2  # a month without data draws no point
    assert chart.rows[2] == ("ธ.ค. 2569", [18, None])
    assert chart.thresholds[0].y == (chart.plot_bottom + chart.top) / 2
    assert chart.series[0].color != chart.series[1].color


def test_a_percent_chart_goes_to_100_once_past_half(db):
    chart = line_chart(id="c", title="t", description="d", labels=["a", "b"], percent=True,
                       series=[Series(name="เบิกจ่าย", values=[30.0, 61.5])])  # fmt: skip
    assert chart.y_max == 100
    assert chart.y_ticks[-1][1] == "100%"


def test_every_province_has_its_own_tile(db):
    codes = set(Province.objects.values_list("code", flat=True))
    assert set(POSITIONS) == codes  # 77: Bangkok has a place too, should the centre add it
    places = list(POSITIONS.values())
    assert len(set(places)) == len(places)
    assert all(0 <= row < ROWS and 0 <= column < COLUMNS for row, column in places)
