"""Text alternatives come from the model: a figure's alt or caption, a chart's data in words, a QR code's
address, a case photo's caption; a figure with none of them is reported (MD040); the PDF's HTML carries
them on every picture (``<img alt>``, an SVG's ``<title>``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import lxml.html

from tests.conftest import FIXTURES, ROOT
from toolkit.build import run_check
from toolkit.diagnostics import Diagnostics
from toolkit.model import Cell, Chart, Column, DataTable, Edition, Figure, MediaPrompt, SourceRef
from toolkit.model.alt import alt_text
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.render.html import render_html

HERE = SourceRef(path="chapters/01.md", line=3)


@cache
def edition_of(scenario: str) -> Edition:
    edition = read_edition(FIXTURES / scenario, Diagnostics())
    assert edition is not None
    return edition


def blocks_of(edition: Edition, kind: str) -> list:
    return [b for _, b in edition.walk() if b.kind == kind]


def with_table(columns: list[Column], rows: list[list[str]], **schema: object) -> Edition:
    """The all-elements edition with one more table, ``made-up``, of these columns and rows."""

    def cell(text: str, column: Column) -> Cell:
        if text == "":
            return Cell(value=None, text="")
        return Cell(value=int(text) if column.type == "year" else float(text.replace(",", "")), text=text)

    table = DataTable(
        id="made-up",
        title="主要产品产量",
        columns=columns,
        source=SourceRef(path="data/made-up.csv"),
        rows=[[cell(text, c) for text, c in zip(row, columns)] for row in rows],
        **schema,
    )
    base = edition_of("all-elements")
    return base.model_copy(update={"tables": {**base.tables, "made-up": table}})


YEAR = Column(name="年份", type="year")


def test_a_chart_says_its_kind_title_and_every_value_with_its_unit() -> None:
    edition = edition_of("all-elements")
    (chart,) = blocks_of(edition, "chart")
    assert alt_text(chart, edition) == (
        "柱状图：“十三五”期间，中国工业增加值，2016 年 247860 亿元，2017 年 278328 亿元，"
        "2018 年 305160 亿元，2019 年 317109 亿元，2020 年 313071 亿元"
    )


def test_missing_and_awaited_values_are_said_as_to_be_supplied() -> None:
    edition = edition_of("placeholders")
    assert [alt_text(chart, edition) for chart in blocks_of(edition, "chart")] == [
        "柱状图：主要产品产量，2018 年 100 万吨，2019 年 110 万吨，2020 年 120 万吨，2021 年待补充",  # awaited
        "折线图：出厂价格指数，2018 年 101.2，2019 年待补充，2020 年 99.8，2021 年 103.1",  # an empty cell
        "柱状图：尚无数据的表，数据待补充",  # no rows at all
    ]


def test_several_series_are_told_one_after_another_with_their_units() -> None:
    edition = with_table(
        [YEAR, Column(name="钢材", type="number", unit="亿吨"), Column(name="增长", type="percent")],
        [["2019", "12.0", "9.8"], ["2020", "13.2", ""]],
    )
    chart = Chart(id="c", table_id="made-up", chart_type="line", source=HERE)
    assert alt_text(chart, edition) == (
        "折线图：主要产品产量；钢材：2019 年 12.0 亿吨，2020 年 13.2 亿吨；增长：2019 年 9.8，2020 年待补充"
    )


def test_a_long_series_gives_every_value_compactly() -> None:
    rows = [[str(year), str(year - 2000), ""] for year in range(2006, 2020)]
    rows[3][1] = ""
    edition = with_table([YEAR, Column(name="用水量", type="number", unit="立方米"), Column(name="备注")], rows)
    chart = Chart(id="c", table_id="made-up", chart_type="bar", title="万元工业增加值用水量", source=HERE)
    assert alt_text(chart, edition) == (
        "柱状图：万元工业增加值用水量，2006—2019 年依次为 "
        "6、7、8、待补充、10、11、12、13、14、15、16、17、18、19（单位：立方米）"
    )
    barh = Chart(id="c", table_id="made-up", chart_type="barh", x="备注", y=["用水量"], source=HERE)
    assert alt_text(barh, edition).startswith("条形图：主要产品产量，")


def test_a_qr_code_names_its_address_and_a_figure_its_alt_or_caption() -> None:
    edition = edition_of("all-elements")
    # the fixture's first QR code has no address yet: a placeholder square, which names none
    assert [alt_text(media, edition) for media in blocks_of(edition, "media")] == [
        "",
        "二维码：https://example.cn/5g-video",
    ]
    assert (
        alt_text(MediaPrompt(id="m", prompt="扫一扫", url="https://example.cn/a?b=1", source=HERE), edition)
        == "二维码：https://example.cn/a?b=1"
    )
    figure = Figure(id="f", caption="红旗工厂全新焊装车间", source=HERE)
    assert alt_text(figure, edition) == "红旗工厂全新焊装车间"
    assert alt_text(figure.model_copy(update={"title": "红旗工厂"}), edition) == "红旗工厂 红旗工厂全新焊装车间"
    assert alt_text(figure.model_copy(update={"alt": "焊装车间里成排的机械臂"}), edition) == "焊装车间里成排的机械臂"
    assert alt_text(figure.model_copy(update={"caption": None}), edition) == ""


def test_a_case_photo_takes_its_caption_and_text_blocks_have_no_alternative() -> None:
    edition = edition_of("all-elements")
    photos = [photo for case in edition.cases.values() for photo in case.photos]
    assert [alt_text(photo, edition) for photo in photos] == ["得物鉴别中心"]
    assert [alt_text(b, edition) for b in blocks_of(edition, "statistic") + blocks_of(edition, "callout")] == [""] * (
        len(blocks_of(edition, "statistic")) + len(blocks_of(edition, "callout"))
    )


def test_a_figure_without_alt_or_caption_is_reported_where_it_is_written(tmp_path: Path) -> None:
    result = run_check(Project.at(ROOT), str(FIXTURES / "figure-without-alt"), out_dir=tmp_path)
    found = [
        (d.code, d.location.path.name, d.location.line, d.location.column, d.message("zh"), d.hint("en"))
        for d in result.diagnostics.sorted()
        if d.code == "MD040"
    ]
    assert found == [
        (
            "MD040",
            "01-photos.md",
            19,
            1,
            "图片没有替代文字：既无 alt，也无可借用的图注",
            "Write “alt: …”, one sentence on what the picture shows (screen readers, the tagged PDF and "
            "Word read it out);\nor give it a caption, which then serves as its alternative.",
        )
    ]


def test_the_real_editions_give_every_figure_an_alternative() -> None:
    for year in ("2020", "2021"):
        edition = read_edition(ROOT / "editions" / year, Diagnostics())
        assert edition is not None
        blocks = [b for _, b in edition.walk()] + [b for _, b in edition.walk_cases()]
        figures = [b for b in blocks if isinstance(b, Figure)]
        assert len(figures) > 10 and any(f.source.path.startswith("cases/") for f in figures)
        assert [f.source.label() for f in figures if not alt_text(f, edition)] == []


def test_the_pdf_html_gives_every_picture_its_alternative() -> None:
    edition = edition_of("all-elements")
    page = lxml.html.fromstring(render_html(edition, ROOT / "templates"))
    images = page.xpath("//img")
    assert len(images) == 2
    assert [img.get("src") for img in images if not (img.get("alt") or "").strip()] == []
    assert sorted(img.get("alt") for img in images) == ["发射首次火星探测任务“天问一号”探测器", "得物鉴别中心"]
    drawings = page.xpath("//svg[@role='img']")
    assert [(svg.get("aria-label"), svg.findtext("title")) for svg in drawings] == [
        (alt_text(b, edition),) * 2 for b in blocks_of(edition, "media")[1:] + blocks_of(edition, "chart")
    ]
    assert len(drawings) == 2
