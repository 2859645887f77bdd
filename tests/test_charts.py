"""Charts' value labels: printed as the table prints them, clear of the line, the markers and each other.

The fixture ``chart-labels`` holds a bar chart of a column with ``decimals = 1`` (127 prints 127.0),
a line chart of close values that rise and fall from month to month (labels all set above their
points would cover the line and each other) and ten bars with long values (level labels would run
into each other on a phone). Each is drawn as for print (the PDF, the DOCX, a wide screen) and for a
phone (larger text in a narrower drawing); the boxes are measured in matplotlib, as drawn.
"""

from __future__ import annotations

import itertools

import pytest
from lxml import etree
from matplotlib.figure import Figure as MplFigure
from matplotlib.path import Path as MplPath
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from tests.conftest import FIXTURES, build, pdf_pages
from toolkit.build import BuildResult
from toolkit.diagnostics import Diagnostics
from toolkit.model import Chart, Edition
from toolkit.readers import read_edition
from toolkit.render.charts import DRAWINGS, PHONE, PRINT, Drawing, chart_svg, draw

SCENARIO = FIXTURES / "chart-labels"
SVG = "{http://www.w3.org/2000/svg}"
SLOW_FIXTURES = frozenset({"chart_labels_pdf"})


@pytest.fixture(scope="module")
def edition() -> Edition:
    diagnostics = Diagnostics()
    edition = read_edition(SCENARIO, diagnostics)
    assert edition is not None and not diagnostics.has_errors(False), diagnostics.codes()
    return edition


@pytest.fixture(scope="module")
def chart_labels_pdf(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(SCENARIO, tmp_path_factory.mktemp("chart-labels"), formats=("pdf",))


def _chart(edition: Edition, table: str) -> Chart:
    return next(b for _, b in edition.walk() if isinstance(b, Chart) and b.table_id == table)


def _labels(figure: MplFigure) -> list[Annotation]:
    return [t for t in figure.axes[0].texts if str(t.get_gid() or "").startswith("value-")]


def _boxes(figure: MplFigure) -> list[Bbox]:
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    return [label.get_window_extent(renderer) for label in _labels(figure)]


def _overlapping(boxes: list[Bbox]) -> list[tuple[int, int]]:
    return [(i, j) for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2) if a.overlaps(b)]


def _crossing_the_line(figure: MplFigure, boxes: list[Bbox]) -> list[int]:
    """Labels whose box the drawn line passes through, or that cover a marker."""
    [line] = figure.axes[0].get_lines()
    points = line.get_transform().transform(line.get_xydata())
    path = MplPath(points)
    radius = line.get_markersize() / 2 * figure.dpi / 72
    markers = [Bbox.from_extents(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    return [
        i
        for i, box in enumerate(boxes)
        if path.intersects_bbox(box, filled=False) or any(box.overlaps(marker) for marker in markers)
    ]


def _printed(svg: str) -> list[str]:
    root = etree.fromstring(svg.encode())
    return ["".join(g.itertext()).strip() for g in root.iter(f"{SVG}g") if "-value-" in (g.get("id") or "")]


@pytest.mark.parametrize("drawing", [PRINT, PHONE], ids=lambda d: d.name)
def test_a_label_prints_the_value_with_its_columns_decimals(edition: Edition, drawing: Drawing) -> None:
    chart = _chart(edition, "nev-output")
    svg = chart_svg(chart, edition.tables["nev-output"], edition.config.theme, drawing)
    assert _printed(svg) == ["79.4", "127.0", "124.2"]  # the table's text: 127 typed, decimals = 1


def test_the_pdf_prints_the_chart_labels_with_their_decimals(chart_labels_pdf: BuildResult) -> None:
    text = "".join(pdf_pages(chart_labels_pdf.outputs["pdf"]))
    assert "127.0" in text  # the fixture places the chart only, not its table
    assert "100.9" in text and "12862.10" in text


@pytest.mark.parametrize("drawing", [PRINT, PHONE], ids=lambda d: d.name)
def test_labels_of_a_line_of_close_values_cover_neither_the_line_nor_each_other(
    edition: Edition, drawing: Drawing
) -> None:
    chart, table = _chart(edition, "price-index"), edition.tables["price-index"]
    figure = draw(chart, table, edition.config.theme, drawing)
    boxes = _boxes(figure)
    assert len(boxes) == 8
    assert _overlapping(boxes) == []
    assert _crossing_the_line(figure, boxes) == []
    # each label still stands by its own point: within two label heights of it
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    for label, box in zip(_labels(figure), boxes):
        x, y = figure.axes[0].transData.transform(label.xy)
        assert box.x0 - box.height <= x <= box.x1 + box.height
        assert box.y0 - 2 * box.height <= y <= box.y1 + 2 * box.height
    # set above their points, as before, the same labels would cover the line
    for label in _labels(figure):
        label.set(ha="center", va="bottom")
        label.xyann = (0, 3)
    assert _crossing_the_line(figure, [label.get_window_extent(renderer) for label in _labels(figure)])


@pytest.mark.parametrize("drawing", [PRINT, PHONE], ids=lambda d: d.name)
def test_bar_labels_never_touch_and_stand_inside_the_chart(edition: Edition, drawing: Drawing) -> None:
    chart, table = _chart(edition, "solar-output"), edition.tables["solar-output"]
    figure = draw(chart, table, edition.config.theme, drawing)
    boxes = _boxes(figure)
    assert len(boxes) == 10 and _overlapping(boxes) == []
    width, height = figure.bbox.width, figure.bbox.height
    assert all(0 <= box.x0 and box.x1 <= width and 0 <= box.y0 and box.y1 <= height for box in boxes)
    upright = {round(label.get_rotation()) for label in _labels(figure)}
    # ten long values: level above their bars in print; all upright on a phone, where they would touch
    assert upright == ({0} if drawing is PRINT else {90})


def test_the_phone_drawing_sets_its_text_at_11_points_in_a_narrower_figure() -> None:
    assert DRAWINGS == {"print": PRINT, "phone": PHONE}
    assert (PRINT.width, PRINT.height, PRINT.label) == (6.2, 3.1, 7)  # the PDF's drawing as it was
    # shown 326–358 CSS px wide on a 390 px phone (a box's margins, or the page's), 11-point text is 11 px or more
    assert min(PHONE.text, PHONE.label, PHONE.gap) * 326 / (PHONE.width * 72) >= 11
