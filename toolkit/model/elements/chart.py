"""``::: chart``: a chart drawn from a data table, one series per numeric column."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import field_validator

from toolkit.diagnostics import suggestion
from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.data import Cell, DataTable
from toolkit.model.element import (
    BuildContext,
    CheckContext,
    Directive,
    Element,
    Fields,
    TextContext,
    labelled,
)
from toolkit.model.elements.table import TABLE_ARGUMENT, report_if_empty
from toolkit.model.structure import Edition
from toolkit.model.words import WORDS
from toolkit.text import is_cjk

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
    return Chart(id=ctx.auto_id("chart"), table_id=arg, chart_type=f.type, x=f.x, y=f.y, title=f.title, source=src)


def text(block: Chart, ctx: TextContext) -> Iterator[str]:
    """Its caption: the title and the table's unit (the drawing has no text of the report's)."""
    table = ctx.edition.tables.get(block.table_id)
    title = block.title or (table.title if table else "")
    yield labelled(block.label, f"{title} {table.unit}" if table and table.unit else title)


# --- what a chart draws, and its text alternative -------------------------------------


@dataclass(frozen=True)
class Series:
    """What a chart draws: category labels and one list of values per series (``None``: no value)."""

    categories: list[str]
    names: list[str]
    values: list[list[float | None]]
    units: list[str | None]
    printed: list[list[str]]
    """Each value as the table prints it (``247,860``, ``3.4%``); ``""`` where there is none."""

    def missing(self) -> list[tuple[int, int]]:
        """``(series, category)`` of every point without a value: drawn as a gap, never as a number."""
        return [(s, c) for s, values in enumerate(self.values) for c, value in enumerate(values) if value is None]


def chart_series(chart: Chart, table: DataTable) -> Series:
    """The categories and series of ``chart`` taken from ``table``."""
    columns = {c.name: i for i, c in enumerate(table.columns)}
    x_index = columns.get(chart.x, 0) if chart.x else 0
    y_names = chart.y or [c.name for i, c in enumerate(table.columns) if c.type in NUMERIC and i != x_index]
    y_indexes = [columns[name] for name in y_names if name in columns]
    categories = [row[x_index].text for row in table.rows]
    values = [[_number(row[i]) for row in table.rows] for i in y_indexes]
    printed = [[row[i].text if _number(row[i]) is not None else "" for row in table.rows] for i in y_indexes]
    units = [table.columns[i].unit or table.unit for i in y_indexes]
    return Series(categories, [table.columns[i].heading for i in y_indexes], values, units, printed)


def _number(cell: Cell) -> float | None:
    value = cell.value
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


CHART_TYPE_NAMES = {"bar": "柱状图", "barh": "条形图", "line": "折线图"}
GAP = WORDS.awaiting
"""Said (and printed) where a value is missing or awaited."""
LONG_SERIES = 8
"""A series of more points than this says its unit once, and consecutive years as a range."""


def alt(block: Chart, edition: Edition) -> str:
    """The chart in words, from its data: its kind, title and every value, gaps said as 待补充.

    ``柱状图：2016—2020 年中国工业增加值，2016 年 247860 亿元，……，2020 年 313071 亿元``; several series
    are told one after another (``；系列：…``); a long series says its unit once and names consecutive
    years as a range (``2006—2019 年依次为 139、130.3、……``), still giving every value.
    """
    table = edition.tables.get(block.table_id)
    title = block.title or (table.title if table else block.table_id)
    head = f"{CHART_TYPE_NAMES[block.chart_type]}：{title}"
    if table is None or not table.rows:
        return f"{head}，数据{GAP}"
    series = chart_series(block, table)
    years = _is_year_column(block, table)
    parts = [_series_words(series, index, years) for index in range(len(series.names))]
    if len(parts) == 1:
        return f"{head}，{parts[0]}"
    return head + "".join(f"；{name}：{words}" for name, words in zip(series.names, parts))


def _is_year_column(block: Chart, table: DataTable) -> bool:
    names = [c.name for c in table.columns]
    index = names.index(block.x) if block.x in names else 0
    return table.columns[index].type == "year"


def _series_words(series: Series, index: int, years: bool) -> str:
    """One series' values in words: ``2016 年 247860 亿元，2017 年 …`` (long: unit once, years as a range)."""
    unit = series.units[index] or ""
    printed = series.printed[index]
    labels = [f"{c} 年" if years else c for c in series.categories]
    if len(printed) <= LONG_SERIES:
        return "，".join(
            _spaced(label, _with_unit(text, unit) if text else GAP) for label, text in zip(labels, printed)
        )
    values = "、".join(text or GAP for text in printed)
    suffix = f"（{WORDS.unit}：{unit}）" if unit and not unit.startswith("%") else ""
    numbers = [int(c) for c in series.categories] if years and all(c.isdigit() for c in series.categories) else []
    if numbers and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{numbers[0]}—{numbers[-1]} 年依次为 {values}{suffix}"
    return "，".join(_spaced(label, text or GAP) for label, text in zip(labels, printed)) + suffix


def _spaced(left: str, right: str) -> str:
    """A label and its value: a space between them unless both sides are Chinese (``2020 年待补充``)."""
    return left + ("" if is_cjk(left[-1:]) and is_cjk(right[:1]) else " ") + right


def _with_unit(text: str, unit: str) -> str:
    """``247860`` → ``247860 亿元``; ``3.4`` → ``3.4%``; a value already printed with its unit is left as it is."""
    if not unit or text.endswith(unit):
        return text
    return text + unit if unit.startswith("%") else f"{text} {unit}"


def check_columns(ctx: CheckContext) -> None:
    """A chart's table exists, and its columns exist and hold numbers (MD014, MD025)."""
    for _, block in ctx.edition.walk():
        if not isinstance(block, Chart):
            continue
        table = ctx.edition.tables.get(block.table_id)
        if table is None and block.table_id in ctx.edition.unreadable:
            continue
        if table is None:
            ctx.diagnostics.add(
                "MD014",
                ctx.location(block.source, 1),
                table=block.table_id,
                suggestion=suggestion(block.table_id, ctx.edition.tables),
            )
            continue
        columns = {c.name: c for c in table.columns}
        for name in [block.x] if block.x else []:
            if name not in columns:
                ctx.diagnostics.add(
                    "MD025",
                    ctx.location(block.source, 1),
                    chart=block.table_id,
                    column=name,
                    reason="不存在",
                    reason_en="does not exist",
                    suggestion=suggestion(name, columns),
                )
        for name in block.y:
            if name not in columns:
                ctx.diagnostics.add(
                    "MD025",
                    ctx.location(block.source, 1),
                    chart=block.table_id,
                    column=name,
                    reason="不存在",
                    reason_en="does not exist",
                    suggestion=suggestion(name, columns),
                )
            elif columns[name].type not in NUMERIC:
                ctx.diagnostics.add(
                    "MD025",
                    ctx.location(block.source, 1),
                    chart=block.table_id,
                    column=name,
                    reason="不是数字列",
                    reason_en="is not numeric",
                    suggestion=Text(
                        "图表只能画数字列（number、integer、percent）。",
                        "Charts draw numeric columns (number, integer, percent).",
                    ),
                )


def check_rows(ctx: CheckContext) -> None:
    """A chart placed in the text has rows to draw."""
    for _, block in ctx.edition.walk():
        if isinstance(block, Chart):
            report_if_empty(ctx, block.table_id, block.source, Text("图表", "chart"))


ELEMENT = Element(
    model=Chart,
    directive=Directive(
        "chart",
        ChartFields,
        build,
        Text("图表", "a chart drawn from a data table"),
        argument="required",
        argument_label=TABLE_ARGUMENT,
        argument_example="industrial-value-added",
    ),
    text=text,
    alt=alt,
    checks=(check_columns, check_rows),
)
