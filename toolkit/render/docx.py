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
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt, RGBColor

from toolkit.case_index import case_index
from toolkit.model import Case, Chapter, Draft, Edition, SourceRef
from toolkit.render.docx_blocks import DocxContext, write_block
from toolkit.ooxml.styles import REFERENCE_TEMPLATE, apply_theme
from toolkit.ooxml.wml import (TocEntry, add_field, add_toc, add_watermark, bookmark_name, set_document_variable,
                               update_fields_on_open)
from toolkit.source_markers import DOCVAR

CASE_INDEX_ID = "case-index"


def render_docx(edition: Edition, templates_dir: Path, target: BinaryIO | Path, draft: Draft | None = None) -> None:
    """Write the report as DOCX to ``target``; ``draft`` marks every page as a review draft."""
    document = Document(str(templates_dir / REFERENCE_TEMPLATE))
    config = edition.config
    apply_theme(document, config.theme, config.language)
    _set_properties(document, edition)
    _page_setup(document.sections[0])
    update_fields_on_open(document)
    ctx = DocxContext(document=document, edition=edition, draft=draft)

    _title_page(ctx)
    _contents(ctx)
    for chapter in edition.chapters:
        _chapter(ctx, chapter)
    if config.index.cases:
        _case_index(ctx)
    set_document_variable(document, DOCVAR, json.dumps(ctx.markers.paths, ensure_ascii=False, sort_keys=True))
    buffer = io.BytesIO()
    document.save(buffer)
    data = reproducible_zip(buffer.getvalue(), edition.built)
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)


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


def _contents(ctx: DocxContext) -> None:
    config = ctx.edition.config
    _new_section(ctx, f"{config.title} {config.year}", numbered=True)
    ctx.paragraph("TOC Heading").add_run("目录")
    add_toc(ctx.paragraph("TOC 1"), _toc_entries(ctx.edition), ctx.paragraph)


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
    config = ctx.edition.config
    _new_section(ctx, f"{config.title} {config.year}　|　{chapter.tab}", numbered=True)
    with ctx.from_source(chapter.source):
        title = ctx.paragraph("Heading 1")
        title.add_run(chapter.title)
        ctx.bookmarks.add(title, chapter.id)
    for block in chapter.intro:
        write_block(ctx, block)
    if chapter.opener and chapter.kind == "chapter" and chapter.sections:
        with ctx.from_source(chapter.source):
            _opener_list(ctx, chapter)
    for index, section in enumerate(chapter.sections):
        with ctx.from_source(section.source):
            heading = ctx.paragraph("Heading 2")
            if index or (chapter.opener and chapter.kind == "chapter"):
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
            entry.add_run(case.title)
            entry.add_run("\t")
            add_field(entry, f"PAGEREF {bookmark_name('case-' + case.id)} \\h", "")

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
        entry.add_run(section.full_title)
        entry.add_run("\t")
        add_field(entry, f"PAGEREF {bookmark_name(section.id)} \\h", "")

