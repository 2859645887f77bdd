"""The model's base: every node, where it came from, and the inline content of text.

Every other module of the model builds on these; they depend on nothing else of the toolkit.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


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


class BrokenSpot(Node):
    """What a reader could not make sense of, kept where it was written (a reference that leads nowhere,
    a directive no one knows): printed as written and marked, with the problem's message. The error stops
    a final build; drafts and the preview show the spot where it is."""

    code: str
    """The diagnostic's code (MD005, MD024)."""
    message: str
    """The diagnostic's message, in the report's language."""
    line: int | None = None
    column: int | None = None
    """Where the diagnostic points, in the file of the block holding the spot."""


class Span(Node):
    """A run of text with one set of character styles."""

    kind: Literal["span"] = "span"
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    """Target of a link; shown as text, never fetched."""
    broken: BrokenSpot | None = None
    """Set when the text is what the editor wrote where the reader could not make an element of it."""


class LineBreak(Node):
    """A hard line break inside a paragraph (a line ending in a backslash)."""

    kind: Literal["break"] = "break"


class CellAddress(Node):
    """A cell of a data table: the table's id, the row's key (first column) and the column name."""

    table: str
    row: str
    column: str

    def label(self) -> str:
        """``[[table:row:column]]``, as an editor writes it."""
        return f"[[{self.table}:{self.row}:{self.column}]]"


class CellRef(Node):
    """A number in the text that comes from a data table; ``text`` is filled in on reading."""

    kind: Literal["cell"] = "cell"
    address: CellAddress
    text: str = ""
    """The value as printed, with the unit the value itself prints (``3.4%``); set on reading."""
    awaiting: bool = False
    """The cell's data has not come yet: ``text`` is the placeholder 待补充."""
    broken: BrokenSpot | None = None
    """The reference leads nowhere: ``text`` is the reference as written (``[[table:row:column]]``)."""
    bold: bool = False
    italic: bool = False


Inline = Annotated[Span | LineBreak | CellRef, Field(discriminator="kind")]


def as_written(inlines: list[Span | LineBreak | CellRef]) -> bool:
    """Whether inline content is only lines kept as written, marked broken (a directive no one knows)."""
    return any(isinstance(i, Span) and i.broken for i in inlines) and all(
        isinstance(i, LineBreak) or i.broken is not None for i in inlines
    )


def plain_text(inlines: list[Span | LineBreak | CellRef]) -> str:
    """The text of some inline content, styles dropped."""
    return "".join("\n" if isinstance(i, LineBreak) else i.text for i in inlines)


def drop_prefix(inlines: list[Span | LineBreak | CellRef], count: int) -> list[Span | LineBreak | CellRef]:
    """Inline content without its first ``count`` characters (a run-in lead printed apart)."""
    rest: list[Span | LineBreak | CellRef] = []
    for item in inlines:
        if count > 0 and not isinstance(item, LineBreak):
            if len(item.text) <= count:
                count -= len(item.text)
                continue
            item = item.model_copy(update={"text": item.text[count:]})
            count = 0
        rest.append(item)
    return rest


CELL_REFERENCE = re.compile(r"\[\[\s*([^\[\]:：]+?)\s*[:：]\s*([^\[\]:：]+?)\s*[:：]\s*([^\[\]]+?)\s*\]\]")
"""``[[table:row:column]]`` as an editor writes it (full-width colons allowed)."""


def parse_cell_reference(text: str) -> CellAddress | None:
    """``[[table:row:column]]`` as a cell address, or ``None`` if ``text`` is not exactly one."""
    match = CELL_REFERENCE.fullmatch(text.strip())
    return CellAddress(table=match.group(1), row=match.group(2), column=match.group(3)) if match else None


def reference_place(lines: list[str], start: int, address: CellAddress) -> tuple[int, int] | None:
    """Line and column (1-based) where ``address`` is written in the block whose text starts at line
    ``start`` of a source's ``lines`` (the block ends at an empty line), or ``None``."""
    for number in range(start, len(lines) + 1):
        line = lines[number - 1]
        if number > start and not line.strip():
            break
        for match in CELL_REFERENCE.finditer(line):
            if parse_cell_reference(match.group(0)) == address:
                return number, match.start() + 1
    return None


def signed(source: str) -> str:
    """Words' source as the report prints it after them: ``——2020 年《政府工作报告》``."""
    return f"——{source}"


def attribution(speaker: str, role: str | None, organisation: str | None) -> str:
    """How the report signs a quote: ``——{organisation}{role} {speaker}``."""
    who = f"{organisation or ''}{role or ''}"
    return signed(f"{who} {speaker}" if who else speaker)
