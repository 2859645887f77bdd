"""Pagination (issue 19), checked on the laid-out boxes of the fixture ``pagination`` (WeasyPrint's own
API) and on its DOCX:

- a section opens a page only where the theme says so (``section_pages``), and never after less than
  half a page: a new chapter of six paragraphs under three sections fills one page, not three;
- a case no page can hold starts where it stands and breaks between its parts, at least 3 lines on
  either side, its attributions with what they close (in the DOCX: a table row per part, each whole);
- a long web address breaks at its own / ? & =, and the line broken at it stretches no Chinese.

Each rule is also checked against a layout that breaks it, so that the check is known to bite.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from lxml import etree
from weasyprint import HTML, Document
from weasyprint.formatting_structure import boxes

from tests.conftest import FIXTURES, NS, ROOT, W
from tests.test_layout import content, content_bottom, first_block, walk
from tests.test_layout import laid_out as layout_chapter
from toolkit.diagnostics import Diagnostics
from toolkit.model import Edition
from toolkit.readers import read_edition
from toolkit.render import cjk_justify
from toolkit.render import pdf as pdf_stage
from toolkit.render.docx import render_docx
from toolkit.render.docx_pages import SOFFICE
from toolkit.render.html import text_html
from toolkit.render.pagination import opens_page

PAGINATION = FIXTURES / "pagination"
ADDRESS = (
    "https://www.example.org.cn/news/2022/green-manufacturing/detail.html"
    "?from=timeline&utm_source=wechat&utm_medium=social"
)


@pytest.fixture(scope="module")
def edition() -> Edition:
    read = read_edition(PAGINATION, Diagnostics())
    assert read is not None
    return read


def laid_out(edition: Edition, chapter: int, extra_css: str = "") -> Document:
    """One chapter of the fixture laid out into pages, optionally with CSS added last."""
    return layout_chapter(edition, chapter, extra_css, PAGINATION)


def anchor_pages(document: Document) -> dict[str, int]:
    """The page (0-based, in the chapter) of every anchor."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def with_theme(edition: Edition, section_pages: str) -> Edition:
    theme = edition.config.theme.model_copy(update={"section_pages": section_pages})
    return edition.model_copy(update={"config": edition.config.model_copy(update={"theme": theme})})


def docx_body(edition: Edition) -> etree._Element:
    target = io.BytesIO()
    render_docx(edition, ROOT / "templates", target)
    with zipfile.ZipFile(target) as package:
        return etree.fromstring(package.read("word/document.xml"))


# --- sections ------------------------------------------------------------------------------------------------------


def test_a_section_opens_a_page_where_the_theme_says_and_never_after_a_short_one(edition: Edition) -> None:
    short, long = edition.chapters
    # the theme says every section: the first after the opener does anyway, the others follow short sections
    assert opens_page(short, edition) == set()
    # a section after more than half a page opens one; the next, after a short section, runs on
    assert opens_page(long, edition) == {"long-supply"}
    assert opens_page(long, with_theme(edition, "none")) == set()
    assert opens_page(long, with_theme(edition, "two-part")) == set()  # no two-part titles here

    # The new chapter: its opener, then its six paragraphs under three sections on one page.
    document = laid_out(edition, 0)
    pages = anchor_pages(document)
    assert len(document.pages) == 2
    assert [pages[s] for s in ("short-internet", "short-energy", "short-sme")] == [1, 1, 1]
    # every section opening a page, as before: three pages left nearly empty
    every = laid_out(edition, 0, ".section { break-before: page; }")
    assert len(every.pages) == 4 and all(content_bottom(page) < 0.5 for page in every.pages[1:])

    # The other chapter: 绿色供应链 opens a page at its top, 绿色园区 runs on after it.
    document = laid_out(edition, 1)
    pages = anchor_pages(document)
    supply = document.pages[pages["long-supply"]]
    assert pages["long-supply"] > pages["long-factories"] and pages["long-parks"] == pages["long-supply"]
    assert "".join(first_block(supply).element.itertext()) == "绿色供应链"  # first on its page

    # The DOCX breaks alike: before the first section after the opener, and before 绿色供应链.
    breaking = [
        "".join(p.itertext())
        for p in docx_body(edition).iterfind(".//w:p", NS)
        if p.find("w:pPr/w:pageBreakBefore", NS) is not None
    ]
    assert breaking == ["工业互联网加快普及", "绿色供应链"]


def test_the_published_editions_keep_their_section_pages() -> None:
    """2020 and 2021 printed their two-part sections (创新发展 | 提升要素效率 ...) on new pages, the others run on."""
    for year, practice in (("2020", "05-practice"), ("2021", "07-practice")):
        real = read_edition(ROOT / "editions" / year, Diagnostics())
        assert real is not None
        opening = {chapter.id: opens_page(chapter, real) for chapter in real.chapters}
        chapter = next(c for c in real.chapters if c.id == practice)
        assert opening[practice] == {s.id for s in chapter.sections[1:]}  # the first follows the opener
        assert all(not ids for name, ids in opening.items() if name != practice)


# --- a case no page can hold -----------------------------------------------------------------------------------------


def _pieces(document: Document, box_id: str) -> list[tuple[int, list[str], int]]:
    """A box's fragments: (page, the classes of the blocks in it, the lines of text in it)."""
    pieces = []
    for number, page in enumerate(document.pages):
        for root in content(page):
            for box, _ in walk(root):
                if box.element is not None and box.element.get("id") == box_id and isinstance(box, boxes.BlockBox):
                    classes = [
                        (b.element.get("class") or b.element_tag)
                        for b, _ in walk(box)
                        if isinstance(b, boxes.BlockBox)
                        and b.element is not None
                        and b is not box
                        and b.element_tag in ("p", "h4", "figure")
                    ]
                    lines = sum(isinstance(b, boxes.LineBox) for b, _ in walk(box))
                    pieces.append((number, list(dict.fromkeys(classes)), lines))
    return pieces


def test_a_case_no_page_can_hold_starts_where_it_stands_and_breaks_between_its_parts(edition: Edition) -> None:
    document = laid_out(edition, 1)
    pages = anchor_pages(document)
    pieces = _pieces(document, "case-long-case")
    # it starts on the page of its section's text, under it, and ends on the next
    assert [page for page, _, _ in pieces] == [pages["long-factories"], pages["long-factories"] + 1]
    (_, first, first_lines), (_, second, second_lines) = pieces
    assert first[0] == "case-title" and first_lines >= 4  # its title with at least 3 lines of text
    # the photo, the quote with its attribution, and the organisation, together
    assert second == ["figure case-photo", "p", "attribution", "case-organisation"] and second_lines >= 3
    # a case a page can hold is kept whole (the short one), and only the long one was let free
    assert len({page for page, _, _ in _pieces(document, "case-short-case")}) == 1


def test_pushed_whole_as_weasyprint_does_the_case_strands_a_page(edition: Edition, monkeypatch) -> None:
    monkeypatch.setattr(pdf_stage, "oversized", lambda document: [])
    document = laid_out(edition, 1)
    assert pdf_stage.oversized(document) == []
    pages = anchor_pages(document)
    pieces = _pieces(document, "case-long-case")
    assert pieces[0][0] == pages["long-factories"] + 1  # pushed to the next page ...
    assert content_bottom(document.pages[pages["long-factories"]]) < 0.5  # ... leaving this one half empty
    assert len(pieces) == 2  # and split all the same
    monkeypatch.undo()
    assert pdf_stage.oversized(document) == ["case-long-case"]


def test_in_the_docx_a_case_no_page_can_hold_is_a_row_per_part(edition: Edition, monkeypatch) -> None:
    monkeypatch.setenv(SOFFICE, "")  # the structure only: no need to lay the DOCX out
    body = docx_body(edition)
    tables = {"".join(t.find("w:tr", NS).itertext())[:7]: t for t in body.iterfind(".//w:tbl", NS)}
    long_case, short_case = tables["某某集团数字化"], tables["某某园区循环化"]
    rows = long_case.findall("w:tr", NS)
    texts = ["".join(row.itertext()) for row in rows]
    # the title with the first paragraph; the second; the third (under 3 lines) with the photo; the quote with its
    # attribution and the organisation
    assert len(rows) == 4 and texts[0].startswith("某某集团数字化赋能绿色工厂建设2022 年，")
    assert (
        texts[1].startswith("集团同步推进")
        and texts[2].startswith("下一步")
        and texts[2].endswith("某某集团绿色工厂全景")
    )
    assert (
        texts[3]
        == "数字化让每一度电都用在刀刃上，我们将继续推进绿色低碳转型。——某某集团总经理 张三企业　某某集团有限公司"
    )
    assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)  # each part whole
    # nothing inside keeps with the next paragraph: LibreOffice would move the whole table on
    assert not [p for p in long_case.iterfind(".//w:pPr/w:keepNext", NS) if p.get(f"{{{W}}}val") != "0"]
    # one frame: no rule between the rows
    assert [row.find("w:tc/w:tcPr/w:tcBorders/w:top", NS).get(f"{{{W}}}val") for row in rows] == [
        "single",
        "nil",
        "nil",
        "nil",
    ]
    assert len(short_case.findall("w:tr", NS)) == 1  # a case a page can hold: one row, kept whole


# --- long web addresses ----------------------------------------------------------------------------------------------


def _lines_of(paragraph: Any) -> Iterator[Any]:
    return (box for box, _ in walk(paragraph) if isinstance(box, boxes.LineBox))


def _stretch(line: Any) -> float:
    """The largest extra spacing justification gave a text of the line."""
    return max(
        (getattr(box, "justification_spacing", 0) or 0 for box, _ in walk(line) if isinstance(box, boxes.TextBox)),
        default=0,
    )


def _text(line: Any) -> str:
    return "".join(box.text for box, _ in walk(line) if isinstance(box, boxes.TextBox)).replace("\u200b", "")


def test_a_long_address_breaks_at_its_own_break_points_and_stretches_no_chinese(edition: Edition) -> None:
    document = laid_out(edition, 0)
    # the paragraph's pieces, in the two columns
    pieces = [
        (box, column)
        for page in document.pages
        for root in content(page)
        for box, column in walk(root)
        if isinstance(box, boxes.BlockBox)
        and box.element_tag == "p"
        and "utm_source" in "".join(box.element.itertext())
    ]
    lines = [
        (_text(line), _stretch(line), line.position_x + line.width, column.position_x + column.width)
        for box, column in pieces
        for line in _lines_of(box)
    ]
    texts = [text for text, *_ in lines]
    # the address reads whole, and each of its lines but the last ends at one of its break points
    assert "".join(texts).endswith("更多信息请见协会网站：" + ADDRESS)
    first = next(index for index, text in enumerate(texts) if "http" in text)
    assert len(texts) - first >= 3 and {text[-1] for text in texts[first:-1]} <= set("/?&=")
    assert all(edge <= right + 0.5 for _, _, edge, right in lines)  # nothing runs out of its column
    # the lines holding the address, or broken before it, are set flush left: no Chinese stretched
    assert max(stretch for _, stretch, _, _ in lines[first - (not texts[first].startswith("http")) :]) == 0
    assert any(stretch > 0 for _, stretch, _, _ in lines[: first - 1])  # the lines before are justified as ever


def test_an_address_without_break_points_stretches_the_chinese_before_it() -> None:
    """Without the toolkit's markup, WeasyPrint justifies the line before the address letter-spaced."""
    cjk_justify.install()
    text = "部分企业单位产品综合能耗下降超过 5%，更多信息请见协会网站：" + ADDRESS
    style = "font-family: 'Noto Serif CJK SC'; font-size: 10.5pt; width: 81mm; text-align: justify"

    def lines(markup: str) -> list[tuple[str, float]]:
        html = f'<html lang="zh-CN"><body><p style="{style}">{markup}</p></body></html>'
        page = HTML(string=html).render().pages[0]
        return [
            (_text(line), _stretch(line))
            for root in content(page)
            for line, _ in walk(root)
            if isinstance(line, boxes.LineBox)
        ]

    plain = lines(text.replace("&", "&amp;"))
    before = next(stretch for line, stretch in plain if "网站" in line)
    assert before > 10  # px between each pair of characters: 息 请 见 协 会 网 站 ： https://
    assert plain[-1][0] == "from=timeline&utm_source=wechat&utm_medium=social"  # no break: out of the column
    marked = lines(text_html(text))
    assert max(stretch for line, stretch in marked if "网站" in line or "/" in line) == 0
    assert [line for line, _ in marked][-2:] == [
        "manufacturing/detail.html?from=timeline&",
        "utm_source=wechat&utm_medium=social",
    ]


def test_a_feature_opening_a_section_goes_under_its_title(all_elements_pages: list[str]) -> None:
    """A feature opens a page of its own, but not away from the title of the section it opens."""
    page = next(page for page in all_elements_pages if "优化结构布局" in page and "：优化结构布局" not in page)
    assert "探索多元融合高弹性电网" in page
