"""Numbers typed in the text, checked against the tables they talk about.

A sentence talks about a cell when it names the cell's column (or row) and
gives a number in that column's unit; for year tables, the year is the last
“YYYY 年” before the number. A number that equals the cell should be a
reference (``[[table:row:column]]``, so it lives in one place); a number that
contradicts it is an error. Numbers that merely differ in precision
(313071.1 against 313071) are left alone.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.diagnostics import Location
from toolkit.model import Cell, CellRef, Column, DataTable, Heading, LineBreak, Paragraph, SourceRef
from toolkit.readers.references import row_key
from toolkit.readers.tables import decimals_of
from toolkit.validation.context import RuleContext

_SENTENCE = re.compile(r"[^。；！？]+")
_YEAR = re.compile(r"(\d{4})\s*年")
_NUMBER = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
NUMERIC = frozenset({"number", "integer", "percent"})
REFERENCE_MARK = "\u2063"  # stands in for a cell reference: never a digit, never matched


@dataclass(frozen=True)
class Claim:
    """A number the text gives for a cell."""

    number: str
    cell: Cell
    table: DataTable
    row: str
    column: Column


def check_numbers_in_text(ctx: RuleContext) -> None:
    """Hand-typed numbers that repeat (warning) or contradict (error) a table cell."""
    edition = ctx.edition
    tables = [_Indexed.of(t) for t in edition.tables.values() if t.rows and t.columns]
    if not tables:
        return
    finder = _Finder([name for table in tables for name in table.names])
    owners = [(None, b) for _, b in edition.walk()] + [(c.organisation, b) for c, b in edition.walk_cases()]
    for organisation, block in owners:
        if not isinstance(block, (Paragraph, Heading)):
            continue
        text = "".join(REFERENCE_MARK if isinstance(i, CellRef) else "\n" if isinstance(i, LineBreak) else i.text
                       for i in block.inlines)
        for sentence in _SENTENCE.findall(text):
            found = finder.find(sentence)
            if not found:
                continue
            for claim in _claims(sentence, found, tables):
                _judge(ctx, claim, block.source, organisation)


@dataclass
class _Indexed:
    """A table with what the rule looks up in it, computed once (not once per sentence and cell)."""

    table: DataTable
    numeric: list[tuple[int, Column]]
    """The numeric columns after the first, with their index."""
    by_name: dict[str, list[int]]
    """Year table: column index by column name and label; other tables: row indexes by row name."""
    rows: dict[str, list[Cell]]
    """Year table: each row by its year (the last of a repeated year, as a dict keeps it)."""
    unit_at: int | None
    """The column named 单位, whose cell gives each row's unit in an indicator table."""

    @classmethod
    def of(cls, table: DataTable) -> _Indexed:
        numeric = [(i, c) for i, c in enumerate(table.columns) if c.type in NUMERIC and i > 0]
        by_name: dict[str, list[int]] = {}
        rows: dict[str, list[Cell]] = {}
        if table.columns[0].type == "year":
            for index, column in numeric:
                for name in dict.fromkeys(n for n in (column.name, column.label) if n):
                    by_name.setdefault(name, []).append(index)
            rows = {row_key(table, row): row for row in table.rows}
        else:
            for index, row in enumerate(table.rows):
                name = row_key(table, row)
                if len(name) >= 4:
                    by_name.setdefault(name, []).append(index)
        unit_at = next((i for i, c in enumerate(table.columns) if c.name == "单位"), None)
        return cls(table, numeric, by_name, rows, unit_at)

    @property
    def names(self) -> list[str]:
        """The names a sentence must contain for a claim about this table."""
        return list(self.by_name)


class _Finder:
    """Which of many names occur in a sentence, in one pass over it (Aho–Corasick), however many."""

    def __init__(self, names: list[str]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton() if names else None
        if self.automaton is not None:
            for name in names:
                self.automaton.add_word(name, name)
            self.automaton.make_automaton()

    def find(self, text: str) -> set[str]:
        """The names occurring in ``text``."""
        if self.automaton is None:
            return set()
        return {name for _, name in self.automaton.iter(text)}


def _claims(sentence: str, found: set[str], tables: list[_Indexed]) -> Iterator[Claim]:
    for indexed in tables:
        hits = [i for name in found.intersection(indexed.by_name) for i in indexed.by_name[name]]
        if not hits:
            continue
        if indexed.table.columns[0].type == "year":
            for index in sorted(set(hits)):
                yield from _year_claims(sentence, found, indexed, index, indexed.table.columns[index])
        else:
            rows = sorted(set(hits))
            for index, column in indexed.numeric:
                yield from _row_claims(sentence, indexed, rows, index, column)


def _year_claims(sentence: str, found: set[str], indexed: _Indexed, index: int, column: Column) -> Iterator[Claim]:
    table = indexed.table
    unit = column.unit or table.unit
    name = next((n for n in (column.name, column.label) if n and n in found), None)
    if not unit or not name:
        return
    at = sentence.index(name)
    for match in _number_then(unit).finditer(sentence[at:]):
        start = at + match.start()
        years = [y for y in _YEAR.finditer(sentence[:start])]
        if not years:
            continue
        row = indexed.rows.get(years[-1].group(1))
        if row is not None:
            yield Claim(match.group(1), row[index], table, years[-1].group(1), column)


def _row_claims(sentence: str, indexed: _Indexed, rows: list[int], index: int, column: Column) -> Iterator[Claim]:
    table = indexed.table
    for row_index in rows:
        row = table.rows[row_index]
        name = row_key(table, row)
        unit = row[indexed.unit_at].text if indexed.unit_at is not None else column.unit or table.unit
        if not unit:
            continue
        tail = sentence[sentence.index(name) + len(name):]
        match = _near_number(unit).match(tail)
        if match:
            yield Claim(match.group(1), row[index], table, name, column)


@functools.lru_cache(maxsize=1024)
def _number_then(unit: str) -> re.Pattern[str]:
    """A number followed by ``unit``."""
    return re.compile(_NUMBER + r"\s*" + re.escape(unit))


@functools.lru_cache(maxsize=1024)
def _near_number(unit: str) -> re.Pattern[str]:
    """A few words, then a number followed by ``unit`` (right after a row's name)."""
    return re.compile(r"[^\d\n]{0,12}?" + _NUMBER + r"\s*" + re.escape(unit))


def _judge(ctx: RuleContext, claim: Claim, source: SourceRef, organisation: str | None) -> None:
    value = claim.cell.value
    if not isinstance(value, (int, float)):
        return
    typed = float(claim.number.replace(",", ""))
    places = min(decimals_of(claim.number), decimals_of(claim.cell.text))
    ref = f"[[{claim.table.id}:{claim.row}:{claim.column.name}]]"
    where = _locate(ctx, source, claim.number)
    if claim.number.replace(",", "") == claim.cell.text.replace(",", "").removesuffix("%"):
        ctx.diagnostics.add("NR001", where, organisation=organisation, number=claim.number, ref=ref)
    elif abs(typed - value) > 0.5 * 10 ** -places + 1e-9:
        ctx.diagnostics.add("NR002", where, organisation=organisation, number=claim.number, ref=ref,
                            value=claim.cell.text)


def _locate(ctx: RuleContext, source: SourceRef, needle: str) -> Location:
    lines = ctx.lines(source.path)
    first = (source.line or 1) - 1
    for number in range(first, len(lines)):
        column = lines[number].find(needle)
        if column >= 0:
            return Location(ctx.edition_dir / source.path, number + 1, column + 1)
    return ctx.location(source)


RULES = [check_numbers_in_text]
