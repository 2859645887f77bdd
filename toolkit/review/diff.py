"""What changed between two versions of an edition, worked out on the document model.

Each chapter is a sequence of *units* — a heading, a paragraph, a list item, a
caption, a table row, the lines of a case box — as the reader meets them. Units
are aligned with :class:`difflib.SequenceMatcher`; units that were edited rather
than replaced are paired by similarity and compared character by character,
which is what Chinese needs: a one-character edit marks one character, not the
sentence. Numbers are compared whole (372575 → 374546, not digit by digit), and a
table row is compared cell by cell under its column headings. Cases (placed or
not) and table cells (by row key and column) are compared on their own, for the
summary an editor reads first.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from toolkit.model import (
    Block,
    CaseBox,
    Cell,
    Chapter,
    Chart,
    ColumnBox,
    DataTable,
    Edition,
    Feature,
    Heading,
    SourceRef,
    TableRef,
    walk_blocks,
)
from toolkit.model.text import block_lines
from toolkit.readers.references import row_key

SegmentKind = Literal["same", "ins", "del"]
Status = Literal["same", "changed", "added", "removed"]
Role = Literal["title", "heading", "text", "case", "table"]

SIMILAR = 0.5
"""Two units at least this similar are one unit edited, not one removed and another added."""
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|.", re.S)
"""What an edit marks at least: a number with its decimals and grouping, or one character."""


@dataclass(frozen=True)
class Segment:
    """A run of text that is unchanged, inserted or deleted."""

    kind: SegmentKind
    text: str


@dataclass
class Unit:
    """One unit of text of a chapter, with its role and where it comes from."""

    role: Role
    text: str
    source: SourceRef | None = None
    cells: tuple[str, ...] = ()
    """A table row's cells, under ``headings``."""
    headings: tuple[str, ...] = ()


@dataclass
class UnitChange:
    """A unit as it reads now, with what changed in it."""

    status: Status
    role: Role
    segments: list[Segment]
    source: SourceRef | None = None
    headings: list[str] = field(default_factory=list)
    """A table row's column headings, so that a changed row says which column changed."""
    cells: list[list[Segment]] = field(default_factory=list)
    """A table row's cells under ``headings``, each compared on its own."""

    @property
    def edited_cells(self) -> list[bool]:
        """For an edited table row: which of its cells changed."""
        return [self.status == "changed" and any(s.kind != "same" for s in cell) for cell in self.cells]

    @property
    def new_text(self) -> str:
        """The unit as it reads in the newer version."""
        return "".join(s.text for s in self.segments if s.kind != "del")

    @property
    def old_text(self) -> str:
        """The unit as it read in the older version."""
        return "".join(s.text for s in self.segments if s.kind != "ins")


@dataclass
class ChapterDiff:
    """A chapter's units, compared."""

    title: str
    status: Status
    units: list[UnitChange]
    source: SourceRef | None = None

    def count(self, status: Status) -> int:
        """How many units have ``status``."""
        return sum(1 for unit in self.units if unit.status == status)


@dataclass(frozen=True)
class CaseChange:
    """A case placed in one version and not in the other."""

    status: Literal["added", "removed"]
    case_id: str
    title: str
    organisation: str


@dataclass(frozen=True)
class NumberChange:
    """A table cell whose value changed, or a row that came or went."""

    table: str
    title: str
    row: str
    column: str
    old: str
    new: str
    source: SourceRef | None = None


@dataclass
class EditionDiff:
    """Everything that changed from ``old_label`` to ``new_label``."""

    old_label: str
    new_label: str
    chapters: list[ChapterDiff] = field(default_factory=list)
    cases: list[CaseChange] = field(default_factory=list)
    numbers: list[NumberChange] = field(default_factory=list)

    @property
    def changed_chapters(self) -> list[ChapterDiff]:
        """The chapters with any change."""
        return [c for c in self.chapters if c.status != "same"]

    def count(self, status: Status) -> int:
        """Units with ``status`` over all chapters."""
        return sum(c.count(status) for c in self.chapters)


def diff_editions(old: Edition, new: Edition, old_label: str, new_label: str) -> EditionDiff:
    """Compare two versions of an edition (two draft rounds, or two years)."""
    result = EditionDiff(old_label, new_label)
    for old_chapter, new_chapter in _pair_chapters(old.chapters, new.chapters):
        result.chapters.append(_chapter_diff(old, old_chapter, new, new_chapter))
    result.cases = _case_changes(old, new)
    result.numbers = _number_changes(old, new)
    return result


# --- chapters and their units ------------------------------------------------------------------


def chapter_units(edition: Edition, chapter: Chapter) -> list[Unit]:
    """A chapter as the reader meets it, unit by unit."""
    units = [Unit("title", chapter.title, chapter.source)]
    units += list(_block_units(edition, chapter.intro))
    for section in chapter.sections:
        units.append(Unit("heading", section.full_title, section.source))
        units += list(_block_units(edition, section.blocks))
    return units


def _block_units(edition: Edition, blocks: list[Block]) -> Iterator[Unit]:
    for block in blocks:
        if isinstance(block, (Feature, ColumnBox)):
            # boxes that hold cases: their own lines, then each child with its own role and source
            for line in block_lines(edition, block.model_copy(update={"blocks": []})):
                if line.strip():
                    yield Unit("text", line, block.source)
            yield from _block_units(edition, block.blocks)
            continue
        if isinstance(block, TableRef) and block.table_id in edition.tables:
            yield from _table_units(edition, block)
            continue
        role: Role = (
            "heading"
            if isinstance(block, Heading)
            else "case"
            if isinstance(block, CaseBox)
            else "table"
            if isinstance(block, (TableRef, Chart))
            else "text"
        )
        sources = _line_sources(edition, block)
        for line in block_lines(edition, block):
            source = next(sources, None) or block.source
            if line.strip():
                yield Unit(role, line, source)


def _table_units(edition: Edition, block: TableRef) -> Iterator[Unit]:
    """A placed table line by line as it prints: caption, heading row, rows (with their cells), source."""
    table = edition.tables[block.table_id]
    headings = tuple(column.heading for column in table.columns)
    sources = _line_sources(edition, block)
    for index, line in enumerate(block_lines(edition, block)):
        source = next(sources, None) or block.source
        row = index - 2  # after the caption and the heading row
        cells = tuple(cell.text for cell in table.rows[row]) if 0 <= row < len(table.rows) else ()
        if line.strip():
            yield Unit("table", line, source, cells, headings if cells else ())


def _line_sources(edition: Edition, block: Block) -> Iterator[SourceRef]:
    """Where each line ``block_lines`` gives for ``block`` comes from, as far as it is finer than the block.

    A placed table's caption is the directive's, its heading row and rows are rows of the data
    file; a case's lines are its file's. Other blocks: the block's own source for every line.
    """
    if isinstance(block, TableRef) and block.table_id in edition.tables:
        table = edition.tables[block.table_id]
        yield block.source
        yield SourceRef(path=table.source.path, line=1)
        for index in range(len(table.rows)):
            yield SourceRef(path=table.source.path, line=table.row_number(index))
        yield SourceRef(path=table.source.path.rsplit(".", 1)[0] + ".toml")  # the source note
    elif isinstance(block, CaseBox) and block.case_id in edition.cases:
        yield from itertools.repeat(edition.cases[block.case_id].source)


def _pair_chapters(old: list[Chapter], new: list[Chapter]) -> Iterator[tuple[Chapter | None, Chapter | None]]:
    """Chapters matched by id, then by title; unmatched old ones come where they stood."""
    by_id = {c.id: c for c in old}
    taken: set[str] = set()
    pairs: list[tuple[Chapter | None, Chapter | None]] = []
    for chapter in new:
        match = by_id.get(chapter.id)
        if match is None:
            candidates = [c for c in old if c.id not in taken]
            best = max(candidates, key=lambda c: _ratio(c.title, chapter.title), default=None)
            match = best if best is not None and _ratio(best.title, chapter.title) >= 0.6 else None
        if match is not None and match.id not in taken:
            taken.add(match.id)
            pairs.append((match, chapter))
        else:
            pairs.append((None, chapter))
    for index, chapter in enumerate(old):
        if chapter.id not in taken:
            # after the new chapter that follows the old one's predecessor
            position = next((i + 1 for i, (o, _) in enumerate(pairs) if index and o is old[index - 1]), len(pairs))
            pairs.insert(position, (chapter, None))
    return iter(pairs)


def _chapter_diff(old: Edition, old_chapter: Chapter | None, new: Edition, new_chapter: Chapter | None) -> ChapterDiff:
    if old_chapter is None:
        assert new_chapter is not None
        units = [_whole("added", u) for u in chapter_units(new, new_chapter)]
        return ChapterDiff(new_chapter.title, "added", units, new_chapter.source)
    if new_chapter is None:
        units = [_whole("removed", u) for u in chapter_units(old, old_chapter)]
        return ChapterDiff(old_chapter.title, "removed", units, old_chapter.source)
    units = diff_units(chapter_units(old, old_chapter), chapter_units(new, new_chapter))
    status: Status = "same" if all(u.status == "same" for u in units) else "changed"
    return ChapterDiff(new_chapter.title, status, units, new_chapter.source)


def diff_units(old: list[Unit], new: list[Unit]) -> list[UnitChange]:
    """Align two sequences of units and compare the pairs character by character."""
    matcher = difflib.SequenceMatcher(None, [_key(u.text) for u in old], [_key(u.text) for u in new], autojunk=False)
    result: list[UnitChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [UnitChange("same", u.role, [Segment("same", u.text)], u.source) for u in new[j1:j2]]
        else:
            result += _pair_units(old[i1:i2], new[j1:j2])
    return result


def _pair_units(old: list[Unit], new: list[Unit]) -> list[UnitChange]:
    """Replaced units: similar ones paired as edits, in order; the rest added or removed."""
    result: list[UnitChange] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and _ratio(old[i].text, new[j].text) >= SIMILAR:
            result.append(_edited(old[i], new[j]))
            i, j = i + 1, j + 1
        elif j < len(new) and (i >= len(old) or any(_ratio(old[i].text, n.text) >= SIMILAR for n in new[j + 1 :])):
            result.append(_whole("added", new[j]))
            j += 1
        else:
            result.append(_whole("removed", old[i]))
            i += 1
    return result


def _whole(status: Literal["added", "removed"], unit: Unit) -> UnitChange:
    """A unit added or removed as a whole (a table row with its cells under their headings)."""
    kind: SegmentKind = "ins" if status == "added" else "del"
    return UnitChange(
        status,
        unit.role,
        [Segment(kind, unit.text)],
        unit.source,
        list(unit.headings),
        [[Segment(kind, cell)] if cell else [] for cell in unit.cells],
    )


def _edited(old: Unit, new: Unit) -> UnitChange:
    """A unit edited: its text compared, and a table row's cells compared column by column."""
    change = UnitChange("changed", new.role, diff_text(old.text, new.text), new.source)
    if old.cells and new.cells:
        change.headings, change.cells = _row_cells(old, new)
    return change


def _row_cells(old: Unit, new: Unit) -> tuple[list[str], list[list[Segment]]]:
    """A row's cells matched by column heading: each compared whole; a column gone is shown deleted."""
    before = dict(zip(old.headings, old.cells))
    headings, cells = list(new.headings), []
    for heading, now in zip(new.headings, new.cells):
        was = before.get(heading)
        cells.append(
            [Segment("ins", now)] if was is None else [Segment("same", now)] if was == now else diff_text(was, now)
        )
    for heading, was in zip(old.headings, old.cells):
        if heading not in new.headings:
            headings.append(heading)
            cells.append([Segment("del", was)])
    return headings, cells


def diff_text(old: str, new: str) -> list[Segment]:
    """Character-level differences, as runs of unchanged, deleted and inserted text; a number is
    one token, so that 372575 → 374546 reads as one number replaced, not as digits shuffled."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(after[j1:j2])))
            continue
        if i2 > i1:
            segments.append(Segment("del", "".join(before[i1:i2])))
        if j2 > j1:
            segments.append(Segment("ins", "".join(after[j1:j2])))
    return segments


def _key(text: str) -> str:
    return _SPACE.sub("", text)


def _ratio(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, _key(a), _key(b), autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR else 0.0


# --- cases and numbers -------------------------------------------------------------------------


def _placed(edition: Edition) -> list[str]:
    return [
        b.case_id
        for _, block in edition.walk()
        for b in walk_blocks(block)
        if isinstance(b, CaseBox) and b.case_id in edition.cases
    ]


def _case_changes(old: Edition, new: Edition) -> list[CaseChange]:
    before, after = _placed(old), _placed(new)
    changes = [
        CaseChange("added", c, new.cases[c].title, new.cases[c].organisation)
        for c in dict.fromkeys(after)
        if c not in before
    ]
    changes += [
        CaseChange("removed", c, old.cases[c].title, old.cases[c].organisation)
        for c in dict.fromkeys(before)
        if c not in after
    ]
    return changes


def _number_changes(old: Edition, new: Edition) -> list[NumberChange]:
    changes: list[NumberChange] = []
    for table in new.tables.values():
        previous = old.tables.get(table.id) or old.tables.get(table.previous or "")
        if previous is not None:
            changes += _table_changes(previous, table)
    return changes


def _table_changes(old: DataTable, new: DataTable) -> list[NumberChange]:
    old_rows = {row_key(old, row): row for row in old.rows if row}
    old_columns = {c.name: i for i, c in enumerate(old.columns)}
    changes: list[NumberChange] = []
    seen: set[str] = set()
    for index, row in enumerate(new.rows):
        if not row:
            continue
        key = row_key(new, row)
        seen.add(key)
        where = SourceRef(path=new.source.path, line=new.row_number(index))
        before = old_rows.get(key)
        for position, column in enumerate(new.columns[1:], start=1):
            now = _shown(row[position])
            was = (
                _shown(before[old_columns[column.name]]) if before is not None and column.name in old_columns else None
            )
            if before is None:
                if now:
                    changes.append(NumberChange(new.id, new.title, key, column.heading, "", now, where))
            elif was is not None and was != now:
                changes.append(NumberChange(new.id, new.title, key, column.heading, was, now, where))
    for key, row in old_rows.items():
        if key not in seen:
            for position, column in enumerate(old.columns[1:], start=1):
                if _shown(row[position]):
                    changes.append(
                        NumberChange(
                            new.id,
                            new.title,
                            key,
                            column.heading,
                            _shown(row[position]),
                            "",
                            SourceRef(path=new.source.path),
                        )
                    )
    return changes


def _shown(cell: Cell) -> str:
    """A cell's printed value; a cell awaiting data has none yet."""
    return "" if cell.awaiting else cell.text
