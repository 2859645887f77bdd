"""One DOCX writer per block kind: the DOCX counterpart of ``templates/pdf/blocks/``.

Each writer registers itself under its kind with the Word styles it uses, right where it is written:
``@docx_writer("quote", "Quote Text", "Attribution")``. A style is named if it is shared
(:mod:`toolkit.render.docx_styles`) or python-docx's own, and declared in full (a
:class:`~toolkit.ooxml.styles.WordStyle`) if it is the writer's alone; ``tools/build_docx_template.py``
builds both into ``templates/docx/reference.docx``. ``tests/test_registry.py`` holds every registered
element to having a writer, and every writer to its styles being declared and in the template.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from toolkit.model import (
    Block,
    Callout,
    CalloutGrid,
    Case,
    CaseBox,
    CellRef,
    Chart,
    ColumnBox,
    DataTable,
    Draft,
    Edition,
    Epigraph,
    Feature,
    Figure,
    FigureGroup,
    Focus,
    Heading,
    LineBreak,
    ListBlock,
    MediaPrompt,
    Paragraph,
    Phase,
    Pillar,
    Quote,
    QuoteWall,
    SourceRef,
    Span,
    Statistic,
    TableRef,
    Thanks,
    Timeline,
    Wanted,
    drop_prefix,
    plain_text,
    walk_blocks,
)
from toolkit.model.alt import alt_text, table_description
from toolkit.model.words import WORDS
from toolkit.ooxml.accessible import describe_picture, describe_table
from toolkit.ooxml.styles import WordStyle
from toolkit.ooxml.wml import (
    BookmarkIds,
    add_caption_label,
    border_left,
    border_top,
    box_borders,
    cant_split,
    dashed_borders,
    no_wrap,
    repeat_header,
    shade,
    shade_paragraph,
    table_look,
)
from toolkit.render.charts import chart_png
from toolkit.render.docx_styles import STYLES
from toolkit.render.qr import qr_png
from toolkit.source_markers import MarkerNames

GAP_RED = RGBColor(0xB0, 0x00, 0x20)
"""The colour of what is still missing (待补充), as in the PDF."""
# Printable width of an A4 page with the template's margins.
TEXT_WIDTH = Cm(16.0)
AFTER_TABLE = Pt(8)
"""Space between a box or table and the paragraph after it."""
MAX_FIGURE_HEIGHT = Cm(14.0)


Writer = Callable[["DocxContext", Any], None]


@dataclass(frozen=True)
class DocxWriter:
    """A block kind's writer and the Word styles it uses."""

    kind: str
    write: Writer
    styles: tuple[str, ...]
    """Every style it writes with (its helpers' included), by name."""
    defines: tuple[WordStyle, ...]
    """The styles it declares itself (its own, used by no other writer)."""


WRITERS: dict[str, DocxWriter] = {}
"""Every kind's writer, registered by :func:`docx_writer` beside it."""


def docx_writer(kind: str, *styles: str | WordStyle) -> Callable[[Writer], Writer]:
    """Register the decorated function as the writer of blocks of ``kind``, writing with ``styles`` (names of
    shared or built-in styles, or :class:`WordStyle` declarations of its own)."""

    def register(write: Writer) -> Writer:
        if kind in WRITERS:
            raise TypeError(f"two DOCX writers of “{kind}”: {WRITERS[kind].write.__name__} and {write.__name__}")
        names = tuple(style.name if isinstance(style, WordStyle) else style for style in styles)
        WRITERS[kind] = DocxWriter(kind, write, names, tuple(s for s in styles if isinstance(s, WordStyle)))
        return write

    return register


def declared_styles() -> list[WordStyle]:
    """Every style the toolkit declares: the shared ones, then each writer's own, as the template holds them."""
    return [*STYLES, *(style for writer in WRITERS.values() for style in writer.defines)]


@dataclass
class DocxContext:
    """What block writers share: the document, the model, and where paragraphs go."""

    document: Any
    edition: Edition
    bookmarks: BookmarkIds = field(default_factory=BookmarkIds)
    container: Any = None
    """Where new paragraphs go: the document body or a table cell."""
    body_style: str | None = None
    """Style of body paragraphs at the current place (``None``: Normal)."""
    draft: Draft | None = None
    """The review draft to mark on every page, if any."""
    source: SourceRef | None = None
    """The file and line the paragraphs being written come from (each gets a source marker)."""
    markers: MarkerNames = field(default_factory=MarkerNames)
    numbered: bool = True
    """Whether the contents list page numbers (with dot leaders), or titles only (see ``docx_pages``)."""
    page_refs: list[tuple[Any, str, str]] = field(default_factory=list)
    """Every page reference written: its field's result run, the bookmark it names, the entry's title."""
    _fresh: list[Any] = field(default_factory=list)
    _after_table: set[Any] = field(default_factory=set)
    """The containers (their XML elements) whose last element is a table (see :meth:`table`)."""
    _hook: Callable[[DocxParagraph], None] | None = None
    _styles: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.container is None:
            self.container = self.document

    def style(self, name: str) -> Any:
        """A style of the document by name (looked up once: python-docx searches linearly)."""
        if name not in self._styles:
            self._styles[name] = self.document.styles[name]
        return self._styles[name]

    def paragraph(self, style: str | None = None) -> DocxParagraph:
        """A new paragraph at the current place (a new cell's empty first paragraph is reused)."""
        if self._fresh and self._fresh[-1] is self.container:
            self._fresh.pop()
            paragraph = self.container.paragraphs[0]
        else:
            paragraph = self.container.add_paragraph()
        if style:
            # Set w:pStyle directly: python-docx's setter searches every style for the default each time.
            paragraph._p.style = self.style(style).style_id
        if self.container._element in self._after_table:
            self._after_table.discard(self.container._element)
            if (self.style(style or "Normal").paragraph_format.space_before or 0) < AFTER_TABLE:
                paragraph.paragraph_format.space_before = AFTER_TABLE
        self.mark(paragraph)
        return self._hooked(paragraph)

    def table(self, rows: int, cols: int) -> Any:
        """A new table at the current place.

        A box, a data table or a grid is set apart from the paragraph after it by that paragraph's
        space before, not by an empty paragraph: an empty paragraph pushed past the end of a page
        by a box filling it would leave a blank page before a section that opens one. A table
        straight after a table still gets an empty paragraph between (Word joins adjacent tables).
        """
        if self.container._element in self._after_table:
            self.paragraph("Box Text").paragraph_format.space_after = Pt(0)
        table = self.container.add_table(rows=rows, cols=cols)
        self._after_table.add(self.container._element)
        return table

    def mark(self, paragraph: DocxParagraph, source: SourceRef | None = None) -> None:
        """Start ``paragraph`` with a hidden bookmark naming its source file and line."""
        source = source or self.source
        if source is not None:
            self.bookmarks.point(paragraph, self.markers.name(source.path, source.line or 1))

    @contextmanager
    def from_source(self, source: SourceRef | None) -> Iterator[None]:
        """Mark the paragraphs written meanwhile as coming from ``source``."""
        saved, self.source = self.source, source
        try:
            yield
        finally:
            self.source = saved

    def _hooked(self, paragraph: DocxParagraph) -> DocxParagraph:
        if self._hook is not None:
            hook, self._hook = self._hook, None
            hook(paragraph)
        return paragraph

    def before_next_paragraph(self, hook: Callable[[DocxParagraph], None]) -> None:
        """Run ``hook`` on the next paragraph written (a rule above the first line of a block)."""
        self._hook = hook

    @property
    def pending_hook(self) -> Callable[[DocxParagraph], None] | None:
        """The hook waiting for the next paragraph, if any (:mod:`toolkit.render.docx_parts` keeps no chapter
        that leaves one)."""
        return self._hook

    @contextmanager
    def inside(self, cell: Any, body_style: str | None = "Box Text") -> Iterator[None]:
        """Write into a table cell (a box) for the duration of the block."""
        saved = (self.container, self.body_style)
        self.container, self.body_style = cell, body_style
        self._fresh.append(cell)
        try:
            yield
        finally:
            if self._fresh and self._fresh[-1] is cell:
                self._fresh.pop()
            self.container, self.body_style = saved

    @property
    def accent(self) -> str:
        """The accent colour as ``RRGGBB``."""
        return self.edition.config.theme.accent.lstrip("#").upper()


def add_inlines(paragraph: DocxParagraph, inlines: list[Span | LineBreak | CellRef]) -> None:
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
        if isinstance(item, Span) and item.href:
            run.underline = True
        if isinstance(item, CellRef) and item.awaiting:
            run.font.color.rgb = GAP_RED
        if item.broken is not None:  # printed as written, as the PDF and the pages mark it (drafts only)
            run.font.color.rgb, run.underline = GAP_RED, WD_UNDERLINE.WAVY


@docx_writer("paragraph", "Normal")
def write_paragraph(ctx: DocxContext, block: Paragraph) -> None:
    paragraph = ctx.paragraph(ctx.body_style)
    add_inlines(paragraph, block.inlines)
    _mark_carried(ctx, paragraph, block)


def _mark_carried(ctx: DocxContext, paragraph: DocxParagraph, block: Paragraph) -> None:
    """Drafts mark the previous edition's text for the editors to revise."""
    if ctx.draft is not None and block.mostly_carried:
        shade_paragraph(paragraph, "FFF6D5")
        border_left(paragraph, "D9A400", 12)


@docx_writer("heading", "Heading 3", "Heading 4")
def write_heading(ctx: DocxContext, block: Heading) -> None:
    paragraph = ctx.paragraph(f"Heading {block.level}")
    add_inlines(paragraph, block.inlines)
    ctx.bookmarks.add(paragraph, block.id)


@docx_writer("list", "List Bullet", "List Number", "List Paragraph")
def write_list(ctx: DocxContext, block: ListBlock) -> None:
    for number, item in enumerate(block.items, start=block.start):
        first = True
        for child in item:
            if first and isinstance(child, Paragraph):
                style = "List Number" if block.ordered else "List Bullet"
                with ctx.from_source(child.source):
                    paragraph = ctx.paragraph("List Paragraph" if block.ordered else style)
                if ctx.body_style:
                    paragraph.paragraph_format.space_after = Pt(2)
                if block.ordered:
                    paragraph.add_run(f"{number}. ")
                add_inlines(paragraph, child.inlines)
                _mark_carried(ctx, paragraph, child)
            else:
                write_block(ctx, child)
            first = False


@docx_writer("table", "Caption", "Source Note", "Report Table", "Table Heading", "Table Text")
def write_table(ctx: DocxContext, block: TableRef) -> None:
    table_data = ctx.edition.tables[block.table_id]
    caption = ctx.paragraph("Caption")
    add_caption_label(caption, block.label)
    caption.add_run(block.caption or table_data.title).bold = True
    ctx.bookmarks.add(caption, block.id)
    if table_data.unit:
        unit = ctx.paragraph("Source Note")
        unit.add_run(f"{WORDS.unit}：{table_data.unit}")
        unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        unit.paragraph_format.keep_with_next = True
    columns = table_data.columns
    table = ctx.table(1, len(columns))
    table.style = ctx.style("Report Table")
    table_look(table, first_row=True, banded_rows=True)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    repeat_header(header)
    data_path = table_data.source.path
    for cell, column in zip(header.cells, columns):
        heading = column.heading + (f"（{column.unit}）" if column.unit and column.unit != table_data.unit else "")
        cell.paragraphs[0]._p.style = ctx.style("Table Heading").style_id
        ctx.mark(cell.paragraphs[0], SourceRef(path=data_path, line=1))
        cell.paragraphs[0].add_run(heading)
    numeric = [c.type in ("integer", "number", "percent", "year") for c in columns]
    widths = _column_widths(table_data, numeric)
    table.autofit = False
    for index, row in enumerate(table_data.rows):
        docx_row = table.add_row()
        cant_split(docx_row)
        # Each cell points at its row of the data file: a reviewer's note on a number leads to the number.
        row_source = SourceRef(path=data_path, line=table_data.row_number(index))
        for cell, value, is_number in zip(docx_row.cells, row, numeric):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = ctx.style("Table Text").style_id
            ctx.mark(paragraph, row_source)
            run = paragraph.add_run(value.text)
            if value.awaiting:
                run.font.color.rgb = GAP_RED
                shade(cell, "FFF5F5")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if is_number else WD_ALIGN_PARAGRAPH.LEFT
            if is_number:
                no_wrap(cell)
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width
    if not table_data.rows:
        _missing_row(ctx, table, WORDS.table_missing)
    if table_data.source_note:
        ctx.paragraph("Source Note").add_run(f"{WORDS.source}：{table_data.source_note}")
    caption_text = block.caption or table_data.title
    describe_table(table, caption_text, table_description(table_data, caption_text))


def _missing_row(ctx: DocxContext, table: Any, text: str) -> None:
    """A table without data rows says so in a dashed row across it (the PDF prints the same)."""
    row = table.add_row()
    cell = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    dashed_borders(cell)
    shade(cell, "F3F3F3")
    paragraph = cell.paragraphs[0]
    paragraph._p.style = ctx.style("Table Text").style_id
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).font.color.rgb = RGBColor(0x99, 0x99, 0x99)


# Table text is 9 pt: a digit is about 0.17 cm wide, a Chinese character 0.34 cm (bold headings
# included); cells add 0.35 cm of padding.
_DIGIT_CM, _HAN_CM, _PADDING_CM = 0.17, 0.34, 0.35
_HEADING_CHARS = 4
"""A heading may wrap, but not to fewer characters a line than this."""


def _column_widths(table: DataTable, numeric: list[bool]) -> list[Cm]:
    """Widths that keep every number on one line; text columns share what is left.

    Number columns get what their longest value needs; text columns split the rest in
    proportion to their longest text (they wrap); any room to spare goes by heading length.
    """
    needs: list[float] = []
    for index, (column, is_number) in enumerate(zip(table.columns, numeric)):
        longest = max((len(row[index].text) for row in table.rows), default=0)
        need = longest * (_DIGIT_CM if is_number else _HAN_CM) + _PADDING_CM
        needs.append(max(need, min(len(column.heading), _HEADING_CHARS) * _HAN_CM + _PADDING_CM))
    total = TEXT_WIDTH.cm
    if sum(needs) <= total:
        spare = total - sum(needs)
        weights = [max(len(column.heading), 1) for column in table.columns]
        return [Cm(n + spare * w / sum(weights)) for n, w in zip(needs, weights)]
    fixed = sum(n for n, is_number in zip(needs, numeric) if is_number)
    wrapping = sum(n for n, is_number in zip(needs, numeric) if not is_number)
    if wrapping == 0 or fixed >= total:
        return [Cm(n * total / sum(needs)) for n in needs]
    room = total - fixed
    return [Cm(n if is_number else n * room / wrapping) for n, is_number in zip(needs, numeric)]


@docx_writer("figure", "Figure", "Caption", "Credit")
def write_figure(ctx: DocxContext, block: Figure, width: Emu | None = None) -> None:
    _picture_or_placeholder(
        ctx,
        block.src,
        block.caption,
        block.credit,
        block.id,
        block.number,
        width,
        block.title,
        block.label,
        (alt_text(block, ctx.edition), block.title or block.label or WORDS.image),
    )


def _picture_or_placeholder(
    ctx: DocxContext,
    src: str | None,
    caption: str | None,
    credit: str | None,
    identifier: str | None,
    number: int | None = None,
    width: Emu | None = None,
    title: str | None = None,
    label: str | None = None,
    alt: tuple[str, str] = ("", WORDS.image),
) -> None:
    """An image from the model, or a dashed frame where its file is missing; then its caption.

    ``alt`` is the picture's alternative text and its short title (``wp:docPr`` ``descr`` and ``title``).
    """
    asset = ctx.edition.assets.get(src) if src else None
    limit = width or TEXT_WIDTH
    if asset is not None:
        paragraph = ctx.paragraph("Figure")
        size = _fit(asset.width, asset.height, limit)
        shape = paragraph.add_run().add_picture(io.BytesIO(asset.data), width=size[0], height=size[1])
        describe_picture(shape, *alt)
    else:
        frame = ctx.table(1, 1)
        describe_table(
            frame, f"{WORDS.image}占位框", f"{WORDS.image}{WORDS.awaiting}" + (f"：{alt[0]}" if alt[0] else "")
        )
        frame.alignment = WD_TABLE_ALIGNMENT.CENTER
        cell = frame.rows[0].cells[0]
        dashed_borders(cell)
        shade(cell, "F3F3F3")
        frame.rows[0].height = Cm(5 if width is None else 3.5)
        with ctx.inside(cell, None):
            run = ctx.paragraph("Figure").add_run(WORDS.image)
        run.font.color.rgb = RGBColor(0x99, 0x99, 0x99)
        run.font.size = Pt(10)
    if not (caption or title or credit or label or number is not None):
        return
    paragraph = ctx.paragraph("Caption")
    paragraph.paragraph_format.keep_with_next = False  # the caption follows its picture
    add_caption_label(paragraph, label)
    if number is not None:
        paragraph.add_run(f"{number}　").bold = True
    if title:
        paragraph.add_run(f"{title} ").bold = True
    paragraph.add_run(caption or "")
    if credit:
        paragraph.add_run(f"（{credit}）", style=ctx.style("Credit"))
    if identifier:
        ctx.bookmarks.add(paragraph, identifier)


def _fit(width_px: int, height_px: int, limit: Emu = TEXT_WIDTH) -> tuple[Emu, Emu]:
    """The printed size: ``limit`` wide at most, and not taller than the page allows."""
    width = limit
    height = Emu(int(width * height_px / width_px))
    if height > MAX_FIGURE_HEIGHT:
        height = MAX_FIGURE_HEIGHT
        width = Emu(int(height * width_px / height_px))
    return Emu(int(width)), height


def _box(
    ctx: DocxContext,
    what: tuple[str, str],
    fill: str | None = None,
    border: str | None = None,
    keep_together: bool = False,
) -> Any:
    """A one-cell table: the frame of a box (case, 专栏, statistic ...), described as ``what`` (title, description)."""
    table = ctx.table(1, 1)
    describe_table(table, *what)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if keep_together:
        cant_split(table.rows[0])
    cell = table.rows[0].cells[0]
    if fill:
        shade(cell, fill)
    box_borders(cell, border or "auto", "single" if border else "nil")
    return cell


def _write_all(ctx: DocxContext, blocks: list[Block]) -> None:
    for child in blocks:
        write_block(ctx, child)


@docx_writer("thanks", "Thanks")
def write_thanks(ctx: DocxContext, block: Thanks) -> None:
    saved = ctx.body_style
    ctx.body_style = "Thanks"

    def set_apart(paragraph: DocxParagraph) -> None:
        paragraph.paragraph_format.space_before = Pt(18)
        border_top(paragraph, "999999")

    ctx.before_next_paragraph(set_apart)
    try:
        _write_all(ctx, block.blocks)
    finally:
        ctx.body_style = saved


@docx_writer("epigraph", "Epigraph", "Attribution")
def write_epigraph(ctx: DocxContext, block: Epigraph) -> None:
    saved = ctx.body_style
    ctx.body_style = "Epigraph"
    try:
        _write_all(ctx, block.blocks)
    finally:
        ctx.body_style = saved
    ctx.paragraph("Attribution").add_run(block.attribution)


@docx_writer("quote", "Quote Text", "Attribution")
def write_quote(ctx: DocxContext, block: Quote) -> None:
    saved = ctx.body_style
    ctx.body_style = "Quote Text"
    try:
        for child in block.blocks:
            write_block(ctx, child)
    finally:
        ctx.body_style = saved
    ctx.paragraph("Attribution").add_run(block.attribution)


@docx_writer("quote-wall", "Box Title", "Quote Text")
def write_quote_wall(ctx: DocxContext, block: QuoteWall) -> None:
    if block.title:
        ctx.paragraph("Box Title").add_run(block.title)
    columns = 2 if len(block.quotes) > 1 else 1
    rows = (len(block.quotes) + columns - 1) // columns
    table = ctx.table(rows, columns)
    describe_table(table, "引语", block.title or "")
    for index, quote in enumerate(block.quotes):
        cell = table.rows[index // columns].cells[index % columns]
        shade(cell, "F4F7F7")
        with ctx.inside(cell, "Quote Text"):
            write_quote(ctx, quote)


@docx_writer(
    "case", "Box Text", "Case Title", "Quote Text", "Attribution", "Case Organisation", "Figure", "Caption", "Credit"
)
def write_case(ctx: DocxContext, block: CaseBox) -> None:
    """A case box: a table of one cell, kept on one page when it fits one.

    A case no page can hold gets a row for each of its parts instead (the title with the first
    block, each block, each photo, the quote with its attribution), each row kept whole: the box
    starts where it stands and breaks only between parts, never leaving a line or two of it, or
    its organisation, alone on a page. LibreOffice keeps rows whole (``cantSplit``) but not lines
    inside a cell that breaks (widows), nor paragraphs kept together there; and a paragraph kept
    with the next one inside the table makes it move the whole table to the next page.
    """
    case = ctx.edition.cases[block.case_id]
    units = _case_units(ctx, case)
    whole = _fits_on_a_page(case.blocks, 6.0 * len(case.photos))
    if whole:
        units = [[write for unit in units for write in unit]]
    table = ctx.table(len(units), 1)
    describe_table(table, "案例", case.title)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, (row, unit) in enumerate(zip(table.rows, units)):
        if whole or unit.fits:
            cant_split(row)
        cell = row.cells[0]
        box_borders(cell, ctx.accent)
        if index:  # one frame around the rows: no rules between them
            box_borders(cell, ctx.accent, "nil", sides=("top",))
        if index < len(units) - 1:
            box_borders(cell, ctx.accent, "nil", sides=("bottom",))
        with ctx.inside(cell), ctx.from_source(case.source):
            for write in unit:
                write()
        if not whole:
            # a row is kept whole already; a paragraph kept with the next one inside a table makes
            # LibreOffice move the whole table to the next page (Word: keeps the row with the next)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = False


class _Unit(list[Callable[[], None]]):
    """Writers of the parts of a box that stay together; ``fits``: they fit on one page."""

    def __init__(self, writers: list[Callable[[], None]] | None = None) -> None:
        super().__init__(writers or [])
        self.fits = True


def _case_units(ctx: DocxContext, case: Case) -> list[_Unit]:
    """A case's parts in the order printed, grouped so that no group leaves a line or two alone:
    a heading or a paragraph of fewer than 3 lines goes with what follows, the organisation with
    what precedes it."""

    def title() -> None:
        paragraph = ctx.paragraph("Case Title")
        paragraph.add_run(case.title)
        shade_paragraph(paragraph, ctx.accent)
        ctx.bookmarks.add(paragraph, f"case-{case.id}")

    def organisation() -> None:
        paragraph = ctx.paragraph("Case Organisation")
        paragraph.add_run(f"{case.organisation_kind}　").font.color.rgb = RGBColor(0x99, 0x99, 0x99)
        paragraph.add_run(case.organisation)

    units = [_Unit([title])]
    glued = True  # the title goes with the first block
    for child in case.blocks:
        if not glued:
            units.append(_Unit())
        units[-1].append(lambda child=child: write_block(ctx, child))
        units[-1].fits = units[-1].fits and _fits_on_a_page([child])
        glued = isinstance(child, Heading) or (
            isinstance(child, Paragraph) and len(plain_text(child.inlines)) < 3 * _CHARS_PER_LINE
        )
    closing: list[list[Callable[[], None]]] = [
        [
            lambda photo=photo: _picture_or_placeholder(
                ctx, photo.src, photo.caption, photo.credit, None, alt=(alt_text(photo, ctx.edition), "案例照片")
            )
        ]
        for photo in case.photos
    ]
    if case.quote:
        quote = case.quote
        closing.append(
            [
                lambda: ctx.paragraph("Quote Text").add_run(quote.text),
                lambda: ctx.paragraph("Attribution").add_run(quote.attribution),
            ]
        )
    for writers in closing:
        if not glued:
            units.append(_Unit())
        units[-1].extend(writers)
        glued = False
    units[-1].append(organisation)
    return units


# Box text sets about 40 characters to a line of 0.6 cm; a box taller than about two thirds of
# a page is left free to break, since Word clips a row that must stay whole but cannot fit.
_CHARS_PER_LINE = 40
_LINE_CM = 0.6
_BOX_LIMIT_CM = 16.0


def _fits_on_a_page(blocks: list[Block], pictures_cm: float = 0.0) -> bool:
    """Whether a box holding ``blocks`` (and pictures that tall) can be kept on one page."""
    characters = sum(
        len(plain_text(node.inlines)) for block in blocks for node in walk_blocks(block) if isinstance(node, Paragraph)
    )
    lines = characters / _CHARS_PER_LINE + 2 * len(blocks) + 4
    return lines * _LINE_CM + pictures_cm <= _BOX_LIMIT_CM


@docx_writer("feature", "Box Text", "Feature Title", "Feature Organisation")
def write_feature(ctx: DocxContext, block: Feature) -> None:
    cell = _box(ctx, ("专题", block.title), fill=ctx.accent)
    with ctx.inside(cell, "Feature Title"):
        ctx.paragraph("Feature Organisation").add_run(block.organisation)
        title = ctx.paragraph("Feature Title")
        title.add_run(block.title)
        ctx.bookmarks.add(title, block.id)
    _write_all(ctx, block.blocks)


@docx_writer("column", "Box Text", "Box Title")
def write_column(ctx: DocxContext, block: ColumnBox) -> None:
    cell = _box(ctx, (block.label, block.title), fill="F2F5F7", keep_together=_fits_on_a_page(block.blocks))
    with ctx.inside(cell):
        title = ctx.paragraph("Box Title")
        label = title.add_run(f"{block.label}　")
        label.font.color.rgb = RGBColor(0x99, 0x99, 0x99)
        title.add_run(block.title)
        ctx.bookmarks.add(title, block.id)
        _write_all(ctx, block.blocks)


@docx_writer("pillar", "Pillar Label")
def write_pillar(ctx: DocxContext, block: Pillar) -> None:
    head, rest = block.label_parts
    label = ctx.paragraph("Pillar Label")
    label.add_run(head)
    if rest:
        label.add_run(rest).font.size = Pt(9.5)
    _write_all(ctx, block.blocks)


@docx_writer("callouts", "Box Title")
def write_callouts(ctx: DocxContext, block: CalloutGrid) -> None:
    if block.title:
        ctx.paragraph("Box Title").add_run(block.title)
    columns = min(max(len(block.callouts), 1), 4)
    rows = (len(block.callouts) + columns - 1) // columns
    table = ctx.table(rows, columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    describe_table(table, "数据", block.title or "")
    for index, callout in enumerate(block.callouts):
        cell = table.rows[index // columns].cells[index % columns]
        shade(cell, "F7F9F9")
        with ctx.inside(cell):
            write_callout(ctx, callout)


@docx_writer("callout", "Callout Period", "Callout Label", "Callout Value")
def write_callout(ctx: DocxContext, block: Callout) -> None:
    if block.period:
        ctx.paragraph("Callout Period").add_run(block.period)
    if block.lead:
        ctx.paragraph("Callout Label").add_run(block.lead)
    value = ctx.paragraph("Callout Value")
    number = value.add_run(block.value)
    if block.broken is not None:
        number.font.color.rgb, number.underline = GAP_RED, WD_UNDERLINE.WAVY
    if block.awaiting:
        number.font.color.rgb = GAP_RED
    if unit := block.printed_unit:
        # The unit once, as the model holds it; % follows the number without a space, words after one.
        value.add_run(unit if unit.startswith("%") else f" {unit}").font.size = Pt(9)
    if block.label:
        ctx.paragraph("Callout Label").add_run(block.label)


@docx_writer("statistic", "Box Text", "Statistic")
def write_statistic(ctx: DocxContext, block: Statistic) -> None:
    cell = _box(ctx, ("数据", ""), fill=ctx.accent, keep_together=True)
    with ctx.inside(cell, "Statistic"):
        _write_all(ctx, block.blocks)


@docx_writer("chart", "Caption", "Figure", "Source Note")
def write_chart(ctx: DocxContext, block: Chart) -> None:
    table = ctx.edition.tables[block.table_id]
    caption = ctx.paragraph("Caption")
    add_caption_label(caption, block.label)
    caption.add_run(block.title or table.title).bold = True
    if table.unit:
        caption.add_run(f" {table.unit}")
    ctx.bookmarks.add(caption, block.id)
    if table.rows:
        picture = ctx.paragraph("Figure")
        png = chart_png(block, table, ctx.edition.config.theme)
        shape = picture.add_run().add_picture(io.BytesIO(png), width=TEXT_WIDTH)
        describe_picture(shape, alt_text(block, ctx.edition), block.title or table.title)
    else:
        frame = ctx.table(1, 1)
        describe_table(frame, "图表占位框", alt_text(block, ctx.edition))
        dashed_borders(frame.rows[0].cells[0])
        frame.rows[0].height = Cm(2.5)
        with ctx.inside(frame.rows[0].cells[0], None):
            ctx.paragraph("Figure").add_run(WORDS.chart_missing).font.color.rgb = RGBColor(0x99, 0x99, 0x99)
    if table.source_note:
        ctx.paragraph("Source Note").add_run(f"{WORDS.source}：{table.source_note}")


@docx_writer("timeline", "Box Title", "Phase Period")
def write_timeline(ctx: DocxContext, block: Timeline) -> None:
    if block.title:
        ctx.paragraph("Box Title").add_run(block.title)
    table = ctx.table(len(block.phases), 2)
    describe_table(table, "时间线", block.title or "")
    for row, phase in zip(table.rows, block.phases):
        cant_split(row)
        row.cells[0].width, row.cells[1].width = Cm(4), Cm(12)
        border_left(row.cells[1], ctx.accent)
        with ctx.inside(row.cells[0]):
            ctx.paragraph("Phase Period").add_run(phase.period)
        with ctx.inside(row.cells[1]):
            write_phase(ctx, phase)


@docx_writer("phase", "Phase Title")
def write_phase(ctx: DocxContext, block: Phase) -> None:
    ctx.paragraph("Phase Title").add_run(block.title)
    _write_all(ctx, block.blocks)


@docx_writer("figures", "Caption")
def write_figures(ctx: DocxContext, block: FigureGroup) -> None:
    columns = 2 if len(block.figures) > 1 else 1
    rows = (len(block.figures) + columns - 1) // columns
    table = ctx.table(rows, columns)
    describe_table(table, "组图", block.caption or "")
    for index, figure in enumerate(block.figures):
        with ctx.inside(table.rows[index // columns].cells[index % columns], None):
            write_figure(ctx, figure, width=Cm(7.5))
    if block.caption or block.label:
        caption = ctx.paragraph("Caption")
        caption.paragraph_format.keep_with_next = False
        add_caption_label(caption, block.label)
        caption.add_run(block.caption or "")


@docx_writer("media", "Figure", "Media Prompt")
def write_media(ctx: DocxContext, block: MediaPrompt) -> None:
    table = ctx.table(1, 2)
    describe_table(table, WORDS.qr_code, block.prompt)
    code, text = table.rows[0].cells
    code.width, text.width = Cm(3), Cm(13)
    with ctx.inside(code, None):
        if block.url:
            shape = ctx.paragraph("Figure").add_run().add_picture(io.BytesIO(qr_png(block.url)), width=Cm(2.4))
            describe_picture(shape, alt_text(block, ctx.edition), WORDS.qr_code)
        else:
            dashed_borders(code)
            ctx.paragraph("Figure").add_run(WORDS.qr_code).font.color.rgb = RGBColor(0x99, 0x99, 0x99)
    with ctx.inside(text, None):
        ctx.paragraph("Media Prompt").add_run(block.prompt)


@docx_writer("wanted", "Box Text", "Box Title")
def write_wanted(ctx: DocxContext, block: Wanted) -> None:
    # Kept on one page only when it fits one: a long frame runs on, as in the PDF (Word would clip it).
    cell = _box(ctx, (WORDS.awaiting, block.what), fill="FFF5F5", keep_together=_fits_on_a_page(block.blocks))
    box_borders(cell, "B00020", "dashed", 8)
    with ctx.inside(cell):
        label = ctx.paragraph("Box Title")
        run = label.add_run(block.label)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
        _write_all(ctx, block.blocks)


@docx_writer("focus", "Strong", "Focus Title")
def write_focus(ctx: DocxContext, block: Focus) -> None:
    if block.run_in:
        first = ctx.paragraph(ctx.body_style)
        lead = first.add_run(block.title, style=ctx.style("Strong"))
        lead.font.color.rgb = RGBColor.from_string(ctx.accent)
        add_inlines(first, drop_prefix(block.blocks[0].inlines, len(block.title)))
        border_left(first, ctx.accent)
        _mark_carried(ctx, first, block.blocks[0])
        _write_all(ctx, block.blocks[1:])
        return
    title = ctx.paragraph("Focus Title")
    title.add_run(block.title)
    border_left(title, ctx.accent)
    _write_all(ctx, block.blocks)


def write_block(ctx: DocxContext, block: Block) -> None:
    """Write any block with the writer for its kind, its paragraphs marked with its source."""
    with ctx.from_source(block.source):
        WRITERS[block.kind].write(ctx, block)
