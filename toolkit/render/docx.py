"""Model → DOCX with python-docx, starting from ``templates/docx/reference.docx``.

The document has a title page, a table of contents (a TOC field Word refreshes
on open), then one section per chapter whose header names the report and the
chapter and whose footer carries a PAGE field.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from toolkit.case_index import case_index
from toolkit.model import Case, Chapter, Draft, Edition, SourceRef
from toolkit.ooxml.accessible import set_organisation
from toolkit.ooxml.styles import REFERENCE_TEMPLATE, apply_theme
from toolkit.ooxml.wml import (
    TocEntry,
    add_field,
    add_toc,
    add_watermark,
    bookmark_name,
    set_document_variable,
    update_fields_on_open,
)
from toolkit.render import docx_pages
from toolkit.render.blobs import BlobCache
from toolkit.render.docx_blocks import DocxContext, write_block
from toolkit.render.docx_parts import ChapterParts, chapter_keys
from toolkit.render.pagination import ems as page_ems
from toolkit.render.pagination import opens_page
from toolkit.source_markers import DOCVAR

CASE_INDEX_ID = "case-index"


def render_docx(
    edition: Edition,
    templates_dir: Path,
    target: BinaryIO | Path,
    draft: Draft | None = None,
    kept: BlobCache | None = None,
) -> str | None:
    """Write the report as DOCX to ``target``; ``draft`` marks every page as a review draft.

    The page references (contents, chapter openers, case index) get their numbers from one layout by
    LibreOffice (:mod:`toolkit.render.docx_pages`), as ``[output] docx_pages`` asks. Returns why they
    could not, if so (the build tells it): ``""`` when LibreOffice is not installed, else its failure.
    With ``kept`` (a build's cache), the chapters written before are put back rather than written
    again (:mod:`toolkit.render.docx_parts`): the same bytes.
    """
    program = docx_pages.program_for(edition)
    reason = docx_pages.missing_reason(edition)
    ctx = _document(edition, templates_dir, draft, numbered=program is not None, kept=kept)
    if program is None:
        data = _package(ctx)
    else:
        try:
            data = _with_page_numbers(ctx, program)
        except docx_pages.LayoutFailed as exc:
            reason = str(exc)
            data = _package(_document(edition, templates_dir, draft, numbered=False, kept=kept))
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)
    return reason


def _document(
    edition: Edition, templates_dir: Path, draft: Draft | None, numbered: bool, kept: BlobCache | None = None
) -> DocxContext:
    """The report as a python-docx document (``numbered``: its contents with leaders and page numbers;
    ``kept``: the chapters written before put back)."""
    document = Document(str(templates_dir / REFERENCE_TEMPLATE))
    config = edition.config
    apply_theme(document, config.theme, config.language)
    _set_properties(document, edition)
    _page_setup(document.sections[0])
    update_fields_on_open(document)
    ctx = DocxContext(document=document, edition=edition, draft=draft, numbered=numbered)
    _title_page(ctx)
    _contents(ctx)
    parts = ChapterParts(kept) if kept is not None else None
    keys = chapter_keys(edition, draft, templates_dir) if parts is not None else {}
    for chapter in edition.chapters:
        _new_section(ctx, f"{config.title} {config.year}　|　{chapter.tab}", numbered=True)
        if parts is not None:
            parts.write(ctx, keys[chapter.id], partial(_chapter, ctx, chapter))
        else:
            _chapter(ctx, chapter)
    if config.index.cases:
        _case_index(ctx)
    set_document_variable(document, DOCVAR, json.dumps(ctx.markers.paths, ensure_ascii=False, sort_keys=True))
    return ctx


def _package(ctx: DocxContext) -> bytes:
    buffer = io.BytesIO()
    ctx.document.save(buffer)
    return reproducible_zip(buffer.getvalue(), ctx.edition.built)


# Entries are set at 10–11 pt on a line of 16 cm: about 42 characters. One longer than this, less
# room for a leader and a number, might wrap differently once its number is in.
_ENTRY_EMS = 36
_PLACEHOLDER = "00"
"""What the page references hold while LibreOffice lays the document out, when a long entry's wrapping
depends on its number: as wide as most numbers of a report will be (10 to 99)."""


def _with_page_numbers(ctx: DocxContext, program: str) -> bytes:
    """The package with every page reference's result filled in from LibreOffice's layout of it.

    A contents entry long enough to wrap differently with its number is laid out with a two-digit
    placeholder in every reference; only when a long entry's number has another width is the document
    laid out once more with the numbers themselves (a layout costs about 2 s of processor)."""
    names = {name for _, name, _ in ctx.page_refs}
    long = [name for _, name, text in ctx.page_refs if page_ems(text) > _ENTRY_EMS]
    if long:
        _fill_page_refs(ctx, dict.fromkeys(names, _PLACEHOLDER))
    pages = docx_pages.bookmark_pages(_package(ctx), program, names)
    _fill_page_refs(ctx, pages)
    if any(len(str(pages[name])) != len(_PLACEHOLDER) for name in long):
        pages = docx_pages.bookmark_pages(_package(ctx), program, names)
        _fill_page_refs(ctx, pages)
    return _package(ctx)


def _fill_page_refs(ctx: DocxContext, pages: dict[str, int] | dict[str, str]) -> None:
    """Each page reference's result: the page (or placeholder) of its bookmark."""
    for run, name, _ in ctx.page_refs:
        run.text = str(pages[name])


def reproducible_zip(data: bytes, day: dt.date) -> bytes:
    """The same package with every entry dated ``day``: two builds give the same bytes."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def _set_properties(document: Any, edition: Edition) -> None:
    config = edition.config
    props = document.core_properties
    props.title = config.full_title
    props.subject = config.subtitle or config.full_title
    props.author = config.metadata_author
    props.last_modified_by = config.metadata_author
    props.language = config.language
    props.keywords = f"可持续发展; 工业和信息化; {config.year}"
    props.comments = f"{config.full_title}（{config.publisher}）"  # not python-docx's “generated by python-docx”
    set_organisation(document, config.publisher, config.full_title)
    props.revision = 1
    moment = dt.datetime.combine(edition.built, dt.time(0, 0))
    props.created = moment
    props.modified = moment
    props.last_printed = moment


def _page_setup(section: Any) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.left_margin = section.right_margin = Mm(25)
    section.header_distance = section.footer_distance = Mm(12)


def _mark_draft(paragraph: Any, draft: Draft) -> None:
    """The draft label in the header, and the 征求意见稿 watermark behind the page."""
    label = paragraph.add_run(f"　{draft.label}")
    label.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    label.bold = True
    add_watermark(paragraph, "征求意见稿")


def _title_page(ctx: DocxContext) -> None:
    config = ctx.edition.config
    section = ctx.document.sections[0]
    section.different_first_page_header_footer = False
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
    if ctx.draft is not None:
        _mark_draft(section.header.paragraphs[0], ctx.draft)
    ctx.source = SourceRef(path="edition.toml", line=1)
    spacer = ctx.paragraph()
    spacer.paragraph_format.space_before = Cm(6)
    year = ctx.paragraph("Subtitle")
    year.add_run(str(config.year)).font.size = Pt(36)
    ctx.paragraph("Title").add_run(config.title)
    if config.subtitle:
        ctx.paragraph("Subtitle").add_run(config.subtitle)
    publisher = ctx.paragraph("Cover Publisher")
    publisher.paragraph_format.space_before = Cm(8)
    publisher.add_run(config.publisher)
    ctx.paragraph("Cover Publisher").add_run(f"{ctx.edition.built.year} 年 {ctx.edition.built.month} 月")
    ctx.source = None


def _new_section(ctx: DocxContext, header_text: str, numbered: bool) -> None:
    section = ctx.document.add_section(WD_SECTION.NEW_PAGE)
    _end_on_last_paragraph(ctx.document)
    header, footer = section.header, section.footer
    header.is_linked_to_previous = False
    footer.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.text = ""
    paragraph.add_run(header_text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if ctx.draft is not None:
        _mark_draft(paragraph, ctx.draft)
    footer_paragraph = footer.paragraphs[0]
    footer_paragraph.text = ""
    if numbered:
        footer_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_field(footer_paragraph, "PAGE", "1")


def _end_on_last_paragraph(document: Any) -> None:
    """End the section just closed on its own last paragraph, not on an empty one after it.

    python-docx closes a section with an empty paragraph holding its properties: where the text
    fills the page to its last line, that paragraph goes on to a page of its own, left blank. The
    properties move into the last paragraph; after a table, or a field (the contents), where a
    paragraph must stay, it is made one point high.
    """
    body = document.element.body
    closing = body[-2]
    before = closing.getprevious()
    if (
        before is not None
        and before.tag == qn("w:p")
        and (before.pPr is None or before.pPr.sectPr is None)
        and before.find(f".//{qn('w:fldChar')}") is None
    ):  # not inside a field (LibreOffice loses the footer)
        before.set_sectPr(closing.pPr.sectPr)
        body.remove(closing)
        return
    point = DocxParagraph(closing, document).paragraph_format
    point.space_before = point.space_after = Pt(0)
    point.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    point.line_spacing = Pt(1)


def _contents(ctx: DocxContext) -> None:
    config = ctx.edition.config
    _new_section(ctx, f"{config.title} {config.year}", numbered=True)
    ctx.paragraph("TOC Heading").add_run("目录")
    refs = add_toc(ctx.paragraph("TOC 1"), _toc_entries(ctx.edition), ctx.paragraph, numbered=ctx.numbered)
    ctx.page_refs.extend(refs)


def _toc_entries(edition: Edition) -> list[TocEntry]:
    """What Word's TOC field will list: chapters and their sections, as in the PDF's contents."""
    entries: list[TocEntry] = []
    for chapter in edition.chapters:
        entries.append(TocEntry(1, chapter.title, bookmark_name(chapter.id)))
        entries.extend(TocEntry(2, section.full_title, bookmark_name(section.id)) for section in chapter.sections)
    if edition.config.index.cases:
        entries.append(TocEntry(1, edition.config.index.title, bookmark_name(CASE_INDEX_ID)))
    return entries


def _chapter(ctx: DocxContext, chapter: Chapter) -> None:
    """A chapter's content, after its section break."""
    with ctx.from_source(chapter.source):
        title = ctx.paragraph("Heading 1")
        title.add_run(chapter.title)
        ctx.bookmarks.add(title, chapter.id)
    for block in chapter.intro:
        write_block(ctx, block)
    if chapter.opener and chapter.kind == "chapter" and chapter.sections:
        with ctx.from_source(chapter.source):
            _opener_list(ctx, chapter)
    new_pages = opens_page(chapter, ctx.edition)
    for index, section in enumerate(chapter.sections):
        with ctx.from_source(section.source):
            heading = ctx.paragraph("Heading 2")
            # the opener is a page of its own; other sections open a page as the PDF's do
            if section.id in new_pages or (index == 0 and chapter.opener and chapter.kind == "chapter"):
                heading.paragraph_format.page_break_before = True
            if section.kicker:
                heading.add_run(section.kicker, style=ctx.style("Kicker Char"))
                heading.add_run().add_break()
            heading.add_run(section.title)
            ctx.bookmarks.add(heading, section.id)
        for block in section.blocks:
            write_block(ctx, block)


def _case_index(ctx: DocxContext) -> None:
    """The appendix listing the cases by organisation and by SDG, with page references."""
    config = ctx.edition.config
    _new_section(ctx, f"{config.title} {config.year}　|　{config.index.title}", numbered=True)
    heading = ctx.paragraph("Heading 1")
    heading.add_run(config.index.title)
    ctx.bookmarks.add(heading, CASE_INDEX_ID)
    index = case_index(ctx.edition)

    def entries(cases: list[Case]) -> None:
        for case in cases:
            entry = ctx.paragraph("Opener Entry")
            entry.paragraph_format.left_indent = Cm(0.8)
            _page_reference(ctx, entry, case.title, bookmark_name("case-" + case.id))

    ctx.paragraph("Heading 2").add_run("按提交单位")
    for group in index.by_organisation:
        ctx.paragraph("Heading 3").add_run(group.kind)
        for organisation in group.organisations:
            ctx.paragraph("Box Title").add_run(organisation.name)
            entries(organisation.cases)
    if index.by_goal:
        ctx.paragraph("Heading 2").add_run("按可持续发展目标")
        for goal in index.by_goal:
            ctx.paragraph("Box Title").add_run(f"{goal.number}　{goal.name}")
            entries(goal.cases)


def _opener_list(ctx: DocxContext, chapter: Chapter) -> None:
    """The chapter's sections with their page numbers (PAGEREF fields Word fills in)."""
    for section in chapter.sections:
        entry = ctx.paragraph("Opener Entry")
        _page_reference(ctx, entry, section.full_title, bookmark_name(section.id))


def _page_reference(ctx: DocxContext, entry: Any, text: str, bookmark: str) -> None:
    """A title, a tab (dot leaders) and the page its bookmark lands on (a PAGEREF field)."""
    entry.add_run(text)
    entry.add_run("\t")
    ctx.page_refs.append((add_field(entry, f"PAGEREF {bookmark} \\h", ""), bookmark, text))
