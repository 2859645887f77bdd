"""The DOCX as the PDF's editable twin: Word's own features, valid structure, and LibreOffice rendering."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from lxml import etree

from tests.conftest import FIXTURES, NS, W, build, docx_part, libreoffice_convert, pdf_pages
from tests.support.reference import published_coverage
from toolkit.build import BuildResult
from toolkit.model import CaseBox, TableRef
from toolkit.ooxml.wml import SCHEMA_ORDER


@pytest.fixture(params=["2020", "2021"])
def real_edition(request: pytest.FixtureRequest) -> BuildResult:
    return request.getfixturevalue(f"edition_{request.param}")


@pytest.fixture(scope="session")
def rendered(
    edition_2020: BuildResult, edition_2021: BuildResult, tmp_path_factory: pytest.TempPathFactory
) -> dict[int, list[str]]:
    """Both editions' DOCX rendered to PDF by LibreOffice, as page texts."""
    out = tmp_path_factory.mktemp("libreoffice")
    return {
        result.edition.config.year: pdf_pages(libreoffice_convert(result.outputs["docx"], out / str(year)))
        for year, result in ((2020, edition_2020), (2021, edition_2021))
    }


@pytest.fixture(scope="session")
def numbered(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(FIXTURES / "numbered-captions", tmp_path_factory.mktemp("numbered-captions"))


def _words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_libreoffice_renders_every_chapter_of_both_editions(
    real_edition: BuildResult, rendered: dict[int, list[str]]
) -> None:
    edition = real_edition.edition
    pages = rendered[edition.config.year]
    # as LibreOffice 7.4 lays them out (43 and 54 when every section opened a page and a box could leave a blank one)
    assert len(pages) == {2020: 39, 2021: 50}[edition.config.year]
    text = _words("".join(pages))
    for chapter in edition.chapters:
        assert _words(chapter.title) in text, chapter.title
        for section in chapter.sections:
            assert _words(section.title) in text, section.title
    placed = {b.case_id for _, b in edition.walk() if isinstance(b, CaseBox)}
    assert len(placed) == {2020: 11, 2021: 24}[edition.config.year]
    for case_id in placed:
        assert _words(edition.cases[case_id].title) in text


def test_docx_carries_as_much_published_text_as_the_pdf(real_edition: BuildResult) -> None:
    year = real_edition.edition.config.year
    assert published_coverage(year, real_edition.outputs["docx"]) >= published_coverage(
        year, real_edition.outputs["pdf"]
    )


def test_property_elements_follow_the_schema_order(real_edition: BuildResult) -> None:
    """Word declares a file damaged when pPr, tcPr, trPr or border children are out of order."""
    document = docx_part(real_edition.outputs["docx"], "word/document.xml")
    checked = 0
    for parent_name, order in SCHEMA_ORDER.items():
        for parent in document.iter(f"{{{W}}}{parent_name[2:]}"):
            ranks = [order.index(child.tag) for child in parent if child.tag in order]
            assert ranks == sorted(ranks), (parent_name, [etree.QName(c).localname for c in parent])
            checked += 1
    assert checked > 300
    settings = [etree.QName(c).localname for c in docx_part(real_edition.outputs["docx"], "word/settings.xml")]
    assert (
        settings.index("updateFields") < settings.index("compat") < settings.index("docVars") < settings.index("rsids")
    )


def test_one_section_per_chapter_named_in_its_header(real_edition: BuildResult) -> None:
    edition = real_edition.edition
    doc = Document(str(real_edition.outputs["docx"]))
    headers = [s.header.paragraphs[0].text for s in doc.sections]
    assert len(headers) == 2 + len(edition.chapters)  # the title page, the contents, one per chapter
    for header, chapter in zip(headers[2:], edition.chapters):
        assert header.endswith(f"|　{chapter.tab}"), header
    for section in doc.sections[1:]:
        fields = [t.text.strip() for t in section.footer._element.iterfind(".//w:instrText", NS)]
        assert fields == ["PAGE"]


def test_styles_let_a_reviewer_restyle_the_whole_document(edition_2021: BuildResult) -> None:
    doc = Document(str(edition_2021.outputs["docx"]))
    styles = doc.styles
    for level in (1, 2, 3):
        ppr = styles[f"Heading {level}"].element.pPr
        assert ppr.find(f"{{{W}}}outlineLvl").get(f"{{{W}}}val") == str(level - 1)
        assert styles[f"Heading {level}"].paragraph_format.keep_with_next
    assert styles["Caption"].paragraph_format.keep_with_next
    assert styles["Normal"].paragraph_format.widow_control
    assert styles["Normal"].element.rPr.rFonts.get(f"{{{W}}}eastAsia") == "Noto Serif CJK SC"
    # The report's table style, drawn in this edition's accent colour, with a repeated header row.
    table_style = styles["Report Table"]
    assert table_style.type == WD_STYLE_TYPE.TABLE
    header = table_style.element.find(f"{{{W}}}tblStylePr[@{{{W}}}type='firstRow']")
    assert header.find(f"{{{W}}}tcPr/{{{W}}}shd").get(f"{{{W}}}fill") == "0F6E6E"
    data_tables = [t for t in doc.tables if t.style is not None and t.style.name == "Report Table"]
    placed = [b for _, b in edition_2021.edition.walk() if isinstance(b, TableRef)]
    assert len(data_tables) == len(placed) == 1
    first = data_tables[0]
    assert first.rows[0]._tr.trPr.find(f"{{{W}}}tblHeader") is not None
    # Every paragraph style used in the body is one of the document's styles (no direct fonts).
    used = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Normal", "Caption", "Epigraph", "Attribution"} <= used


def test_short_boxes_are_kept_on_one_page(edition_2021: BuildResult) -> None:
    document = docx_part(edition_2021.outputs["docx"], "word/document.xml")
    case_titles = document.xpath("//w:tc/w:p[w:pPr/w:pStyle/@w:val='CaseTitle']", namespaces=NS)
    assert len(case_titles) == 24

    def length(title: etree._Element) -> int:
        return sum(len(t.text or "") for t in title.getparent().iterfind(".//w:t", NS))

    def rows(title: etree._Element) -> list[etree._Element]:
        return title.getparent().getparent().getparent().findall("w:tr", NS)

    kept = [length(p) for p in case_titles if len(rows(p)) == 1]
    parts = [rows(p) for p in case_titles if len(rows(p)) > 1]
    # Most cases fit on a page and are kept whole, in one row; a box too long for a page has a row for each
    # of its parts, each kept whole (Word would clip a row that must stay whole but cannot fit a page), so
    # that it breaks only between them.
    assert (len(kept), len(parts)) == (23, 1)
    assert len(parts[0]) > 2 and all(row.find("w:trPr/w:cantSplit", NS) is not None for row in parts[0])
    assert sum(len(t.text or "") for t in parts[0][0].iterfind(".//w:t", NS)) < min(kept)  # the title and a part


def test_contents_lists_every_chapter_and_section(edition_2021: BuildResult) -> None:
    doc = Document(str(edition_2021.outputs["docx"]))
    toc = [p.text for p in doc.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert all(re.search(r"\t\d+$", entry) for entry in toc)  # each with its page (tests/test_docx_pages.py)
    toc = [re.sub(r"\t\d+$", "", entry) for entry in toc]
    expected = []
    for chapter in edition_2021.edition.chapters:
        expected.append(chapter.title)
        expected.extend(section.full_title for section in chapter.sections)
    assert toc == expected


def test_numbered_captions_are_seq_fields_and_match_the_pdf(numbered: BuildResult) -> None:
    document = docx_part(numbered.outputs["docx"], "word/document.xml")
    fields = []
    for instr in document.iterfind(".//w:instrText", NS):
        if instr.text.strip().startswith("SEQ"):
            # the cached result is the run after the 'separate' mark
            run = instr.getparent().getnext().getnext()
            fields.append((instr.text.strip(), run.findtext("w:t", namespaces=NS)))
    assert fields == [
        ("SEQ 表 \\* ARABIC", "1"),
        ("SEQ 图 \\* ARABIC", "1"),
        ("SEQ 图 \\* ARABIC", "2"),
        ("SEQ 图 \\* ARABIC", "3"),
        ("SEQ 表 \\* ARABIC", "2"),
    ]
    captions = [p.text for p in Document(str(numbered.outputs["docx"])).paragraphs if p.style.name == "Caption"]
    assert captions[0] == "表 1\u3000“十三五”期间中国工业增加值"
    assert "图 3\u3000中国航天" in captions
    pdf = "\n".join(pdf_pages(numbered.outputs["pdf"]))
    for label, caption in (
        ("表 1", "“十三五”期间中国工业增加值"),
        ("图 1", "中国工业增加值"),
        ("图 2", "全球海拔最高的 5G 基站"),
        ("图 3", "中国航天"),
        ("表 2", "再次列出的工业增加值"),
    ):
        assert re.search(rf"{label}\s+{re.escape(caption)}", pdf), label


def test_captions_are_not_numbered_unless_asked(edition_2021: BuildResult) -> None:
    document = docx_part(edition_2021.outputs["docx"], "word/document.xml")
    assert not [i for i in document.iterfind(".//w:instrText", NS) if i.text.strip().startswith("SEQ")]
