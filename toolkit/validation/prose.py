"""Numbers typed in the text, checked against the tables they talk about.

A sentence talks about a cell when it names the cell's column (or row) and
gives a number in that column's unit; for year tables, the year is the last
“YYYY 年” before the number. A number that equals the cell should be a
reference (``[[table:row:column]]``, so it lives in one place); a number that
contradicts it is an error. Numbers that merely differ in precision
(313071.1 against 313071) are left alone.
"""
from __future__ import annotations

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
    tables = [t for t in edition.tables.values() if t.rows and t.columns]
    if not tables:
        return
    owners = [(None, b) for _, b in edition.walk()] + [(c.organisation, b) for c, b in edition.walk_cases()]
    for organisation, block in owners:
        if not isinstance(block, (Paragraph, Heading)):
            continue
        text = "".join(REFERENCE_MARK if isinstance(i, CellRef) else "\n" if isinstance(i, LineBreak) else i.text
                       for i in block.inlines)
        for sentence in _SENTENCE.findall(text):
            for claim in _claims(sentence, tables):
                _judge(ctx, claim, block.source, organisation)


def _claims(sentence: str, tables: list[DataTable]) -> Iterator[Claim]:
    for table in tables:
        key = table.columns[0]
        for index, column in enumerate(table.columns):
            if column.type not in NUMERIC or index == 0:
                continue
            if key.type == "year":
                yield from _year_claims(sentence, table, index, column)
            else:
                yield from _row_claims(sentence, table, index, column)


def _year_claims(sentence: str, table: DataTable, index: int, column: Column) -> Iterator[Claim]:
    unit = column.unit or table.unit
    name = next((n for n in (column.name, column.label) if n and n in sentence), None)
    if not unit or not name:
        return
    rows = {row_key(table, row): row for row in table.rows}
    for match in re.finditer(_NUMBER + r"\s*" + re.escape(unit), sentence[sentence.index(name):]):
        start = sentence.index(name) + match.start()
        years = [y for y in _YEAR.finditer(sentence[:start])]
        if not years:
            continue
        row = rows.get(years[-1].group(1))
        if row is not None:
            yield Claim(match.group(1), row[index], table, years[-1].group(1), column)


def _row_claims(sentence: str, table: DataTable, index: int, column: Column) -> Iterator[Claim]:
    unit_at = next((i for i, c in enumerate(table.columns) if c.name == "单位"), None)
    for row in table.rows:
        name = row_key(table, row)
        if len(name) < 4 or name not in sentence:
            continue
        unit = row[unit_at].text if unit_at is not None else column.unit or table.unit
        if not unit:
            continue
        tail = sentence[sentence.index(name) + len(name):]
        match = re.match(r"[^\d\n]{0,12}?" + _NUMBER + r"\s*" + re.escape(unit), tail)
        if match:
            yield Claim(match.group(1), row[index], table, name, column)


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
