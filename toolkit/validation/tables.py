"""Checks on data tables: years, ranges, arithmetic, decimals, use."""

from __future__ import annotations

from collections import Counter

from toolkit.diagnostics import Location, suggestion
from toolkit.model import Callout, CellRef, Chart, DataTable, Heading, Paragraph, TableRef
from toolkit.readers.references import row_key
from toolkit.readers.tables import decimals_of
from toolkit.validation.context import RuleContext

NUMERIC = frozenset({"number", "integer", "percent"})


def _where(ctx: RuleContext, table: DataTable, index: int, column: str) -> Location:
    return Location(ctx.edition_dir / table.source.path, row=table.row_number(index), column_name=column)


def check_missing_values(ctx: RuleContext) -> None:
    """Empty cells in columns that should be filled."""
    for table in ctx.edition.tables.values():
        for index, row in enumerate(table.rows):
            for column, cell in zip(table.columns, row):
                if not column.optional and cell.value is None and cell.text == "":
                    ctx.diagnostics.add("TB011", _where(ctx, table, index, column.name))


def check_awaiting(ctx: RuleContext) -> None:
    """Rows still awaiting data: what is missing, what has come, what is not there at all."""
    for table in ctx.edition.tables.values():
        keys = {row_key(table, row): index for index, row in enumerate(table.rows) if row}
        schema = _schema(table)
        listed = Location(
            ctx.edition_dir / schema,
            next((n for n, line in enumerate(ctx.lines(schema), 1) if line.startswith("awaiting")), None),
        )
        for name in table.awaiting:
            index = keys.get(name)
            if index is None:
                ctx.diagnostics.add("TB025", listed, row=name)
                continue
            missing = [column.heading for column, cell in zip(table.columns, table.rows[index]) if cell.awaiting]
            if missing:
                ctx.diagnostics.add(
                    "TB023",
                    _where(ctx, table, index, table.columns[0].name),
                    row=name,
                    columns="、".join(f"“{m}”" for m in missing),
                    columns_en=", ".join(missing),
                )
            else:
                ctx.diagnostics.add("TB024", listed, row=name)


def repeated_rows(table: DataTable) -> dict[int, int]:
    """Rows that repeat an earlier row cell for cell: index → index of the first (one pass, hashed)."""
    first: dict[tuple[str, ...], int] = {}
    repeats: dict[int, int] = {}
    for index, row in enumerate(table.rows):
        key = tuple(cell.text for cell in row)
        if key in first:
            repeats[index] = first[key]
        else:
            first[key] = index
    return repeats


def check_repeated_rows(ctx: RuleContext) -> None:
    """A row typed twice is reported at the repeat, in the data file (a reference to it is then ambiguous)."""
    for table in ctx.edition.tables.values():
        if not table.columns:
            continue
        for index, original in repeated_rows(table).items():
            ctx.diagnostics.add(
                "TB026", _where(ctx, table, index, table.columns[0].name), other=table.row_number(original)
            )


def check_years(ctx: RuleContext) -> None:
    """A year column names each year once, without gaps (a whole repeated row is TB026's)."""
    for table in ctx.edition.tables.values():
        if not table.columns or table.columns[0].type != "year":
            continue
        name = table.columns[0].name
        seen: dict[int, int] = {}
        previous: int | None = None
        repeats = repeated_rows(table)
        for index, row in enumerate(table.rows):
            year = row[0].value
            if not isinstance(year, int) or index in repeats:
                continue
            if year in seen:
                ctx.diagnostics.add("TB012", _where(ctx, table, index, name), year=year, other=seen[year])
                continue
            seen[year] = table.row_number(index)
            if previous is not None and abs(year - previous) > 1:
                step = 1 if year > previous else -1
                missing = "、".join(str(y) for y in range(previous + step, year, step))
                ctx.diagnostics.add(
                    "TB013", _where(ctx, table, index, name), before=previous, after=year, missing=missing
                )
            previous = year


def check_ranges(ctx: RuleContext) -> None:
    """Values within the min/max the schema declares."""
    for table in ctx.edition.tables.values():
        for index, row in enumerate(table.rows):
            for column, cell in zip(table.columns, row):
                value = cell.value
                if not isinstance(value, (int, float)) or column.type not in NUMERIC:
                    continue
                low = column.min if column.min is not None else float("-inf")
                high = column.max if column.max is not None else float("inf")
                if not low <= value <= high:
                    zh, en = _bounds(column.min, column.max)
                    ctx.diagnostics.add(
                        "TB014", _where(ctx, table, index, column.name), value=cell.text, range=zh, range_en=en
                    )


def check_sums(ctx: RuleContext) -> None:
    """Totals equal the sum of their parts (by column and by total row)."""
    for table in ctx.edition.tables.values():
        names = [c.name for c in table.columns]
        for check in table.sums:
            unknown = [n for n in [check.total, *check.parts] if n not in names]
            for name in unknown:
                ctx.diagnostics.add(
                    "TB022",
                    Location(ctx.edition_dir / _schema(table)),
                    setting="[[sums]]",
                    column=name,
                    suggestion=suggestion(name, names),
                )
            if unknown:
                continue
            total_at = names.index(check.total)
            part_at = [names.index(p) for p in check.parts]
            for index, row in enumerate(table.rows):
                values = [row[i].value for i in part_at]
                total = row[total_at].value
                if not isinstance(total, (int, float)) or not all(isinstance(v, (int, float)) for v in values):
                    continue
                added = sum(values)  # type: ignore[arg-type]
                if abs(added - total) > _tolerance(table, [total_at, *part_at], row):
                    ctx.diagnostics.add(
                        "TB015",
                        _where(ctx, table, index, check.total),
                        total=check.total,
                        value=row[total_at].text,
                        sum=_show(added),
                        parts="+".join(check.parts),
                    )
        if table.total_row:
            _check_total_row(ctx, table)


def _check_total_row(ctx: RuleContext, table: DataTable) -> None:
    keys = [row[0].text for row in table.rows]
    if table.total_row not in keys:
        ctx.diagnostics.add(
            "TB022",
            Location(ctx.edition_dir / _schema(table)),
            setting="total_row",
            column=table.total_row,
            suggestion=suggestion(table.total_row or "", keys),
        )
        return
    at = keys.index(table.total_row)
    total_row = table.rows[at]
    for column_index, column in enumerate(table.columns):
        if column.type not in ("number", "integer") or column_index == 0:
            continue
        values = [row[column_index].value for i, row in enumerate(table.rows) if i != at]
        total = total_row[column_index].value
        if not isinstance(total, (int, float)) or not all(isinstance(v, (int, float)) for v in values):
            continue
        added = sum(values)  # type: ignore[arg-type]
        tolerance = 0.5 * 10 ** -max(decimals_of(r[column_index].text) for r in table.rows)
        if abs(added - total) > tolerance * len(values):
            ctx.diagnostics.add(
                "TB018",
                _where(ctx, table, at, column.name),
                row=table.total_row,
                column=column.name,
                value=total_row[column_index].text,
                sum=_show(added),
            )


def check_growth(ctx: RuleContext) -> None:
    """Growth rates follow from the levels they describe."""
    for table in ctx.edition.tables.values():
        names = [c.name for c in table.columns]
        for check in table.growth:
            unknown = [n for n in (check.level, check.rate) if n not in names]
            for name in unknown:
                ctx.diagnostics.add(
                    "TB022",
                    Location(ctx.edition_dir / _schema(table)),
                    setting="[[growth]]",
                    column=name,
                    suggestion=suggestion(name, names),
                )
            if unknown:
                continue
            level_at, rate_at = names.index(check.level), names.index(check.rate)
            for index in range(1, len(table.rows)):
                before, now = table.rows[index - 1][level_at].value, table.rows[index][level_at].value
                rate = table.rows[index][rate_at].value
                if not all(isinstance(v, (int, float)) for v in (before, now, rate)) or not before:
                    continue
                computed = (now / before - 1) * 100  # type: ignore[operator]
                if abs(computed - rate) > check.tolerance:  # type: ignore[operator]
                    ctx.diagnostics.add(
                        "TB016",
                        _where(ctx, table, index, check.rate),
                        rate=_show(rate),
                        computed=f"{computed:.1f}",
                        gap=f"{abs(computed - rate):.1f}",
                    )  # type: ignore[operator]


def check_decimals(ctx: RuleContext) -> None:
    """Cells of a series typed with the same number of decimals (when the schema does not fix them).

    Only year tables are series (one quantity over time); in an indicator table
    each row is a different quantity and keeps its own precision.
    """
    for table in ctx.edition.tables.values():
        if not table.columns or table.columns[0].type != "year":
            continue
        for column_index, column in enumerate(table.columns):
            if column.type not in ("number", "percent") or column.decimals is not None:
                continue
            places = [
                (i, decimals_of(row[column_index].text))
                for i, row in enumerate(table.rows)
                if row[column_index].value is not None
            ]
            if len(places) < 3:
                continue
            usual, count = Counter(p for _, p in places).most_common(1)[0]
            if count * 2 <= len(places):
                continue  # no clear majority: nothing to compare with
            for index, found in places:
                if found != usual:
                    ctx.diagnostics.add("TB017", _where(ctx, table, index, column.name), usual=usual, found=found)


def check_unused_tables(ctx: RuleContext) -> None:
    """Every table is used: placed, drawn or referenced."""
    used: set[str] = set()
    blocks = [b for _, b in ctx.edition.walk()] + [b for _, b in ctx.edition.walk_cases()]
    for block in blocks:
        if isinstance(block, (TableRef, Chart)):
            used.add(block.table_id)
        elif isinstance(block, Callout) and block.ref:
            used.add(block.ref.table)
        elif isinstance(block, (Paragraph, Heading)):
            used.update(i.address.table for i in block.inlines if isinstance(i, CellRef))
    for table in ctx.edition.tables.values():
        if table.id not in used:
            ctx.diagnostics.add("TB021", Location(ctx.edition_dir / table.source.path), table=table.id)


def _bounds(low: float | None, high: float | None) -> tuple[str, str]:
    """“不小于 0，不大于 100” and its English."""
    zh = "，".join(
        p
        for p in (
            f"不小于 {_show(low)}" if low is not None else "",
            f"不大于 {_show(high)}" if high is not None else "",
        )
        if p
    )
    en = ", ".join(
        p
        for p in (
            f"at least {_show(low)}" if low is not None else "",
            f"at most {_show(high)}" if high is not None else "",
        )
        if p
    )
    return zh, en


def _tolerance(table: DataTable, indexes: list[int], row: list) -> float:
    places = max(decimals_of(row[i].text) for i in indexes)
    return 0.5 * 10**-places * len(indexes)


def _show(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.4g}" if abs(value) < 1000 else f"{value:.1f}"


def _schema(table: DataTable) -> str:
    return table.source.path.rsplit(".", 1)[0] + ".toml"


RULES = [
    check_missing_values,
    check_awaiting,
    check_repeated_rows,
    check_years,
    check_ranges,
    check_sums,
    check_growth,
    check_decimals,
    check_unused_tables,
]
