"""What a chart draws from its table: categories, series and the points still missing.

Shared by the renderers (which draw the points and mark the missing ones) and the
checks (which list the missing ones), so that both agree on every point.
"""
from __future__ import annotations

from dataclasses import dataclass

from toolkit.model import Cell, Chart, DataTable

NUMERIC = ("number", "integer", "percent")


@dataclass(frozen=True)
class Series:
    """What a chart draws: category labels and one list of values per series (``None``: no value)."""

    categories: list[str]
    names: list[str]
    values: list[list[float | None]]
    units: list[str | None]

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
    units = [table.columns[i].unit or table.unit for i in y_indexes]
    return Series(categories, [table.columns[i].heading for i in y_indexes], values, units)


def _number(cell: Cell) -> float | None:
    value = cell.value
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
