"""Every placeholder the report prints is a gap ``check`` lists, at its place; none is drawn as a number.

The fixture ``placeholders`` holds one of each: a figure without ``src``, a figure and a case photo
whose files are missing, a figure group with a missing picture, a QR code without ``url``, a wanted
frame, a table and a chart without rows, a row awaiting data (in a table and in a bar chart), a line
chart with an empty cell, and a reference and a callout to an awaited cell.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest
from lxml import etree, html
from PIL import Image

from tests.conftest import FIXTURES, build, require_tool
from toolkit.build import BuildResult
from toolkit.diagnostics import Diagnostic
from toolkit.model import Chart, SourceRef
from toolkit.render.charts import chart_png, chart_svg, draw

SCENARIO = FIXTURES / "placeholders"
SVG = "{http://www.w3.org/2000/svg}"
# What marks a placeholder in the PDF's HTML, found independently of the data-gap attribute.
PLACEHOLDERS = {
    "figure": "//div[contains(@class, 'figure-placeholder') and not(contains(@class, 'chart-missing'))]",
    "qr code": "//div[contains(@class, 'qr-placeholder')]",
    "wanted frame": "//aside[contains(@class, 'wanted')]",
    "table without rows": "//tr[contains(@class, 'table-missing')]",
    "chart without rows": "//div[contains(@class, 'chart-missing')]",
    "awaited table cell": "//td[contains(@class, 'awaiting')]",
    "awaited reference": "//span[contains(@class, 'cell') and contains(@class, 'awaiting')]",
    "awaited callout": "//div[contains(@class, 'callout-awaiting')]",
    "chart point without value": "//*[local-name() = 'g' and contains(@id, '-gap-')]",
}


@pytest.fixture(scope="module")
def placeholders(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(SCENARIO, tmp_path_factory.mktemp("placeholders"))


def place(diagnostic: Diagnostic) -> str:
    """``chapters/01-gaps.md:40`` or ``data/output.csv:5``: where a gap is listed."""
    location = diagnostic.location
    assert location.path is not None
    relative = location.path.resolve().relative_to(SCENARIO.resolve()).as_posix()
    number = location.line if location.line is not None else location.row
    return f"{relative}:{number}" if number is not None else relative


def report_html(result: BuildResult) -> etree._Element:
    return html.fromstring("".join(part.split("<body", 1)[1].split(">", 1)[1] for part in result.parts_html))


def test_every_placeholder_printed_is_a_gap_listed_at_its_place(placeholders: BuildResult) -> None:
    tree = report_html(placeholders)
    printed = Counter(tree.xpath("//@data-gap"))
    listed = Counter(place(d) for d in placeholders.diagnostics.gaps)
    assert sum(listed.values()) == 13
    assert printed == listed
    # ... and every placeholder, however it is drawn, carries the place it is listed at
    found = {kind: tree.xpath(xpath) for kind, xpath in PLACEHOLDERS.items()}
    assert {kind: len(elements) for kind, elements in found.items()} == {
        "figure": 4,  # without src, its file missing, the group's missing picture, the case photo
        "qr code": 1,
        "wanted frame": 1,
        "table without rows": 1,
        "chart without rows": 1,
        "awaited table cell": 2,
        "awaited reference": 1,
        "awaited callout": 1,
        "chart point without value": 2,
    }  # the bar chart's awaited year, the line chart's empty cell
    for kind, elements in found.items():
        for element in elements:
            marked = [e for e in element.iterancestors() if e.get("data-gap")] + (
                [element] if element.get("data-gap") else []
            )
            assert marked, f"{kind} printed without data-gap"


def test_gaps_are_the_placeholders_and_nothing_else(placeholders: BuildResult) -> None:
    codes = Counter(d.code for d in placeholders.diagnostics.gaps)
    assert codes == {"MD031": 2, "IM001": 2, "MD026": 1, "MD030": 1, "MD028": 2, "MD032": 2, "TB023": 1, "NR005": 2}
    others = {d.code for d in placeholders.diagnostics if not d.gap}
    assert others == {"IM004"}  # the one real picture is small: a warning, not a gap


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(
        [require_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    )
    return re.sub(r"\s+", "", done.stdout.decode("utf-8"))


def test_the_pdf_prints_each_awaited_value_as_待补充_never_as_a_number(placeholders: BuildResult) -> None:
    text = pdf_text(placeholders.outputs["pdf"])
    # the reference, the callout, two cells of the awaited row, the bar and the line charts' gaps, the frame
    assert text.count("待补充") == 7
    assert "2021年产量为待补充万吨" in text
    assert "2021待补充待补充" in text  # the awaited row of the table


def docx_texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    body = document.element.body
    return [
        "".join(t.text or "" for t in p.iter(f"{{{p.nsmap['w']}}}t"))
        for p in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    ]


def test_the_docx_prints_the_same_placeholders(placeholders: BuildResult) -> None:
    paragraphs = docx_texts(placeholders.outputs["docx"])
    text = "".join(paragraphs)
    # the PDF's seven 待补充 but the two drawn inside the charts (pictures in the DOCX)
    assert text.count("待补充") == 5
    assert paragraphs.count("图片") == 4  # figure without src, missing file, the group's, the case photo
    assert paragraphs.count("二维码") == 1
    assert paragraphs.count("表格数据缺失") == 1 and paragraphs.count("图表数据缺失") == 1


# --- charts: a missing or awaited value is a gap, not a zero ------------------------------------


def chart_of(result: BuildResult, table: str, kind: str) -> tuple[Chart, str]:
    y = ["产量"] if table == "output" else []
    chart = Chart(
        id="c",
        table_id=table,
        chart_type=kind,
        y=y,  # type: ignore[arg-type]
        source=SourceRef(path="x.md", line=1),
    )
    return chart, chart_svg(chart, result.edition.tables[table], result.edition.config.theme)


def svg_ids(svg: str) -> set[str]:
    return {e.get("id") for e in etree.fromstring(svg.encode()).iter() if e.get("id")}


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_an_awaited_value_is_not_drawn_as_a_bar(placeholders: BuildResult, kind: str) -> None:
    _, svg = chart_of(placeholders, "output", kind)
    ids = svg_ids(svg)
    # rows 2018, 2019, 2020 have bars and value labels; 2021 (awaited) has neither, only its gap label
    assert {"c-bar-0-0", "c-bar-0-1", "c-bar-0-2", "c-gap-0-3"} <= ids
    assert "c-bar-0-3" not in ids and "c-value-0-3" not in ids
    root = etree.fromstring(svg.encode())
    gap = next(e for e in root.iter(f"{SVG}g") if e.get("id") == "c-gap-0-3")
    assert "".join(gap.itertext()).strip() == "待补充"
    values = ["".join(e.itertext()).strip() for e in root.iter(f"{SVG}g") if (e.get("id") or "").startswith("c-value-")]
    assert values == ["100", "110", "120"]  # no "0" for the awaited year


def test_a_line_breaks_at_a_missing_value_and_draws_no_marker_there(placeholders: BuildResult) -> None:
    _, svg = chart_of(placeholders, "prices", "line")
    root = etree.fromstring(svg.encode())
    line = next(e for e in root.iter(f"{SVG}g") if e.get("id") == "c-line-0")
    path = line.find(f"{SVG}path").get("d")
    steps = re.findall(r"([ML]) ([\d.]+) ([\d.]+)", path)
    assert [s[0] for s in steps] == ["M", "M", "L"]  # 2018 alone, then 2020–2021: broken at 2019
    assert len(line.findall(f".//{SVG}use")) == 3  # markers for the three values only
    assert "c-gap-0-1" in svg_ids(svg) and "c-value-0-1" not in svg_ids(svg)


def test_the_docx_chart_picture_has_no_bar_where_the_value_is_awaited(placeholders: BuildResult) -> None:
    chart, _ = chart_of(placeholders, "output", "bar")
    table, theme = placeholders.edition.tables["output"], placeholders.edition.config.theme
    dpi = 100
    figure = draw(chart, table, theme)
    figure.set_dpi(dpi)
    figure.canvas.draw()
    axes = figure.axes[0]
    assert sorted(round(p.get_x() + p.get_width() / 2) for p in axes.patches) == [0, 1, 2]  # no bar at 2021
    picture = Image.open(io.BytesIO(chart_png(chart, table, theme, dpi=dpi))).convert("RGB")
    accent = tuple(int(theme.accent.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))

    def accent_pixels(category: int) -> int:
        x, y_low = axes.transData.transform((category, 0))
        _, y_high = axes.transData.transform((category, 60))
        column = [
            picture.getpixel((round(x), picture.height - round(y))) for y in range(round(y_low) + 2, round(y_high))
        ]
        return sum(1 for pixel in column if max(abs(a - b) for a, b in zip(pixel, accent)) < 40)

    assert accent_pixels(2) > 10  # the 2020 bar is there, in the accent colour
    assert accent_pixels(3) == 0  # nothing drawn for 2021
