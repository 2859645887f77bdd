"""The typed document model: what an edition *is*, independent of any file format.

Readers (:mod:`toolkit.readers`) turn an edition folder into an :class:`Edition`;
validation (:mod:`toolkit.validation`) checks it; renderers (:mod:`toolkit.render`)
turn it into PDF and DOCX and never look at input files. Everything a renderer
needs, image bytes included, is therefore held here.

Blocks are a tagged union on ``kind``. Adding an element type means one class
here, one reader rule (:mod:`toolkit.readers.directives`), one set of validation
rules, one Jinja template ``templates/pdf/blocks/<kind>.html`` and one DOCX
writer function (:mod:`toolkit.render.docx_blocks`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from toolkit.config import EditionConfig


class Node(BaseModel):
    """Base of every model class: strict fields, no surprises."""

    model_config = ConfigDict(extra="forbid")


class SourceRef(Node):
    """Where a piece of the model came from: a path relative to the edition folder."""

    path: str
    line: int | None = None

    def label(self) -> str:
        """``chapters/01.md:12``."""
        return f"{self.path}:{self.line}" if self.line else self.path


# --- inline content -------------------------------------------------------------

class Span(Node):
    """A run of text with one set of character styles."""

    kind: Literal["span"] = "span"
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    """Target of a link; shown as text, never fetched."""


class LineBreak(Node):
    """A hard line break inside a paragraph (a line ending in a backslash)."""

    kind: Literal["break"] = "break"


Inline = Annotated[Union[Span, LineBreak], Field(discriminator="kind")]


def plain_text(inlines: list[Span | LineBreak]) -> str:
    """The text of some inline content, styles dropped."""
    return "".join(i.text if isinstance(i, Span) else "\n" for i in inlines)


# --- blocks ---------------------------------------------------------------------

class Paragraph(Node):
    """A paragraph of body text."""

    kind: Literal["paragraph"] = "paragraph"
    inlines: list[Inline]
    source: SourceRef


class Heading(Node):
    """A heading inside a section (``###`` or ``####``)."""

    kind: Literal["heading"] = "heading"
    level: int = Field(ge=3, le=4)
    inlines: list[Inline]
    id: str
    source: SourceRef


class ListBlock(Node):
    """A bulleted or numbered list; each item holds blocks."""

    kind: Literal["list"] = "list"
    ordered: bool = False
    start: int = 1
    items: list[list["Block"]]
    source: SourceRef


class TableRef(Node):
    """A data table placed in the text; its data lives in :attr:`Edition.tables`."""

    kind: Literal["table"] = "table"
    table_id: str
    caption: str | None = None
    """Overrides the table's own title."""
    id: str
    source: SourceRef


class Figure(Node):
    """An image with a caption. ``src`` absent from :attr:`Edition.assets` renders as a placeholder."""

    kind: Literal["figure"] = "figure"
    id: str
    src: str | None = None
    caption: str
    credit: str | None = None
    source: SourceRef


Block = Annotated[Union[Paragraph, Heading, ListBlock, TableRef, Figure], Field(discriminator="kind")]
ListBlock.model_rebuild()


# --- structure ------------------------------------------------------------------

ChapterKind = Literal["preface", "chapter", "outlook", "appendix"]


class Section(Node):
    """A ``##`` section of a chapter."""

    id: str
    title: str
    blocks: list[Block] = []
    source: SourceRef


class Chapter(Node):
    """One chapter file: its intro (text before the first section) and its sections."""

    id: str
    title: str
    kind: ChapterKind = "chapter"
    tab: str
    """Short name for the running header and side tab."""
    intro: list[Block] = []
    sections: list[Section] = []
    source: SourceRef


# --- data -----------------------------------------------------------------------

ColumnType = Literal["string", "integer", "number", "year", "percent"]


class Column(Node):
    """A column of a data table, as declared in its schema."""

    name: str
    type: ColumnType = "string"
    unit: str | None = None
    label: str | None = None
    """Heading printed in the report; defaults to ``name``."""
    decimals: int | None = None

    @property
    def heading(self) -> str:
        """What the report prints above the column."""
        return self.label or self.name


class Cell(Node):
    """A typed value and the text the report prints for it."""

    value: float | int | str | None
    text: str


class DataTable(Node):
    """A statistical table read from ``data/`` with its schema."""

    id: str
    title: str
    unit: str | None = None
    source_note: str | None = None
    columns: list[Column]
    rows: list[list[Cell]]
    source: SourceRef


class Asset(Node):
    """An image's bytes, checked and measured by the reader."""

    src: str
    media_type: str
    data: bytes = Field(repr=False)
    width: int
    height: int
    dpi: float | None = None


class Edition(Node):
    """A whole report: manifest, chapters in order, data tables and images."""

    config: EditionConfig
    chapters: list[Chapter]
    tables: dict[str, DataTable] = {}
    assets: dict[str, Asset] = {}
    built: dt.date
    """The date printed in the report and its metadata."""

    def walk(self) -> Iterator[tuple[Chapter, Block]]:
        """Every block of the report in reading order, nested ones included, with its chapter."""
        for chapter in self.chapters:
            for block in chapter.intro:
                yield from ((chapter, b) for b in walk_blocks(block))
            for section in chapter.sections:
                for block in section.blocks:
                    yield from ((chapter, b) for b in walk_blocks(block))


def walk_blocks(block: Node) -> Iterator[Node]:
    """A block and, depth first, every block nested in its fields (list items, box bodies)."""
    yield block
    for name in type(block).model_fields:
        value = getattr(block, name)
        if isinstance(value, list):
            for item in value:
                children = item if isinstance(item, list) else [item]
                for child in children:
                    if isinstance(child, Node) and hasattr(child, "source") and hasattr(child, "kind"):
                        yield from walk_blocks(child)
