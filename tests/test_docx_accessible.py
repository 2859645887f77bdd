"""The DOCX as Word's accessibility checker and a screen reader see it: every picture has its
alternative text, every table a description (data tables their repeated header row), headings are
heading styles with outline levels (no bold paragraph poses as one), the language is zh-CN and the
title, subject, author, organisation and year are in the document's properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from tests.conftest import NS, W, docx_part
from toolkit.build import BuildResult
from toolkit.model.alt import alt_text
from toolkit.ooxml.wml import SCHEMA_ORDER, add_watermark
from toolkit.render.docx_blocks import declared_styles

SLOW_FIXTURES = frozenset({"built"})
"""``built`` is the 2021 edition (compiled once per session) or the all-elements fixture."""
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
ALL_NS = {
    **NS,
    "wp": WP,
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}
NOT_HEADINGS = {
    "Title": "the cover's title: Word's own Title style",
    "Caption": "a table's or figure's caption (its number and title in bold): tied to it by the Caption style",
    "Table Heading": "a header cell of a data table, in a row marked as the table's header",
    **{spec.name: spec.emphasis for spec in declared_styles() if spec.emphasis},  # the toolkit's, as declared
    "TOC 1": "an entry of the contents",
    "TOC Heading": "the contents' own title (目录): Word's style, at body-text level so the contents do not list it",
    "Statistic": "a statistic box's text: a line in bold is its period (**2020 年**), as a callout's",
}
"""Styles set in bold that are not headings, and why."""


def _val(element: etree._Element | None) -> str | None:
    return None if element is None else element.get(f"{{{W}}}val", "true")


class Styles:
    """The effective bold and outline level of each paragraph style, its ``basedOn`` chain followed."""

    def __init__(self, styles: etree._Element) -> None:
        self.by_id = {s.get(f"{{{W}}}styleId"): s for s in styles.iterfind("w:style", NS)}

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain = []
        while style_id in self.by_id and len(chain) < 20:
            style = self.by_id[style_id]
            chain.append(style)
            style_id = _val(style.find("w:basedOn", NS))
        return chain

    def _first(self, style_id: str | None, path: str) -> str | None:
        return next((_val(found) for s in self._chain(style_id) if (found := s.find(path, NS)) is not None), None)

    def bold(self, style_id: str | None) -> bool:
        return self._first(style_id, "w:rPr/w:b") not in (None, "0", "false")

    def outline(self, style_id: str | None) -> str | None:
        level = self._first(style_id, "w:pPr/w:outlineLvl")
        return None if level in (None, "9") else level

    def name(self, style_id: str | None) -> str:
        return _val(self.by_id[style_id].find("w:name", NS)) if style_id in self.by_id else "Normal"


def pseudo_headings(document: etree._Element, styles: Styles) -> list[str]:
    """Paragraphs set all in bold (by their style or their runs) that are no heading and no known non-heading."""
    found = []
    for p in document.iterfind(".//w:body//w:p", NS):
        runs = [r for r in p.iterfind("w:r", NS) if "".join(r.itertext()).strip()]
        if not runs:
            continue
        style = _val(p.find("w:pPr/w:pStyle", NS))
        bold = (
            styles.bold(style)
            and all(_val(r.find("w:rPr/w:b", NS)) not in ("0", "false") for r in runs)
            or all(_val(r.find("w:rPr/w:b", NS)) not in (None, "0", "false") for r in runs)
        )
        level = _val(p.find("w:pPr/w:outlineLvl", NS)) or styles.outline(style)
        if bold and level is None and styles.name(style).casefold() not in {n.casefold() for n in NOT_HEADINGS}:
            found.append(f"{styles.name(style)}: {''.join(p.itertext())[:30]}")
    return found


@pytest.fixture(scope="module", params=["2021", "all-elements"])
def built(request: pytest.FixtureRequest) -> BuildResult:
    return request.getfixturevalue("edition_2021" if request.param == "2021" else "all_elements")


def test_every_picture_has_its_alternative_text_and_a_title(built: BuildResult) -> None:
    document = docx_part(built.outputs["docx"], "word/document.xml")
    pictures = document.findall(".//wp:docPr", ALL_NS)
    assert len(pictures) >= 1
    unnamed = [
        p.get("name") for p in pictures if not (p.get("descr") or "").strip() or not (p.get("title") or "").strip()
    ]
    assert unnamed == []
    edition = built.edition
    drawn = (
        [b for _, b in edition.walk() if b.kind == "chart" and edition.tables[b.table_id].rows]
        + [b for _, b in edition.walk() if b.kind == "media" and b.url]
        + [b for _, b in edition.walk() if b.kind == "figure" and b.src in edition.assets]
        + [p for case in edition.cases.values() for p in case.photos if p.src in edition.assets]
    )
    assert sorted(p.get("descr") for p in pictures) == sorted(alt_text(item, edition) for item in drawn)


def test_the_2021_chart_is_told_in_words(edition_2021: BuildResult) -> None:
    document = docx_part(edition_2021.outputs["docx"], "word/document.xml")
    assert [p.get("descr") for p in document.iterfind(".//wp:docPr", ALL_NS)] == [
        "柱状图：“十三五”期间，中国工业增加值，2016 年 247860 亿元，2017 年 279997 亿元，2018 年 305160 亿元，"
        "2019 年 317109 亿元，2020 年 313071 亿元"
    ]


def test_every_table_is_described_and_data_tables_repeat_their_header_row(built: BuildResult) -> None:
    document = docx_part(built.outputs["docx"], "word/document.xml")
    tables = document.findall(".//w:tbl", NS)
    assert len(tables) > 3
    assert [etree.tostring(t)[:80] for t in tables if not _val(t.find("w:tblPr/w:tblCaption", NS))] == []
    order = SCHEMA_ORDER["w:tblPr"]
    misordered = [
        [c.tag for c in t.find("w:tblPr", NS)]
        for t in tables
        if [order.index(c.tag) for c in t.find("w:tblPr", NS)]
        != sorted(order.index(c.tag) for c in t.find("w:tblPr", NS))
    ]
    assert misordered == []
    data = [t for t in tables if _val(t.find("w:tblPr/w:tblStyle", NS)) == "ReportTable"]
    placed = [b for _, b in built.edition.walk() if b.kind == "table"]
    assert len(data) == len(placed) >= 1
    for table in data:
        assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None
        assert table.find("w:tblPr/w:tblLook", NS).get(f"{{{W}}}firstRow") == "1"
        assert "行，各列为" in _val(table.find("w:tblPr/w:tblDescription", NS))


def test_headings_are_heading_styles_and_no_bold_paragraph_poses_as_one(built: BuildResult) -> None:
    styles = Styles(docx_part(built.outputs["docx"], "word/styles.xml"))
    for level in (1, 2, 3):
        assert styles.outline(f"Heading{level}") == str(level - 1)
    ids = {styles.name(i): i for i in styles.by_id}
    box_headings = {spec.name: spec.heading for spec in declared_styles() if spec.heading}
    assert {"Feature Title": 3, "Case Title": 4, "Box Title": 4, "Pillar Label": 5}.items() <= box_headings.items()
    assert {name: styles.outline(ids[name]) for name in box_headings} == {
        name: str(level - 1) for name, level in box_headings.items()
    }
    document = docx_part(built.outputs["docx"], "word/document.xml")
    used = {styles.name(_val(s)).casefold() for s in document.iterfind(".//w:pStyle", NS)}
    assert {"case title", "box title", "heading 1", "heading 2"} <= used  # Word names its own styles in lower case
    assert pseudo_headings(document, styles) == []


def test_a_bold_paragraph_without_outline_level_is_found() -> None:
    styles = Styles(
        etree.fromstring(
            f'<w:styles xmlns:w="{W}"><w:style w:styleId="Plain"><w:name w:val="Plain"/></w:style></w:styles>'
        )
    )
    document = etree.fromstring(
        f'<w:document xmlns:w="{W}"><w:body>'
        '<w:p><w:pPr><w:pStyle w:val="Plain"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>假标题</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:outlineLvl w:val="3"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>真标题</w:t></w:r></w:p>'
        "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>部分加粗</w:t></w:r><w:r><w:t>的段落</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    assert pseudo_headings(document, styles) == ["Plain: 假标题"]


def test_language_title_and_organisation_are_in_the_document(built: BuildResult) -> None:
    path: Path = built.outputs["docx"]
    config = built.edition.config
    styles = docx_part(path, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(f"{{{W}}}val"), lang.get(f"{{{W}}}eastAsia")) == ("zh-CN", "zh-CN")
    core = docx_part(path, "docProps/core.xml")
    found = {
        tag: core.findtext(tag, namespaces=ALL_NS)
        for tag in ("dc:title", "dc:subject", "dc:creator", "dc:language", "cp:keywords", "dc:description")
    }
    assert found == {
        "dc:title": config.full_title,
        "dc:subject": config.subtitle or config.full_title,
        "dc:creator": config.metadata_author,
        "dc:language": "zh-CN",
        "cp:keywords": f"可持续发展; 工业和信息化; {config.year}",
        "dc:description": f"{config.full_title}（{config.publisher}）",
    }
    app = docx_part(path, "docProps/app.xml")
    assert app.findtext("ep:Company", namespaces=ALL_NS) == config.publisher
    assert app.findtext("ep:TitlesOfParts/vt:vector/vt:lpstr", namespaces=ALL_NS) == config.full_title


def test_a_draft_s_watermark_says_what_it_is() -> None:
    paragraph = Document().add_paragraph()
    add_watermark(paragraph, "征求意见稿")
    shapes = paragraph._p.findall(".//{urn:schemas-microsoft-com:vml}shape")
    assert [shape.get("alt") for shape in shapes] == ["水印：征求意见稿"]
