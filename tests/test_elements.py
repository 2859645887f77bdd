"""Every element of the report, in the model, the HTML, the PDF and the DOCX.

The fixture ``all-elements`` holds one of each; it is built once and inspected here.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from lxml import html as lxml_html
from PIL import Image

from tests.conftest import FIXTURES, NS, ROOT, W, docx_part
from toolkit.build import BuildResult, check_edition
from toolkit.diagnostics import Diagnostics
from toolkit.model import Callout, CellRef, Focus, Paragraph, Section
from toolkit.project import PACKAGE_TEMPLATES, Project
from toolkit.render.charts import chart_png
from toolkit.render.html import render_html
from toolkit.render.text import edition_text


@pytest.fixture(scope="module")
def page(all_elements: BuildResult) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(render_html(all_elements.edition, PACKAGE_TEMPLATES))


def text_of(node: lxml_html.HtmlElement) -> str:
    return re.sub(r"\s+", "", node.text_content())


def flat(pages: list[str]) -> str:
    return re.sub(r"\s+", "", "".join(pages))


# --- the model --------------------------------------------------------------------


def test_fixture_checks_with_only_the_expected_warning() -> None:
    diagnostics = Diagnostics()
    check_edition(Project.at(ROOT), str(FIXTURES / "all-elements"), diagnostics)
    # the placeholders it prints: the second figure of the group (no src), the media prompt without url,
    # the wanted frame
    assert diagnostics.codes() == ["MD031", "MD026", "MD030"]
    assert [(d.location.path.name, d.location.line) for d in diagnostics] == [
        directive_without("02-practice.md", "figure", "src:"),
        directive_without("01-covid.md", "media", "url:"),
        directive_without("02-practice.md", "wanted", "-"),
    ]


def directive_without(chapter: str, name: str, field: str) -> tuple[str, int]:
    """The file and line of the first ``::: name`` of a chapter of the fixture whose lines up to its body lack ``field``
    (so that an element added to the fixture moves no expectation here)."""
    lines = (FIXTURES / "all-elements" / "chapters" / chapter).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.split() == [":::", name] or line.startswith(f"::: {name} "):
            head = lines[number : lines.index("", number) if "" in lines[number:] else len(lines)]
            if not any(entry.startswith(field) for entry in head):
                return chapter, number
    raise AssertionError(f"no ::: {name} without {field} in {chapter}")


def test_cell_references_take_their_text_from_the_table(all_elements: BuildResult) -> None:
    practice = all_elements.edition.chapters[2]
    paragraph = practice.sections[0].blocks[0]
    assert isinstance(paragraph, Paragraph)
    refs = [i for i in paragraph.inlines if isinstance(i, CellRef)]
    assert [(r.address.label(), r.text) for r in refs] == [("[[value-added:2020:工业增加值]]", "313071")]
    callout = next(b for _, b in all_elements.edition.walk() if isinstance(b, Callout) and b.ref)
    assert callout.value == "313071"


def test_two_part_section_titles(all_elements: BuildResult) -> None:
    section = all_elements.edition.chapters[2].sections[0]
    assert isinstance(section, Section)
    assert (section.kicker, section.title, section.full_title) == ("创新发展", "提升要素效率", "创新发展：提升要素效率")


def test_focus_lead_is_taken_from_the_text(tmp_path: Path) -> None:
    from tests.test_readers import chapter

    result, diagnostics = chapter(tmp_path, "\n::: focus\n聚焦科技创新，全面推进产业基础高级化。\n:::\n")
    assert not diagnostics
    focus = result.intro[0]
    assert isinstance(focus, Focus) and focus.title == "聚焦科技创新" and focus.run_in


# --- the HTML for the PDF (cheapest layer) ------------------------------------------


@pytest.mark.parametrize(
    "selector, expected",
    [
        (".thanks", "在此一并表示衷心的感谢！"),
        (".epigraph .attribution", "——2020年3月26日中国国家主席习近平给世界卫生组织总干事谭德塞的复信"),
        (".quote-wall .box-title", "各国人士谈中国疫苗"),
        (".quote-wall .attribution", "——赤道几内亚总统奥比昂"),
        ("section > .quote .attribution", "——匈牙利外交与对外经济部部长西亚尔托"),
        (".statistic", "截至2021年8月，中国已向150个国家和13个国际组织提供了抗疫紧急援助。"),
        (".column-box .column-label", "专栏"),
        (".column-box .box-title", "中国疫苗助全球战疫"),
        (".pillar-label", "行动快"),
        (".timeline .box-title", "工业通信业抗疫时间线"),
        (".phase-period", "2020年1月23日起"),
        (".phase-title", "全力保障医疗物资供应"),
        (".callouts .box-title", "2020年主要指标"),
        (".callout-value", "313071亿元"),
        (".callout-period", "2020年"),
        (".case-title", "得物致力标准创新推动行业共建"),
        (".case-organisation", "企业得物"),
        (".case-quote .attribution", "——得物标准创新团队负责人张三"),
        (".feature-title", "探索多元融合高弹性电网"),
        (".feature-organisation", "国网浙江省电力有限公司"),
        (".feature .case-title", "梅山岛零碳示范"),
        (".figure-group .figure-number", "1"),
        (".group-caption", "中国航天"),
        (".media-text", "扫一扫，观看5G融合创新应用进展"),
        (".focus-title", "聚焦绿色低碳发展"),
        (".chart .table-caption", "“十三五”期间，中国工业增加值亿元"),
        (".data-table .table-caption", "中国工业增加值"),
        (".section-pair .kicker", "创新发展"),
        (".section-pair .theme", "提升要素效率"),
        (".chapter-opener .opener-sections li", "创新发展：提升要素效率"),
    ],
)
def test_each_element_has_its_markup(page: lxml_html.HtmlElement, selector: str, expected: str) -> None:
    found = [text_of(node) for node in page.cssselect(selector)]
    assert any(expected in text for text in found), found


def test_chart_is_inline_svg_with_its_labels_as_text(page: lxml_html.HtmlElement) -> None:
    svg = lxml_html.tostring(page.cssselect(".chart svg")[0], encoding="unicode")
    for label in ("2016", "2020", "313071", "亿元"):
        assert label in svg
    assert "Noto Sans CJK SC" in svg


def test_qr_code_is_drawn_for_a_url_and_a_frame_without(page: lxml_html.HtmlElement) -> None:
    assert len(page.cssselect(".media-prompt .qr svg path")) == 1
    assert len(page.cssselect(".media-prompt .qr-placeholder")) == 1


def test_opener_links_each_section(page: lxml_html.HtmlElement) -> None:
    links = [a.get("href") for a in page.cssselect("#02-practice .opener-sections a")]
    assert links == ["#innovation", "#02-practice-s-1"]


# --- the PDF ----------------------------------------------------------------------------


def test_pdf_prints_every_element(all_elements_pages: list[str]) -> None:
    text = flat(all_elements_pages)
    for expected in [
        "报告中的数据和资料如没有单独标注来源",
        "——匈牙利外交与对外经济部部长西亚尔托",
        "中国捐赠的疫苗犹如隧道尽头的光芒。",
        "紧急调度口罩、防护服生产",
        "6508万吨",
        "钢铁去产能",
        "得物标准创新团队以探索团体标准为基础",
        "国网丽水供电公司推动小水电绿色改造。",
        "北斗三号全球卫星导航系统",
        "扫一扫，观看5G将如何改变我们的生活",
        "聚焦数字经济发展",
        "推动产业数字化和数字产业化。",
        "资料来源：国家统计局",
    ]:
        assert expected in text, expected


def test_pdf_opener_gives_the_pages_where_its_sections_start(all_elements_pages: list[str]) -> None:
    opener = next(
        p for p in all_elements_pages if "可持续发展创新实践" in p and "协调发展：优化结构布局" in p and "目录" not in p
    )
    entries = re.findall(r"^\s*(\S+：\S+)\s+(\d+)\s*$", opener, flags=re.M)
    assert [title for title, _ in entries] == ["创新发展：提升要素效率", "协调发展：优化结构布局"]
    for title, number in entries:
        theme = title.split("：")[1]
        assert theme in all_elements_pages[int(number) - 1]


# --- the DOCX ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_styles(all_elements: BuildResult) -> dict[str, list[str]]:
    document = Document(str(all_elements.outputs["docx"]))
    by_style: dict[str, list[str]] = {}
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        paragraphs.extend(_cell_paragraphs(table))
    for paragraph in paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    return by_style


def _cell_paragraphs(table: object) -> list[object]:
    out = []
    for row in table.rows:  # type: ignore[attr-defined]
        for cell in row.cells:
            out.extend(cell.paragraphs)
            for inner in cell.tables:
                out.extend(_cell_paragraphs(inner))
    return out


@pytest.mark.parametrize(
    "style, expected",
    [
        ("Thanks", "报告中的数据和资料如没有单独标注来源，均来自相关部委或其他中国官方公开资料。"),
        ("Epigraph", "新冠肺炎疫情再次表明，人类是一个休戚与共的命运共同体。"),
        ("Attribution", "——匈牙利外交与对外经济部部长 西亚尔托"),
        ("Attribution", "——赤道几内亚总统 奥比昂"),
        ("Quote Text", "疫苗不是地缘政治工具，而是拯救生命的武器。"),
        ("Box Title", "各国人士谈中国疫苗"),
        ("Box Title", "专栏　中国疫苗助全球战疫"),
        ("Pillar Label", "行动快"),
        ("Statistic", "截至 2021 年 8 月，中国已向 150 个国家和 13 个国际组织提供了抗疫紧急援助。"),
        ("Phase Period", "2020 年 1 月 23 日起"),
        ("Phase Title", "推动复工复产"),
        ("Callout Value", "313071 亿元"),
        ("Callout Label", "钢铁去产能"),
        ("Callout Period", "2020 年"),
        ("Case Title", "得物致力标准创新 推动行业共建"),
        ("Case Organisation", "企业　得物"),
        ("Feature Title", "探索多元融合高弹性电网"),
        ("Feature Organisation", "国网浙江省电力有限公司"),
        ("Caption", "1　发射首次火星探测任务“天问一号”探测器"),
        ("Caption", "“十三五”期间，中国工业增加值 亿元"),
        ("Media Prompt", "扫一扫，观看 5G 将如何改变我们的生活"),
        ("Focus Title", "聚焦数字经济发展"),
        ("Opener Entry", "创新发展：提升要素效率\t8"),  # the page LibreOffice lays its heading on
    ],
)
def test_docx_writes_each_element_with_its_style(docx_styles: dict[str, list[str]], style: str, expected: str) -> None:
    assert expected in docx_styles.get(style, []), docx_styles.get(style)


def test_docx_focus_lead_is_a_bold_run_in(all_elements: BuildResult) -> None:
    document = Document(str(all_elements.outputs["docx"]))
    leads = [
        (p.runs[0].text, p.text)
        for p in document.paragraphs
        if p.runs and p.runs[0].style is not None and p.runs[0].style.name == "Strong"
    ]
    assert ("聚焦绿色低碳发展", "聚焦绿色低碳发展，提升供给体系质量，促进产业结构优化升级。") in leads


def test_docx_section_pair_heading_has_kicker_and_theme(all_elements: BuildResult) -> None:
    document = Document(str(all_elements.outputs["docx"]))
    heading = next(p for p in document.paragraphs if p.style.name == "Heading 2" and "提升要素效率" in p.text)
    assert heading.runs[0].text == "创新发展" and heading.runs[0].style.name == "Kicker Char"
    assert heading.text == "创新发展\n提升要素效率"


def test_docx_embeds_chart_and_qr_images(all_elements: BuildResult) -> None:
    document = Document(str(all_elements.outputs["docx"]))
    images = [
        Image.open(io.BytesIO(part.blob)) for part in document.part.package.parts if part.partname.endswith(".png")
    ]
    # the QR code (no resolution of its own), the chart at 300 dpi, the photo (stored once though used twice)
    assert sorted((image.size, round(image.info.get("dpi", (0, 0))[0])) for image in images) == [
        ((372, 372), 0),
        ((1860, 930), 300),
        ((2100, 1400), 300),
    ]


def test_chart_png_is_300_dpi(all_elements: BuildResult) -> None:
    chart = next(b for _, b in all_elements.edition.walk() if b.kind == "chart")
    png = chart_png(chart, all_elements.edition.tables["value-added"], all_elements.edition.config.theme)
    image = Image.open(io.BytesIO(png))
    assert round(image.info["dpi"][0]) == 300 and image.size == (1860, 930)  # 6.2 by 3.1 inches


def test_docx_bookmarks_cover_case_boxes_and_elements(all_elements: BuildResult) -> None:
    names = {
        b.get(f"{{{W}}}name")
        for b in docx_part(all_elements.outputs["docx"], "word/document.xml").iterfind(".//w:bookmarkStart", NS)
    }
    assert {
        "case_dewu_standards",
        "case_ningbo_meishan",
        "innovation",
        "vaccines",
        "b_02_practice",
        "b_02_practice_chart_1",
        "b_01_covid_column_1",
    } <= names


# --- plain text and diagnostics ---------------------------------------------------------------


def test_text_renderer_keeps_reading_order(all_elements: BuildResult) -> None:
    text = edition_text(all_elements.edition)
    order = [
        "序言",
        "新冠肺炎疫情再次表明",
        "各国人士谈中国疫苗",
        "中国疫苗助全球战疫",
        "工业通信业抗疫时间线",
        "创新发展：提升要素效率",
        "得物致力标准创新",
        "探索多元融合高弹性电网",
        "未来展望",
    ]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)


def test_bad_elements_give_exact_located_diagnostics() -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli

    result = CliRunner().invoke(cli, ["check", str(FIXTURES / "bad-elements"), "--root", str(ROOT), "--format", "json"])
    assert result.exit_code == 1
    other_checks = {"CS009", "CS012", "CS013", "CS014"}  # lengths, duplicates, consent: see test_checks.py
    found = [
        (d["code"], d["location"]["file"].split("bad-elements/")[-1], d["location"].get("line"), d.get("organisation"))
        for d in json.loads(result.output)["diagnostics"]
        if d["code"] not in other_checks
    ]
    assert found == [
        ("CS006", "cases/empty-case/case.md", None, "某部委"),
        ("CS007", "cases/empty-case/case.md", 1, "某部委"),
        ("CS005", "cases/no-file", None, None),
        ("CS004", "cases/no-title/case.md", 1, "某协会"),
        ("CS003", "cases/no-title/case.md", 3, "某协会"),
        ("CS002", "cases/no-title/case.md", 4, "某协会"),
        ("CS007", "cases/unplaced/case.md", 1, "某地方"),
        ("MD029", "chapters/01-body.md", 5, None),
        ("MD019", "chapters/01-body.md", 11, None),
        ("MD020", "chapters/01-body.md", 15, None),
        ("MD027", "chapters/01-body.md", 15, None),
        ("MD021", "chapters/01-body.md", 24, None),
        ("MD022", "chapters/01-body.md", 28, None),
        ("MD023", "chapters/01-body.md", 34, None),
        ("MD024", "chapters/01-body.md", 37, None),
        ("MD025", "chapters/01-body.md", 39, None),
        ("MD026", "chapters/01-body.md", 43, None),
        ("MD028", "chapters/01-body.md", 47, None),
    ]


def test_child_of_the_wrong_kind_is_reported(tmp_path: Path) -> None:
    from tests.test_readers import chapter

    _, diagnostics = chapter(tmp_path, "\n::: quote-wall\n普通段落不是引语。\n:::\n")
    assert diagnostics.codes() == ["MD017"]
    assert "quote" in next(iter(diagnostics)).hint()
