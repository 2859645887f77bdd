"""The DOCX of the tiny fixture edition: styles, fields, sections, text, rendering."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE

from tests.conftest import NS, W, docx_part, pdf_pages, require_tool
from toolkit.build import BuildResult
from toolkit.ooxml.styles import REFERENCE_TEMPLATE
from toolkit.project import PACKAGE_TEMPLATES


@pytest.fixture(scope="module")
def docx_path(minimal: BuildResult) -> Path:
    return minimal.outputs["docx"]


def test_every_style_sets_east_asian_font_and_chinese_language(docx_path: Path) -> None:
    styles = docx_part(docx_path, "word/styles.xml")
    checked = set()
    for style in styles.iterfind("w:style", NS):
        if style.get(f"{{{W}}}type") not in ("paragraph", "character"):
            continue
        fonts = style.find("w:rPr/w:rFonts", NS)
        lang = style.find("w:rPr/w:lang", NS)
        name = style.find("w:name", NS).get(f"{{{W}}}val")
        assert fonts is not None and fonts.get(f"{{{W}}}eastAsia"), name
        assert lang is not None and lang.get(f"{{{W}}}eastAsia") == "zh-CN", name
        checked.add(name.casefold())  # Word's own styles are named in lower case in the XML
    template = Document(str(PACKAGE_TEMPLATES / REFERENCE_TEMPLATE)).styles
    assert checked == {
        s.name.casefold() for s in template if s.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER)
    }
    assert {"normal", "box title", "kicker char"} <= checked  # python-docx's, the toolkit's, a character style
    document = Document(str(docx_path))
    east_asia = {
        name: document.styles[name].element.rPr.rFonts.get(f"{{{W}}}eastAsia")
        for name in ("Normal", "Heading 1", "Heading 2", "Caption")
    }
    assert east_asia == {
        "Normal": "Noto Serif CJK SC",
        "Heading 1": "Noto Sans CJK SC",
        "Heading 2": "Noto Sans CJK SC",
        "Caption": "Noto Sans CJK SC",
    }


def test_theme_and_settings_are_chinese_not_japanese(docx_path: Path) -> None:
    settings = docx_part(docx_path, "word/settings.xml")
    theme_lang = settings.find("w:themeFontLang", NS)
    assert theme_lang.get(f"{{{W}}}eastAsia") == "zh-CN"
    assert settings.find("w:updateFields", NS).get(f"{{{W}}}val") == "true"
    from lxml import etree

    theme = etree.tostring(docx_part(docx_path, "word/theme/theme1.xml"), encoding="unicode")
    assert '<a:ea typeface="Noto Serif CJK SC"/>' in theme


def test_contents_field_and_page_fields(docx_path: Path) -> None:
    document = docx_part(docx_path, "word/document.xml")
    instructions = [t.text.strip() for t in document.iterfind(".//w:instrText", NS)]
    assert instructions[0] == 'TOC \\o "1-2" \\h \\z \\u'
    # the chapter opener lists its sections with page references to their bookmarks
    bookmarks = {b.get(f"{{{W}}}name") for b in document.iterfind(".//w:bookmarkStart", NS)}
    references = [i.split()[1] for i in instructions[1:]]
    assert instructions[1:] == [f"PAGEREF {name} \\h" for name in references]
    # The TOC's result is filled in (chapters, then sections) with the pages LibreOffice lays the DOCX out on,
    # for programs that never update fields; then the chapter opener lists its sections.
    assert references == ["b_01_preface", "b_02_growth", "structure", "b_02_growth_s_1", "structure", "b_02_growth_s_1"]
    assert set(references) <= bookmarks
    toc = [(p.style.name, p.text) for p in Document(str(docx_path)).paragraphs if p.style.name.startswith("TOC")]
    assert toc == [
        ("TOC Heading", "目录"),
        ("TOC 1", "序言\t3"),
        ("TOC 1", "工业规模持续增长\t4"),
        ("TOC 2", "结构不断优化\t5"),
        ("TOC 2", "数字经济蓬勃发展\t5"),
    ]
    doc = Document(str(docx_path))
    footers = [[t.text.strip() for t in s.footer._element.iterfind(".//w:instrText", NS)] for s in doc.sections[1:]]
    assert footers == [["PAGE"]] * (len(doc.sections) - 1)


def test_one_section_per_chapter_with_its_header(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    headers = [s.header.paragraphs[0].text for s in doc.sections]
    assert headers == [
        "",
        "中国工业和信息化可持续发展报告 2021",
        "中国工业和信息化可持续发展报告 2021　|　序言",
        "中国工业和信息化可持续发展报告 2021　|　大数据",
    ]
    for section in doc.sections:
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_headings_text_table_and_images(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    by_style: dict[str, list[str]] = {}
    for paragraph in doc.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Title"] == ["中国工业和信息化可持续发展报告"]
    assert by_style["Heading 1"] == ["序言", "工业规模持续增长"]
    assert by_style["Heading 2"] == ["结构不断优化", "数字经济蓬勃发展"]
    assert by_style["Heading 3"] == ["5G 网络"]
    body = "".join(by_style["Normal"])
    assert "立足新发展阶段，全面贯彻新发展理念，支持中国经济韧性发展。" in body
    assert "连续 11 年" in body
    assert by_style["Caption"][:1] == ["“十三五”期间中国工业增加值"]
    data_table = doc.tables[0]
    assert [c.text for c in data_table.rows[0].cells] == ["年份", "工业增加值"]
    assert [c.text for c in data_table.rows[-1].cells] == ["2020", "313071"]
    header_row = data_table.rows[0]._tr
    assert header_row.find("w:trPr/w:tblHeader", NS) is not None
    pictures = docx_part(docx_path, "word/document.xml").findall(".//{*}blip")
    assert len(pictures) == 1
    assert doc.tables[1].rows[0].cells[0].text == "图片"  # the missing photo's frame


def test_bold_runs_survive(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    bold = [run.text for p in doc.paragraphs for run in p.runs if run.bold]
    assert bold == ["连续 11 年", "“十三五”期间中国工业增加值"]  # **连续 11 年** in the text, and the table's caption


def test_core_properties(docx_path: Path) -> None:
    props = Document(str(docx_path)).core_properties
    assert (props.title, props.author, props.language) == ("中国工业和信息化可持续发展报告2021", "测试编辑部", "zh-CN")
    assert props.created.date().isoformat() == "2021-11-30"


@pytest.mark.slow  # LibreOffice
def test_libreoffice_renders_the_docx(docx_path: Path, tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = [re.sub(r"\s+", "", page) for page in pdf_pages(tmp_path / (docx_path.stem + ".pdf"))]
    # each section of the DOCX starts a page: the title page, the contents, the preface, the chapter (its opener,
    # then its first section); the second section runs on (the theme opens pages for two-part sections only)
    starts = [
        "2021中国工业和信息化可持续发展报告",
        "中国工业和信息化可持续发展报告2021目录序言",
        "中国工业和信息化可持续发展报告2021|序言序言",
        "中国工业和信息化可持续发展报告2021|大数据工业规模持续增长",
        "中国工业和信息化可持续发展报告2021|大数据结构不断优化",
        "中国工业和信息化可持续发展报告2021|大数据全球海拔最高的5G基站",
    ]
    assert [page[: len(start)] for page, start in zip(pages, starts)] == starts and len(pages) == len(starts)
    assert "数字经济蓬勃发展5G网络" in pages[4]
