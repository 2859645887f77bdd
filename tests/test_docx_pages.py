"""The DOCX's page numbers (issue 20): the contents, the chapter openers and the case index show, without any
program updating fields, the page each heading lands on when LibreOffice lays the DOCX out; and that layout
has no blank page and no table touching the next.

Each DOCX is rendered here by LibreOffice, with Writer's bookmarks exported as named destinations, and every
``PAGEREF``'s written result compared with the page its bookmark lands on.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from tests.conftest import FIXTURES, NS, W, build, docx_part, pdf_pages, require_tool
from toolkit.build import BuildResult
from toolkit.ooxml.wml import bookmark_name
from toolkit.render.docx_pages import SOFFICE

SLOW_FIXTURES = frozenset({"paginated"})
EXPORT = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'


@pytest.fixture(scope="module")
def paginated(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The pagination fixture (a contents page, a chapter opener, a case index), built with LibreOffice."""
    require_tool("soffice")
    return build(FIXTURES / "pagination", tmp_path_factory.mktemp("paginated"))


def rendered(docx: Path, out: Path) -> Path:
    """``docx`` as LibreOffice lays it out, its bookmarks as the PDF's named destinations."""
    soffice = require_tool("soffice")
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(out / 'profile').as_uri()}",
            "--convert-to",
            EXPORT,
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / f"{docx.stem}.pdf"


def bookmark_pages(pdf: Path) -> dict[str, int]:
    """Page number (1 for the first page) of every bookmark, by its Word name (LibreOffice writes _ as 5F)."""
    reader = PdfReader(pdf)
    return {
        str(name).lstrip("/").replace("5F", "_"): reader.get_destination_page_number(target) + 1
        for name, target in reader.named_destinations.items()
    }


def page_references(docx: Path) -> list[tuple[str, str]]:
    """Every PAGEREF of the document: (bookmark, the result written), in order."""
    found = []
    for paragraph in docx_part(docx, "word/document.xml").iter(f"{{{W}}}p"):
        state, name, result = None, None, ""
        for run in paragraph.iter(f"{{{W}}}r"):
            char, instruction = run.find("w:fldChar", NS), run.find("w:instrText", NS)
            if char is not None:
                kind = char.get(f"{{{W}}}fldCharType")
                if kind == "begin":
                    state, name, result = "instruction", None, ""
                elif kind == "separate":
                    state = "result"
                elif name is not None:
                    found.append((name, result))
            elif instruction is not None and state == "instruction":
                match = re.match(r"\s*PAGEREF (\S+)", instruction.text or "")
                name = match.group(1) if match else None
            elif state == "result":
                result += "".join(run.itertext())
    return found


@pytest.mark.parametrize("which", ["paginated", "edition_2021"])
def test_every_page_reference_shows_the_page_its_heading_lands_on(which: str, request, tmp_path: Path) -> None:
    result: BuildResult = request.getfixturevalue(which)
    edition, docx = result.edition, result.outputs["docx"]
    pdf = rendered(docx, tmp_path)
    landing = bookmark_pages(pdf)
    references = page_references(docx)
    # the contents (every chapter and section), the openers' sections, the case index's entries
    entries = {bookmark_name(c.id): c.title for c in edition.chapters}
    entries |= {bookmark_name(s.id): s.full_title for c in edition.chapters for s in c.sections}
    expected = set(entries)
    if edition.config.index.cases:
        entries[bookmark_name("case-index")] = edition.config.index.title
        expected |= {bookmark_name("case-index")} | {bookmark_name(f"case-{case}") for case in edition.cases}
    assert {name for name, _ in references} == expected
    assert [(name, written) for name, written in references if written != str(landing[name])] == []
    # what the contents page shows: each entry, with the page its heading is on
    pages = pdf_pages(pdf)
    shown = [re.fullmatch(r"\s*(\S.*?)\s*\.{3,}\s*(\d+)", line) for line in pages[1].splitlines()]
    listed = [(m.group(1).replace(" ", ""), int(m.group(2))) for m in shown if m]
    assert listed == [(entries[name].replace(" ", ""), landing[name]) for name, _ in references[: len(listed)]]
    assert len(listed) == len(entries)
    # and the page numbers printed in the footers are the pages' own
    footers = [page.strip().splitlines()[-1].strip() for page in pages[1:]]
    assert footers == [str(number) for number in range(2, len(pages) + 1)]


def test_no_blank_page_and_no_table_touching_the_next(edition_2021: BuildResult, tmp_path: Path) -> None:
    docx = edition_2021.outputs["docx"]
    pages = pdf_pages(rendered(docx, tmp_path))
    header = "中国工业和信息化可持续发展报告 2021"
    blank = [
        number
        for number, page in enumerate(pages, start=1)
        if not re.sub(r"\s+|\d+|" + re.escape(header) + r"|\|.*", "", page)
    ]
    assert blank == []
    # a box straight after a table (the statistic under the R&D table) is kept apart by a paragraph:
    # adjacent tables are joined into one by Word and drawn touching by LibreOffice
    body = docx_part(docx, "word/document.xml").find("w:body", NS)
    tags = [etree.QName(child).localname for child in body]
    assert [i for i in range(len(tags) - 1) if tags[i] == tags[i + 1] == "tbl"] == []
    assert len(pages) == 50  # 54 before: every section opened a page, and a blank page followed a box


def test_without_libreoffice_the_contents_list_titles_and_a_notice_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(SOFFICE, "")
    result = build(FIXTURES / "minimal", tmp_path)
    assert [(d.code, d.location.path.name) for d in result.diagnostics if d.code.startswith("MF")] == [
        ("MF020", "edition.toml")
    ]
    with zipfile.ZipFile(result.outputs["docx"]) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    toc = [
        "".join(t.text for t in p.iterfind(".//w:t", NS))
        for p in body.iterfind(".//w:p", NS)
        if (
            p.find("w:pPr/w:pStyle", NS) is not None
            and p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") in ("TOC1", "TOC2")
        )
    ]
    assert toc == ["序言", "工业规模持续增长", "结构不断优化", "数字经济蓬勃发展"]  # no empty dot leaders
    assert [written for _, written in page_references(result.outputs["docx"])] == [
        "",
        "",
    ]  # the opener's: Word fills them


def test_libreoffice_failing_is_a_warning_and_the_docx_is_still_made(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(SOFFICE, "false")  # a program that exits with 1
    result = build(FIXTURES / "minimal", tmp_path)
    warnings = [d.message("en") for d in result.diagnostics if d.code == "MF021"]
    assert warnings == [
        "LibreOffice could not lay out the DOCX's page numbers (LibreOffice stopped with exit "
        "code 1): the contents list titles only"
    ]
    assert result.outputs["docx"].is_file() and page_references(result.outputs["docx"]) == [
        ("structure", ""),
        ("b_02_growth_s_1", ""),
    ]


def test_a_long_contents_entry_costs_one_layout_when_the_numbers_have_the_placeholder_s_width(
    tmp_path: Path, monkeypatch
) -> None:
    """An entry long enough to wrap with its number is laid out with a two-digit placeholder in every reference:
    once, not again with the numbers, when they are as wide (here the pages are 1 to 9: laid out again)."""
    import shutil

    from toolkit.render import docx_pages

    edition = shutil.copytree(FIXTURES / "minimal", tmp_path / "edition")
    chapter = edition / "chapters" / "02-growth.md"
    long_title = "结构不断优化，制造业高端化、智能化、绿色化发展取得新的进展，新动能加快成长，产业链供应链韧性增强"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("结构不断优化", long_title), encoding="utf-8")
    layouts: list[int] = []
    real = docx_pages._lay_out
    monkeypatch.setattr(docx_pages, "_LAID_OUT", {})  # nothing laid out before in this process counts
    monkeypatch.setattr(docx_pages, "_lay_out", lambda *args: layouts.append(1) or real(*args))
    result = build(edition, tmp_path / "out", formats=("docx",))
    assert layouts == [1, 1]  # single-digit pages: the placeholder's width was not theirs
    written = dict(page_references(result.outputs["docx"]))
    assert written and all(number.isdigit() and len(number) == 1 for number in written.values())
    layouts.clear()
    monkeypatch.setattr(docx_pages, "_LAID_OUT", {})
    monkeypatch.setattr(docx_pages, "bookmark_pages", _two_digit(docx_pages.bookmark_pages))
    build(edition, tmp_path / "again", formats=("docx",))
    assert layouts == [1]  # two-digit numbers: the placeholder's layout is the document's


def _two_digit(bookmark_pages):
    """``bookmark_pages`` as if the report were longer: every page number plus 10."""
    return lambda *args: {name: page + 10 for name, page in bookmark_pages(*args).items()}
