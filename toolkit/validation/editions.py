"""Checks against the previous edition: restated numbers and carried-over text."""
from __future__ import annotations

import re

from toolkit.diagnostics import Location
from toolkit.model import DataTable, Edition, Paragraph, plain_text
from toolkit.readers.references import row_key
from toolkit.validation.context import RuleContext

NUMERIC = frozenset({"number", "integer", "percent"})
_SPACE = re.compile(r"\s+")
SHORTEST_CARRIED = 20
"""Paragraphs shorter than this (in characters) are not counted as carried over."""


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
                if isinstance(new_value, (int, float)) and isinstance(old_cell.value, (int, float)) \
                        and abs(new_value - old_cell.value) > 1e-9 * max(1.0, abs(new_value)):
                    ctx.diagnostics.add(
                        "XE001", Location(ctx.edition_dir / table.source.path, row=table.row_number(index),
                                          column_name=column.name),
                        row=key, column=column.name, value=row[column_index].text, old=old_cell.text,
                        year=previous.config.year)


def check_carried_over(ctx: RuleContext) -> None:
    """How much of each chapter is the previous edition's text, word for word (for information)."""
    previous = ctx.previous
    if previous is None:
        return
    earlier = _paragraphs(previous)
    for chapter in ctx.edition.chapters:
        texts = [_SPACE.sub("", plain_text(b.inlines)) for c, b in ctx.edition.walk()
                 if c is chapter and isinstance(b, Paragraph)]
        texts = [t for t in texts if len(t) >= SHORTEST_CARRIED]
        carried = sum(1 for t in texts if t in earlier)
        if carried:
            ctx.diagnostics.add("XE002", Location(ctx.edition_dir / chapter.source.path, 1), count=carried,
                                share=round(100 * carried / len(texts)), year=previous.config.year)


def _paragraphs(edition: Edition) -> set[str]:
    return {_SPACE.sub("", plain_text(b.inlines)) for _, b in edition.walk() if isinstance(b, Paragraph)}


def restated(table: DataTable, previous: Edition | None) -> bool:
    """Whether the table declares revised rows against an existing previous table."""
    return bool(previous and table.revised and (table.previous or table.id) in previous.tables)


RULES = [check_restatements, check_carried_over]
