"""``::: chart``: a chart drawn from a data table, one series per numeric column."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator

from toolkit.diagnostics import suggestion
from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.element import BuildContext, CheckContext, Directive, Element, Fields, TextContext, labelled
from toolkit.model.elements.table import TABLE_ARGUMENT, report_if_empty

if TYPE_CHECKING:
    from toolkit.model.structure import Block

ChartType = Literal["bar", "line", "barh"]
NUMERIC = frozenset({"number", "integer", "percent"})


class Chart(Node):
    """A chart drawn from a data table: ``x`` along one axis, one series per ``y`` column."""

    kind: Literal["chart"] = "chart"
    id: str
    table_id: str
    chart_type: ChartType = "bar"
    x: str | None = None
    """Column of the categories; default: the table's first column."""
    y: list[str] = []
    """Columns drawn as series; default: every numeric column but ``x``."""
    title: str | None = None
    label: str | None = None
    """Its number when captions are numbered (``图 3``); set after reading."""
    source: SourceRef


def _list_of_names(value: object) -> object:
    """``a, b、c`` → ``["a", "b", "c"]`` for list fields written on one line."""
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,，、]", value) if part.strip()]
    return value


class ChartFields(Fields):
    """Fields of ``::: chart``."""

    type: ChartType = "bar"
    """``bar`` (columns), ``barh`` (horizontal bars) or ``line``."""
    x: str | None = None
    """Column of the categories; default: the first column."""
    y: list[str] = []
    """Columns drawn, separated by commas; default: every numeric column."""
    title: str | None = None
    """Title; default: the table's title."""

    _split_y = field_validator("y", mode="before")(_list_of_names)


def build(ctx: BuildContext, f: ChartFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The chart of the table the argument names."""
    assert arg
    return Chart(id=ctx.auto_id("chart"), table_id=arg, chart_type=f.type, x=f.x, y=f.y, title=f.title,
                 source=src)


def text(block: Chart, ctx: TextContext) -> Iterator[str]:
    """Its caption: the title and the table's unit (the drawing has no text of the report's)."""
    table = ctx.edition.tables.get(block.table_id)
    title = block.title or (table.title if table else "")
    yield labelled(block.label, f"{title} {table.unit}" if table and table.unit else title)


def check_columns(ctx: CheckContext) -> None:
    """A chart's table exists, and its columns exist and hold numbers (MD014, MD025)."""
    for _, block in ctx.edition.walk():
        if not isinstance(block, Chart):
            continue
        table = ctx.edition.tables.get(block.table_id)
        if table is None and block.table_id in ctx.edition.unreadable:
            continue
        if table is None:
            ctx.diagnostics.add("MD014", ctx.location(block.source, 1), table=block.table_id,
                                suggestion=suggestion(block.table_id, ctx.edition.tables))
            continue
        columns = {c.name: c for c in table.columns}
        for name in [block.x] if block.x else []:
            if name not in columns:
                ctx.diagnostics.add("MD025", ctx.location(block.source, 1), chart=block.table_id, column=name,
                                    reason="不存在", reason_en="does not exist",
                                    suggestion=suggestion(name, columns))
        for name in block.y:
            if name not in columns:
                ctx.diagnostics.add("MD025", ctx.location(block.source, 1), chart=block.table_id, column=name,
                                    reason="不存在", reason_en="does not exist",
                                    suggestion=suggestion(name, columns))
            elif columns[name].type not in NUMERIC:
                ctx.diagnostics.add("MD025", ctx.location(block.source, 1), chart=block.table_id, column=name,
                                    reason="不是数字列", reason_en="is not numeric",
                                    suggestion=Text("图表只能画数字列（number、integer、percent）。",
                                                    "Charts draw numeric columns (number, integer, percent)."))


def check_rows(ctx: CheckContext) -> None:
    """A chart placed in the text has rows to draw."""
    for _, block in ctx.edition.walk():
        if isinstance(block, Chart):
            report_if_empty(ctx, block.table_id, block.source, Text("图表", "chart"))


ELEMENT = Element(
    model=Chart,
    directive=Directive("chart", ChartFields, build, Text("图表", "a chart drawn from a data table"),
                        argument="required", argument_label=TABLE_ARGUMENT,
                        argument_example="industrial-value-added"),
    text=text,
    docx_writer="write_chart",
    docx_styles=("Caption", "Figure", "Source Note"),
    checks=(check_columns, check_rows),
)
