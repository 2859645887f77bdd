"""Filling in numbers that come from data tables: ``[[table:row:column]]`` in text and callouts.

A value lives in one place, its table; the text only points at it. Every
reference is resolved here, after all tables are read, so renderers just print
``text``; a reference that leads nowhere is reported where it is written, and kept in the model as
written, marked broken (drafts and the preview print it there).

The table also owns the value's unit. A percent column prints ``3.4%``: a ``%``
the editor typed after the reference, or a callout's ``unit: %``, would print it
twice, so the model keeps the unit once (the check reports the typed one and
``--fix`` removes it). Units of other columns (亿元, 万吨) are not printed by the
reference: typing them after it is right.
"""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.diagnostics import Diagnostics, Location, suggestion
from toolkit.messages import Text
from toolkit.model import (
    BrokenSpot,
    Callout,
    Cell,
    CellAddress,
    CellRef,
    Column,
    DataTable,
    Edition,
    Heading,
    Node,
    Paragraph,
    SourceRef,
    Span,
    reference_place,
)
from toolkit.text import SourceLines

PERCENT_MARKS = ("%", "％")
TYPED_PERCENT = re.compile(r"[ \u3000]*[%％]+")
"""A percent sign typed where the value already prints one (spaces before it included)."""


def row_key(table: DataTable, row: list[Cell]) -> str:
    """The name of a row: its first cell as typed."""
    first = row[0]
    return str(first.value) if isinstance(first.value, int) else first.text


def printed_unit(column: Column, cell: Cell) -> str | None:
    """The unit a cell prints as part of its value: ``%`` for a percent column (or a cell typed with it)."""
    if column.type == "percent" or cell.text.endswith(PERCENT_MARKS):
        return "%"
    return None


def same_unit(typed: str, unit: str) -> bool:
    """Whether a unit an editor typed is ``unit`` (the full-width ％ is %)."""
    return typed.strip().replace("％", "%") == unit


def find_column(table: DataTable, name: str) -> int | None:
    """The index of a column named by its name or its printed heading."""
    names = [c.name for c in table.columns]
    if name in names:
        return names.index(name)
    labels = [c.heading for c in table.columns]
    return labels.index(name) if name in labels else None


def row_index(table: DataTable) -> dict[str, list[int]]:
    """Each row name of ``table`` with the indexes of the rows so named (usually one)."""
    index: dict[str, list[int]] = {}
    for number, row in enumerate(table.rows):
        index.setdefault(row_key(table, row), []).append(number)
    return index


LISTED_ROWS = 100
"""A table with more rows than this is not listed row by row in a “no such row” hint."""


def find_cell(table: DataTable, address: CellAddress, rows: dict[str, list[int]] | None = None) -> Cell | Text:
    """The cell at ``address`` in ``table``, or why there is none (``rows``: its :func:`row_index`, if known)."""
    index = find_column(table, address.column)
    if index is None:
        hint = suggestion(address.column, [c.name for c in table.columns])
        return Text(
            f"数据表“{table.id}”没有“{address.column}”列。{hint.zh}",
            f"table “{table.id}” has no column “{address.column}”. {hint.en}",
        )
    matches = (rows if rows is not None else row_index(table)).get(address.row, [])
    if len(matches) > 1:
        return Text(
            f"数据表“{table.id}”有 {len(matches)} 行都叫“{address.row}”，无法确定是哪一行",
            f"table “{table.id}” has {len(matches)} rows named “{address.row}”",
        )
    if matches:
        return table.rows[matches[0]][index]
    if len(table.rows) > LISTED_ROWS:
        return Text(
            f"数据表“{table.id}”没有“{address.row}”行（行名是数据文件第一列的值，共 {len(table.rows)} 行）。",
            f"table “{table.id}” has no row “{address.row}” (rows are named by the first column; "
            f"{len(table.rows)} rows).",
        )
    keys = [row_key(table, r) for r in table.rows]
    hint = suggestion(address.row, keys)
    return Text(
        f"数据表“{table.id}”没有“{address.row}”行。{hint.zh}",
        f"table “{table.id}” has no row “{address.row}”. {hint.en}",
    )


def locate(
    tables: dict[str, DataTable], address: CellAddress, rows: dict[str, dict[str, list[int]]] | None = None
) -> tuple[Column, Cell] | Text:
    """The column and cell a reference points at, or why there is none.

    ``rows`` keeps each table's :func:`row_index` between calls (built once per table, not a scan of
    its rows per reference).
    """
    table = tables.get(address.table)
    if table is None:
        hint = suggestion(address.table, tables)
        return Text(f"没有数据表“{address.table}”。{hint.zh}", f"there is no table “{address.table}”. {hint.en}")
    known = rows if rows is not None else {}
    if address.table not in known:
        known[address.table] = row_index(table)
    cell = find_cell(table, address, known[address.table])
    if isinstance(cell, Text):
        return cell
    if cell.value is None and not cell.awaiting:
        return Text("该单元格是空的", "the cell is empty")
    index = find_column(table, address.column)
    assert index is not None
    return table.columns[index], cell


def resolve_references(edition: Edition, edition_dir: Path, diagnostics: Diagnostics) -> None:
    """Give every cell reference of the edition its printed text, and every value its unit once."""
    owners = [(None, b) for _, b in edition.walk()] + [(case.organisation, b) for case, b in edition.walk_cases()]
    rows: dict[str, dict[str, list[int]]] = {}
    sources = SourceLines(edition_dir)
    for organisation, block in owners:
        if isinstance(block, Callout) and block.ref is None:
            _unit_once(block, "%" if block.value.endswith(PERCENT_MARKS) else None)
        for target in _references(block):
            address = target.address if isinstance(target, CellRef) else target.ref
            assert address is not None
            found = locate(edition.tables, address, rows)
            if isinstance(found, Text):
                source: SourceRef = block.source  # type: ignore[attr-defined]
                place = reference_place(sources.get(source.path) or [], source.line or 1, address)
                where = Location(edition_dir / source.path, *(place or (source.line, None)))
                reported = diagnostics.add(
                    "MD024",
                    where,
                    organisation=organisation,
                    ref=address.label(),
                    reason=found,
                    suggestion=Text("", ""),
                )
                spot = BrokenSpot(
                    code=reported.code, message=reported.message("zh"), line=where.line, column=where.column
                )
                if isinstance(target, CellRef):
                    target.text, target.broken = address.label(), spot
                else:
                    target.value, target.broken = address.label(), spot
                continue
            column, cell = found
            if isinstance(target, CellRef):
                target.text, target.awaiting = cell.text, cell.awaiting
                if printed_unit(column, cell):
                    _drop_typed_unit(block, target)  # type: ignore[arg-type]
            else:
                target.value, target.awaiting = cell.text, cell.awaiting
                if not cell.awaiting:
                    _unit_once(target, printed_unit(column, cell))


def _drop_typed_unit(block: Paragraph | Heading, reference: CellRef) -> None:
    """Remove a ``%`` typed right after a reference whose value prints it already."""
    inlines = block.inlines
    at = next(i for i, item in enumerate(inlines) if item is reference)
    after = inlines[at + 1] if at + 1 < len(inlines) else None
    if not isinstance(after, Span):
        return
    typed = TYPED_PERCENT.match(after.text)
    if typed is None:
        return
    rest = after.text[typed.end() :]
    if rest:
        inlines[at + 1] = after.model_copy(update={"text": rest})
    else:
        del inlines[at + 1]


def _unit_once(callout: Callout, unit: str | None) -> None:
    """A callout's value without the unit it carries, that unit in ``unit`` (unless another was asked for)."""
    if unit is None or not callout.value.endswith(PERCENT_MARKS):
        return
    if callout.unit is None or same_unit(callout.unit, unit):
        callout.value = callout.value[:-1].rstrip()
        callout.unit = unit


def _references(block: Node) -> list[CellRef | Callout]:
    if isinstance(block, (Paragraph, Heading)):
        return [i for i in block.inlines if isinstance(i, CellRef)]
    if isinstance(block, Callout) and block.ref is not None:
        return [block]
    return []
