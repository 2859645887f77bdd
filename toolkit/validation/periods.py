"""Titles that name a period their data do not fit, either way.

A table or chart titled “十三五”期间… or 2016—2020 年… said the truth when its rows
ended in 2020; once next year's edition adds 2021 (``compile new`` does), the
title is false (XE007). A title “十四五”期间… over rows from 2016 is false from the
start: the data begin before the period (XE008). A title naming several periods
covers them all. Such a title is reported where it is written: the ``title:`` of
a chart or ``caption:`` of a table in the chapter, or the ``title`` of the
table's schema when the chapter gives none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.diagnostics import Location
from toolkit.model import Chart, DataTable, SourceRef, TableRef
from toolkit.validation.context import RuleContext

FIVE_YEAR_PLANS = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
}
_PLAN_NUMBERS = {"十一五": "11th", "十二五": "12th", "十三五": "13th", "十四五": "14th", "十五五": "15th"}
# “十三五”期间 names the period; “十三五”以来 (since) does not end it.
_PLAN = re.compile(r"(十[一二三四五]五)[”\"’]?\s*(以来|至今|来)?")
_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:[—–\-－~～]+|至|到)\s*((?:19|20)\d{2})\s*年?")


@dataclass(frozen=True)
class Period:
    """A period a title names: its first and last year and how to say it."""

    start: int
    end: int
    zh: str
    en: str


def named_periods(title: str) -> list[Period]:
    """The closed periods ``title`` names: five-year plans and explicit ranges of years."""
    periods = []
    for match in _PLAN.finditer(title):
        plan = match.group(1)
        if plan in FIVE_YEAR_PLANS and not match.group(2):
            first, last = FIVE_YEAR_PLANS[plan]
            periods.append(
                Period(
                    first,
                    last,
                    f"“{plan}”时期（{first}—{last} 年）",
                    f"the {_PLAN_NUMBERS[plan]} Five-Year Plan ({first}–{last})",
                )
            )
    for match in _RANGE.finditer(title):
        first, last = int(match.group(1)), int(match.group(2))
        if first < last:
            periods.append(Period(first, last, f"“{first}—{last} 年”", f"{first}–{last}"))
    return periods


def year_span(table: DataTable, column: str | None = None) -> tuple[int, int] | None:
    """The first and last year a table's rows run over (its year column, or the chart's categories)."""
    names = [c.name for c in table.columns]
    index = names.index(column) if column in names else 0
    if not table.columns or table.columns[index].type != "year":
        return None
    years = [row[index].value for row in table.rows if isinstance(row[index].value, int)]
    return (min(years), max(years)) if years else None  # type: ignore[type-var]


def check_period_titles(ctx: RuleContext) -> None:
    """Tables and charts whose title names a period their rows run past (XE007) or start before (XE008)."""
    reported: set[tuple[str, int | None, str]] = set()
    for _, block in ctx.edition.walk():
        if not isinstance(block, (TableRef, Chart)):
            continue
        table = ctx.edition.tables.get(block.table_id)
        if table is None:
            continue
        own = block.title if isinstance(block, Chart) else block.caption
        span = year_span(table, block.x if isinstance(block, Chart) else None)
        title = own or table.title
        periods = named_periods(title)
        if span is None or not periods:
            continue
        start, end = min(p.start for p in periods), max(p.end for p in periods)
        zh, en = "、".join(p.zh for p in periods), ", ".join(p.en for p in periods)
        findings = ([("XE008", {"earliest": span[0]})] if span[0] < start else []) + (
            [("XE007", {"latest": span[1]})] if span[1] > end else []
        )
        for code, values in findings:
            where = (
                _field_place(ctx, block.source, "title" if isinstance(block, Chart) else "caption")
                if own
                else _schema_title(ctx, table)
            )
            if (str(where.path), where.line, code) not in reported:
                reported.add((str(where.path), where.line, code))
                ctx.diagnostics.add(code, where, title=title, period=zh, period_en=en, **values)


def _field_place(ctx: RuleContext, source: SourceRef, key: str) -> Location:
    """The line of a directive's ``key:`` field (the directive's own line if not found)."""
    lines = ctx.lines(source.path)
    start = source.line or 1
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip() or line.lstrip().startswith(":::"):
            break
        if re.match(rf"^\s*{key}\s*[:：]", line):
            return Location(ctx.edition_dir / source.path, number, line.index(key) + 1)
    return ctx.location(source, 1)


def _schema_title(ctx: RuleContext, table: DataTable) -> Location:
    schema = table.source.path.rsplit(".", 1)[0] + ".toml"
    line = next((n for n, text in enumerate(ctx.lines(schema), 1) if re.match(r"^\s*title\s*=", text)), None)
    return Location(ctx.edition_dir / schema, line, 1 if line else None)


RULES = [check_period_titles]
