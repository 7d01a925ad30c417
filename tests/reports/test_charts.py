"""Server-drawn charts: the same figure as accessible inline SVG and as a PNG for PDFs."""

import io
import re

from PIL import Image

from academy.reports import charts
from academy.reports.charts import HeatCell


def heat():
    return charts.heatmap(
        ["CS-01 Fire safety", "CS-02 <Moving> & handling"], ["Ward 1", "Ward 2", "Ward 3"],
        [[HeatCell(0.4, 0.3), HeatCell(None, None, hidden=True), None],
         [HeatCell(1.7, 0.9), HeatCell(0.0, 0.0), HeatCell(0.1, 0.05)]],
        title="Gaps by ward", description="Two competencies by three wards.",
    )


def test_svg_is_an_image_with_a_title_and_description_for_screen_readers():
    svg = charts.to_svg(heat(), id_prefix="ward")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="ward-title ward-desc"' in svg
    assert '<title id="ward-title">Gaps by ward</title>' in svg
    assert "&lt;Moving&gt; &amp; handling" in svg  # text is escaped
    assert "<script" not in svg


def test_cells_are_coloured_by_mean_gap_with_hidden_and_unasked_cells_apart():
    svg = charts.to_svg(heat(), id_prefix="ward")
    assert svg.count('fill="url(#ward-hatch)"') == 2  # the hidden cell and its legend swatch
    assert charts.gap_colour(1.7) in svg and charts.gap_colour(0.4) in svg
    # A dot for each cell with people with a gap, sized by the share, plus the legend's three.
    dots = re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="([0-9.]+)"', svg)
    assert len(dots) == 3 + 3


def test_gap_colours_run_light_to_dark():
    assert charts.gap_colour(0) == charts.GAP_BINS[0][1]
    assert charts.gap_colour(0.2) == charts.GAP_BINS[1][1]
    assert charts.gap_colour(0.9) == charts.GAP_BINS[3][1]
    assert charts.gap_colour(3.0) == charts.GAP_BINS[-1][1]


def test_png_is_the_same_figure_at_twice_the_size():
    figure = heat()
    png = charts.to_png(figure)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (figure.width * 2, figure.height * 2)
    assert charts.data_uri(png).startswith("data:image/png;base64,iVBOR")


def test_bar_chart_draws_hidden_values_as_hidden():
    figure = charts.bar_chart(["A", "B"], [50.0, None], title="Rates", description="d", maximum=100)
    svg = charts.to_svg(figure, id_prefix="rates")
    assert ">50%<" in svg and ">hidden<" in svg
