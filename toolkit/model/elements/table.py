"""``::: table``: a data table from ``data/`` placed in the text, with its caption."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from toolkit.diagnostics import suggestion
from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import (
    BuildContext,
    CheckContext,
    Directive,
    Element,
    Fields,
    TextContext,
    labelled,
)
from toolkit.model.words import WORDS


class TableRef(Node):
    """A data table placed in the text; its data lives in :attr:`Edition.tables`."""

    kind: Literal["table"] = "table"
    table_id: str
    caption: str | None = None
    """Overrides the table's own title."""
    id: str
    label: str | None = None
    """Its number when captions are numbered (``表 3``); set after reading."""
    source: SourceRef


class TableFields(Fields):
    """Fields of ``::: table``."""

    caption: str | None = None
    """Title printed above the table; default: the title in the table's schema."""


def build(ctx: BuildContext, f: TableFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The table placed where the directive stands; its data is looked up by id."""
    assert arg
    return TableRef(table_id=arg, caption=f.caption, id=ctx.auto_id("table"), source=src)


def text(block: TableRef, ctx: TextContext) -> Iterator[str]:
    """Caption, column headings, one line per row, the source note."""
    table = ctx.edition.tables.get(block.table_id)
    if table is not None:
        yield labelled(block.label, block.caption or table.title)
        yield " ".join(c.heading for c in table.columns)
        for row in table.rows:
            yield " ".join(cell.text for cell in row)
        if table.source_note:
            yield f"{WORDS.source}：{table.source_note}"


def check_reference(ctx: CheckContext) -> None:
    """Every ``::: table`` names a table that exists under ``data/`` (MD014)."""
    for _, block in ctx.edition.walk():
        if (
            isinstance(block, TableRef)
            and block.table_id not in ctx.edition.tables
            and block.table_id not in ctx.edition.unreadable
        ):
            ctx.diagnostics.add(
                "MD014",
                ctx.location(block.source, 1),
                table=block.table_id,
                suggestion=suggestion(block.table_id, ctx.edition.tables),
            )


def report_if_empty(ctx: CheckContext, table_id: str, source: SourceRef, what: Text) -> None:
    """A table or chart whose data table has no rows prints 数据缺失 in its place: a gap (MD028)."""
    table = ctx.edition.tables.get(table_id)
    if table is not None and not table.rows:
        ctx.diagnostics.add("MD028", ctx.location(source, 1), table=table_id, what=what.zh, what_en=what.en)


def check_rows(ctx: CheckContext) -> None:
    """A table placed in the text has rows to show."""
    for _, block in ctx.edition.walk():
        if isinstance(block, TableRef):
            report_if_empty(ctx, block.table_id, block.source, Text("表格", "table"))


TABLE_ARGUMENT = Text("数据表名（data/ 中的文件名）", "table name (its file name in data/)")
"""What the argument of a directive that draws on a data table names."""

ELEMENT = Element(
    model=TableRef,
    directive=Directive(
        "table",
        TableFields,
        build,
        Text("数据表", "a data table from data/"),
        argument="required",
        argument_label=TABLE_ARGUMENT,
        argument_example="industrial-value-added",
    ),
    text=text,
    checks=(check_reference, check_rows),
)
