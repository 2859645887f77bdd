"""Filling in numbers that come from data tables: ``[[table:row:column]]`` in text and callouts.

A value lives in one place, its table; the text only points at it. Every
reference is resolved here, after all tables are read, so renderers just print
``text``; a reference that leads nowhere is reported where it is written.
"""
from __future__ import annotations

from pathlib import Path

from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import Text
from toolkit.model import Callout, Cell, CellAddress, CellRef, DataTable, Edition, Heading, Node, Paragraph
from toolkit.readers.common import suggestion


def row_key(table: DataTable, row: list[Cell]) -> str:
    """The name of a row: its first cell as typed."""
    first = row[0]
    return str(first.value) if isinstance(first.value, int) else first.text


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
    names = [c.name for c in table.columns]
    labels = [c.heading for c in table.columns]
    if address.column in names:
        index = names.index(address.column)
    elif address.column in labels:
        index = labels.index(address.column)
    else:
        hint = suggestion(address.column, names)
        return Text(f"数据表“{table.id}”没有“{address.column}”列。{hint.zh}",
                    f"table “{table.id}” has no column “{address.column}”. {hint.en}")
    matches = (rows if rows is not None else row_index(table)).get(address.row, [])
    if len(matches) > 1:
        return Text(f"数据表“{table.id}”有 {len(matches)} 行都叫“{address.row}”，无法确定是哪一行",
                    f"table “{table.id}” has {len(matches)} rows named “{address.row}”")
    if matches:
        return table.rows[matches[0]][index]
    if len(table.rows) > LISTED_ROWS:
        return Text(f"数据表“{table.id}”没有“{address.row}”行（行名是数据文件第一列的值，共 {len(table.rows)} 行）。",
                    f"table “{table.id}” has no row “{address.row}” (rows are named by the first column; "
                    f"{len(table.rows)} rows).")
    keys = [row_key(table, r) for r in table.rows]
    hint = suggestion(address.row, keys)
    return Text(f"数据表“{table.id}”没有“{address.row}”行。{hint.zh}",
                f"table “{table.id}” has no row “{address.row}”. {hint.en}")


def resolve_references(edition: Edition, edition_dir: Path, diagnostics: Diagnostics) -> None:
    """Give every cell reference of the edition its printed text."""
    owners = [(None, b) for _, b in edition.walk()] + [(case.organisation, b) for case, b in edition.walk_cases()]
    rows: dict[str, dict[str, list[int]]] = {}
    for organisation, block in owners:
        for target in _references(block):
            address = target.address if isinstance(target, CellRef) else target.ref
            assert address is not None
            found = _lookup(edition, address, rows)
            if isinstance(found, Text):
                where = Location(edition_dir / block.source.path, block.source.line)  # type: ignore[attr-defined]
                diagnostics.add("MD024", where, organisation=organisation, ref=address.label(), reason=found,
                                suggestion=Text("", ""))
                continue
            if isinstance(target, CellRef):
                target.text = found.text
            else:
                target.value = found.text


def _lookup(edition: Edition, address: CellAddress, rows: dict[str, dict[str, list[int]]]) -> Cell | Text:
    table = edition.tables.get(address.table)
    if table is None:
        hint = suggestion(address.table, edition.tables)
        return Text(f"没有数据表“{address.table}”。{hint.zh}", f"there is no table “{address.table}”. {hint.en}")
    if address.table not in rows:
        rows[address.table] = row_index(table)  # once per table, not a scan of its rows per reference
    cell = find_cell(table, address, rows[address.table])
    if isinstance(cell, Cell) and cell.value is None:
        return Text("该单元格是空的", "the cell is empty")
    return cell


def _references(block: Node) -> list[CellRef | Callout]:
    if isinstance(block, (Paragraph, Heading)):
        return [i for i in block.inlines if isinstance(i, CellRef)]
    if isinstance(block, Callout) and block.ref is not None:
        return [block]
    return []
