"""The blocks of a web edition's page: their text, where it stands, and a hash of it.

Every block of the web edition carries ``data-source="file:line"`` (:func:`toolkit.render.web.source_attribute`).
:func:`stamp_blocks` gives each one a content hash as well, ``data-block="3f2a…"``: the hash of its text
with runs of white space made one, so that the same words give the same hash wherever they stand.

:func:`read_page` reads a page back as reviewers' comments need it: the text of its ``<main>`` exactly as
a browser's ``textContent`` gives it (every text node in document order, character references decoded,
comments left out), and each block as a range of that text. A browser's selection, described by its
quote and the text around it, is found in this text character for character.

Both walk the page with the standard library's HTML tokenizer: the pages are the toolkit's own, well
formed, so no tree is built and the page's bytes are never re-serialised (only the attribute is added).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser

HASH_LENGTH = 12
"""Hex digits of a block's hash (48 bits: a collision among a report's thousands of blocks is unlikely,
and a hash is only ever a first guess that the text itself confirms)."""
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


def block_hash(text: str) -> str:
    """The content hash of a block's text (white space runs count as one space)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class Cell:
    """A table cell of a row block: its range in the page's text and the heading of its column."""

    start: int
    end: int
    column: str


@dataclass(frozen=True)
class Block:
    """An element carrying ``data-source``: where it was written, its hash, its range in the page's text."""

    source: str
    """``chapters/03-green.md:42``, ``data/rd.csv:5`` (a table row: the line of its row)."""
    hash: str
    start: int
    end: int
    depth: int
    """How many blocks hold this one (0: the chapter's article)."""
    tag: str
    cells: tuple[Cell, ...] = ()
    """For a table row, its cells with their column headings."""

    @property
    def path(self) -> str:
        """The source file, without its line."""
        return self.source.rsplit(":", 1)[0] if self.source.rsplit(":", 1)[-1].isdigit() else self.source

    @property
    def line(self) -> int | None:
        """The source line, if the block names one."""
        tail = self.source.rsplit(":", 1)
        return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else None

    def column_at(self, start: int, end: int) -> str | None:
        """The heading of the cell holding ``start``–``end``, for a table row."""
        for cell in self.cells:
            if cell.start <= start and end <= cell.end:
                return cell.column
        return None


@dataclass(frozen=True)
class PageText:
    """One page of a web edition as reviewers' comments see it: its text and its blocks."""

    path: str
    """Relative to the site: ``chapters/08-outlook.html``."""
    title: str
    text: str
    blocks: tuple[Block, ...]
    """In document order (by start, outer before inner)."""
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(b.start for b in self.blocks))

    def innermost(self, start: int, end: int) -> Block | None:
        """The deepest block whose range holds ``start``–``end`` (``None``: outside every block)."""
        best: Block | None = None
        for index in range(bisect_right(self._starts, start) - 1, -1, -1):
            block = self.blocks[index]
            if block.start <= start and end <= block.end and (best is None or block.depth > best.depth):
                best = block
            if block.depth == 0 and block.start <= start:
                break
        return best

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]


@dataclass
class _Open:
    tag: str
    source: str | None
    text_start: int
    tag_start: int
    tag_end: int
    """Offsets in the HTML of the start tag's ``<`` and of its closing ``>``."""
    cells: list[Cell] | None = None
    header: bool = False


class _Walker(HTMLParser):
    """Collects the text of a page and the ranges of its ``data-source`` elements and ``<main>``."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self._lines = [0] + [m.end() for m in re.finditer("\n", html)]
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[_Open] = []
        self.found: list[tuple[_Open, int, int]] = []
        """Each data-source element with its depth and text end."""
        self.main: tuple[int, int] | None = None
        self.title_parts: list[str] = []
        self._in_title = False
        self._headings: list[list[str]] = []
        """Column headings of each open table (its ``thead`` cells' text)."""
        self._cell: int | None = None
        """Where the open table cell's text starts."""

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        begin = self._offset()
        close = begin + len(raw) - (2 if raw.endswith("/>") else 1)
        if tag in _VOID:
            return
        source = dict(attrs).get("data-source")
        opened = _Open(tag, source, self.length, begin, close)
        if tag == "table":
            self._headings.append([])
        elif tag == "tr" and source is not None:
            opened.cells = []
        elif tag in ("td", "th"):
            self._cell = self.length
        self.stack.append(opened)
        if tag == "title" and any(o.tag == "head" for o in self.stack):
            self._in_title = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <path/> in an SVG, <br/>: no text, no block

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if not any(o.tag == tag for o in self.stack):
            return  # a stray end tag, as a browser ignores it
        while self.stack:
            opened = self.stack.pop()
            self._closed(opened)
            if opened.tag == tag:
                break

    def _closed(self, opened: _Open) -> None:
        if opened.tag == "main" and self.main is None:
            self.main = (opened.text_start, self.length)
        elif opened.tag == "table" and self._headings:
            self._headings.pop()
        elif opened.tag in ("td", "th") and self._cell is not None:
            self._cell_closed(opened, self._cell)
            self._cell = None
        if opened.source is not None:
            depth = sum(1 for o in self.stack if o.source is not None)
            self.found.append((opened, depth, self.length))

    def _cell_closed(self, opened: _Open, start: int) -> None:
        text = self._text_since(start).strip()
        row = next((o for o in reversed(self.stack) if o.tag == "tr"), None)
        in_head = any(o.tag == "thead" for o in self.stack)
        if in_head and opened.tag == "th" and self._headings:
            self._headings[-1].append(" ".join(text.split()))
        elif row is not None and row.cells is not None:
            headings = self._headings[-1] if self._headings else []
            index = len(row.cells)
            row.cells.append(Cell(start, self.length, headings[index] if index < len(headings) else ""))

    def _text_since(self, start: int) -> str:
        collected, total = [], self.length
        for part in reversed(self.parts):
            if total <= start:
                break
            collected.append(part)
            total -= len(part)
        return "".join(reversed(collected))[max(0, start - total) :]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.length += len(data)
        if self._in_title:
            self.title_parts.append(data)


def _walk(html: str) -> _Walker:
    walker = _Walker(html)
    walker.feed(html)
    walker.close()
    while walker.stack:  # elements left open at the end, as a browser closes them
        walker._closed(walker.stack.pop())
    return walker


def stamp_blocks(html: str) -> str:
    """``html`` with ``data-block="<hash>"`` added to every element that carries ``data-source``."""
    walker = _walk(html)
    text = "".join(walker.parts)
    inserts = sorted(
        ((opened.tag_end, block_hash(text[opened.text_start : end])) for opened, _, end in walker.found), reverse=True
    )
    pieces: list[str] = []
    tail = len(html)
    for position, digest in inserts:
        pieces.append(html[position:tail])
        pieces.append(f' data-block="{digest}"')
        tail = position
    pieces.append(html[:tail])
    return "".join(reversed(pieces))


def read_page(html: str, path: str) -> PageText:
    """The text of the page's ``<main>`` (as ``textContent``) and its blocks' ranges in it."""
    walker = _walk(html)
    text = "".join(walker.parts)
    begin, end = walker.main if walker.main is not None else (0, len(text))
    blocks = []
    for opened, depth, stop in walker.found:
        if opened.text_start < begin or stop > end:
            continue
        cells = tuple(Cell(c.start - begin, c.end - begin, c.column) for c in opened.cells or ())
        blocks.append(
            Block(
                opened.source or "",
                block_hash(text[opened.text_start : stop]),
                opened.text_start - begin,
                stop - begin,
                depth,
                opened.tag,
                cells,
            )
        )
    blocks.sort(key=lambda b: (b.start, b.depth))
    return PageText(path, " ".join("".join(walker.title_parts).split()), text[begin:end], tuple(blocks))
