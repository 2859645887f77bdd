"""Checks across editions: restated numbers, carried-over text, and what has gone stale."""

from __future__ import annotations

import re

from toolkit.diagnostics import Location
from toolkit.messages import Text
from toolkit.model import DataTable, Edition
from toolkit.readers.references import row_key
from toolkit.validation.context import RuleContext

NUMERIC = frozenset({"number", "integer", "percent"})


def check_restatements(ctx: RuleContext) -> None:
    """A value for a year already printed that differs from what the previous edition printed."""
    previous = ctx.previous
    if previous is None:
        return
    for table in ctx.edition.tables.values():
        old = previous.tables.get(table.previous or table.id)
        if old is None:
            continue
        old_rows = {row_key(old, row): row for row in old.rows}
        old_columns = {c.name: i for i, c in enumerate(old.columns)}
        for index, row in enumerate(table.rows):
            key = row_key(table, row)
            if key not in old_rows or key in table.revised:
                continue
            for column_index, column in enumerate(table.columns):
                if column.type not in NUMERIC or column.name not in old_columns:
                    continue
                new_value, old_cell = row[column_index].value, old_rows[key][old_columns[column.name]]
                if (
                    isinstance(new_value, (int, float))
                    and isinstance(old_cell.value, (int, float))
                    and abs(new_value - old_cell.value) > 1e-9 * max(1.0, abs(new_value))
                ):
                    ctx.diagnostics.add(
                        "XE001",
                        Location(
                            ctx.edition_dir / table.source.path, row=table.row_number(index), column_name=column.name
                        ),
                        row=key,
                        column=column.name,
                        value=row[column_index].text,
                        old=old_cell.text,
                        year=previous.config.year,
                    )


def check_carried_over(ctx: RuleContext) -> None:
    """How much of each chapter is the previous edition's text (for information, per chapter)."""
    previous = ctx.previous
    if previous is None:
        return
    carried = sum(s.carried for s in ctx.carried.values())
    total = sum(s.total for s in ctx.carried.values())
    if total and carried:
        ctx.diagnostics.add(
            "XE006",
            Location(ctx.edition_dir / "edition.toml"),
            share=round(100 * carried / total),
            year=previous.config.year,
        )
    for chapter in ctx.edition.chapters:
        share = ctx.carried.get(chapter.id)
        if share is not None and share.percent >= 1:
            detail = (
                Text(
                    f"，其中 {share.paragraphs} 段大部分相同（草稿中以底色标出）",
                    f"; {share.paragraphs} paragraph(s) mostly (shaded in drafts)",
                )
                if share.paragraphs
                else ""
            )
            ctx.diagnostics.add(
                "XE002",
                Location(ctx.edition_dir / chapter.source.path, 1),
                share=share.percent,
                detail=detail,
                year=previous.config.year,
            )


def check_carried_flag(ctx: RuleContext) -> None:
    """A chapter still marked as the previous edition's text (``carried_from``, set by ``compile new``)."""
    for chapter in ctx.edition.chapters:
        if chapter.carried_from is not None:
            ctx.diagnostics.add("XE005", Location(ctx.edition_dir / chapter.source.path, 1), year=chapter.carried_from)


def check_data_years(ctx: RuleContext) -> None:
    """A table whose latest data is older than the edition needs (a yearly series, or a dated snapshot)."""
    for table in ctx.edition.tables.values():
        needed = ctx.edition.config.year - table.lag
        if str(needed) in table.awaiting:
            continue  # already registered as awaiting data: TB023 says what is missing
        latest, where = _latest_year(ctx, table)
        if latest is not None and latest < needed:
            ctx.diagnostics.add(
                "XE003", where, table=table.title, latest=latest, needed=needed, lag=ctx.edition.config.year - latest
            )


def _latest_year(ctx: RuleContext, table: DataTable) -> tuple[int | None, Location]:
    where = Location(ctx.edition_dir / table.source.path)
    if table.columns and table.columns[0].type == "year":
        filled = [
            (index, row[0].value)
            for index, row in enumerate(table.rows)
            if isinstance(row[0].value, int) and any(c.value is not None for c in row[1:])
        ]
        if filled:
            index, latest = max(filled, key=lambda item: item[1])
            return latest, Location(where.path, row=table.row_number(index), column_name=table.columns[0].name)
    if table.year is not None:
        return table.year, Location(where.path.with_suffix(".toml"))
    return None, where


# “截至 2020 年 7 月”, “截止到 2019 年底”: a state of things at a date.
_AS_OF = re.compile(r"(?:截至|截止到|截止)\s*(\d{4})\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\s*[底末])?")


def check_stale_dates(ctx: RuleContext) -> None:
    """Text stating how things stood at a date no longer current for this edition."""
    edition_year = ctx.edition.config.year
    files = [c.source.path for c in ctx.edition.chapters] + [c.source.path for c in ctx.edition.cases.values()]
    for relative in files:
        for number, line in enumerate(ctx.lines(relative), start=1):
            for match in _AS_OF.finditer(line):
                year = int(match.group(1))
                if year < edition_year - 1:
                    ctx.diagnostics.add(
                        "XE004",
                        Location(ctx.edition_dir / relative, number, match.start() + 1),
                        text=match.group(0),
                        year=year,
                        edition=edition_year,
                    )


def restated(table: DataTable, previous: Edition | None) -> bool:
    """Whether the table declares revised rows against an existing previous table."""
    return bool(previous and table.revised and (table.previous or table.id) in previous.tables)


RULES = [check_restatements, check_carried_over, check_carried_flag, check_data_years, check_stale_dates]
