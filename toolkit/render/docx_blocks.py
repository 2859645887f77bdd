"""One DOCX writer per block kind: the DOCX counterpart of ``templates/pdf/blocks/``."""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from toolkit.model import Block, Edition, Figure, Heading, LineBreak, ListBlock, Paragraph, Span, TableRef
from toolkit.render.docx_fields import BookmarkIds, cant_split, dashed_borders, repeat_header, shade

# Printable width of an A4 page with the template's margins.
TEXT_WIDTH = Cm(16.0)
MAX_FIGURE_HEIGHT = Cm(14.0)


@dataclass
class DocxContext:
    """What block writers share: the document, the model, and where paragraphs go."""

    document: Any
    edition: Edition
    bookmarks: BookmarkIds = field(default_factory=BookmarkIds)
    container: Any = None
    """Where new paragraphs go: the document body or a table cell."""

    def __post_init__(self) -> None:
        if self.container is None:
            self.container = self.document

    def paragraph(self, style: str | None = None) -> DocxParagraph:
        """A new paragraph at the current place."""
        return self.container.add_paragraph(style=style)

    @property
    def accent(self) -> str:
        """The accent colour as ``RRGGBB``."""
        return self.edition.config.theme.accent.lstrip("#").upper()


def add_inlines(paragraph: DocxParagraph, inlines: list[Span | LineBreak]) -> None:
    """Runs for inline content, keeping bold and italic."""
    for item in inlines:
        if isinstance(item, LineBreak):
            paragraph.add_run().add_break()
            continue
        run = paragraph.add_run(item.text)
        if item.bold:
            run.bold = True
        if item.italic:
            run.italic = True
        if item.href:
            run.underline = True


def write_paragraph(ctx: DocxContext, block: Paragraph) -> None:
    add_inlines(ctx.paragraph(), block.inlines)


def write_heading(ctx: DocxContext, block: Heading) -> None:
    paragraph = ctx.paragraph(f"Heading {block.level}")
    add_inlines(paragraph, block.inlines)
    ctx.bookmarks.add(paragraph, block.id)


def write_list(ctx: DocxContext, block: ListBlock) -> None:
    for number, item in enumerate(block.items, start=block.start):
        first = True
        for child in item:
            if first and isinstance(child, Paragraph):
                style = "List Number" if block.ordered else "List Bullet"
                paragraph = ctx.paragraph("List Paragraph" if block.ordered else style)
                if block.ordered:
                    paragraph.add_run(f"{number}. ")
                add_inlines(paragraph, child.inlines)
            else:
                write_block(ctx, child)
            first = False


def write_table(ctx: DocxContext, block: TableRef) -> None:
    table_data = ctx.edition.tables[block.table_id]
    caption = ctx.paragraph("Caption")
    caption.add_run(block.caption or table_data.title).bold = True
    caption.paragraph_format.keep_with_next = True
    ctx.bookmarks.add(caption, block.id)
    if table_data.unit:
        unit = ctx.paragraph("Source Note")
        unit.add_run(f"单位：{table_data.unit}")
        unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        unit.paragraph_format.keep_with_next = True
    columns = table_data.columns
    table = ctx.container.add_table(rows=1, cols=len(columns))
    table.style = ctx.document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    repeat_header(header)
    for cell, column in zip(header.cells, columns):
        heading = column.heading + (f"（{column.unit}）" if column.unit and column.unit != table_data.unit else "")
        cell.paragraphs[0].style = ctx.document.styles["Table Heading"]
        cell.paragraphs[0].add_run(heading)
        shade(cell, ctx.accent)
    numeric = [c.type in ("integer", "number", "percent", "year") for c in columns]
    for row in table_data.rows:
        docx_row = table.add_row()
        cant_split(docx_row)
        for cell, value, is_number in zip(docx_row.cells, row, numeric):
            paragraph = cell.paragraphs[0]
            paragraph.style = ctx.document.styles["Table Text"]
            paragraph.add_run(value.text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if is_number else WD_ALIGN_PARAGRAPH.LEFT
    if table_data.source_note:
        ctx.paragraph("Source Note").add_run(f"资料来源：{table_data.source_note}")


def write_figure(ctx: DocxContext, block: Figure) -> None:
    asset = ctx.edition.assets.get(block.src) if block.src else None
    if asset is not None:
        paragraph = ctx.paragraph("Figure")
        width, height = _fit(asset.width, asset.height)
        paragraph.add_run().add_picture(io.BytesIO(asset.data), width=width, height=height)
    else:
        frame = ctx.container.add_table(rows=1, cols=1)
        frame.alignment = WD_TABLE_ALIGNMENT.CENTER
        cell = frame.rows[0].cells[0]
        dashed_borders(cell)
        shade(cell, "F3F3F3")
        frame.rows[0].height = Cm(5)
        placeholder = cell.paragraphs[0]
        placeholder.style = ctx.document.styles["Figure"]
        run = placeholder.add_run("图片")
        run.font.color.rgb = RGBColor(0x99, 0x99, 0x99)
        run.font.size = Pt(10)
    caption = ctx.paragraph("Caption")
    caption.add_run(block.caption)
    if block.credit:
        caption.add_run(f"（{block.credit}）", style="Credit")
    ctx.bookmarks.add(caption, block.id)


def _fit(width_px: int, height_px: int) -> tuple[Emu, Emu]:
    """The printed size: the text width at most, and not taller than the page allows."""
    width = TEXT_WIDTH
    height = Emu(int(width * height_px / width_px))
    if height > MAX_FIGURE_HEIGHT:
        height = MAX_FIGURE_HEIGHT
        width = Emu(int(height * width_px / height_px))
    return Emu(int(width)), height


WRITERS: dict[str, Callable[[DocxContext, Any], None]] = {
    "paragraph": write_paragraph,
    "heading": write_heading,
    "list": write_list,
    "table": write_table,
    "figure": write_figure,
}


def write_block(ctx: DocxContext, block: Block) -> None:
    """Write any block with the writer for its kind."""
    WRITERS[block.kind](ctx, block)
