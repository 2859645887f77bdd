"""Data tables and images: what the model holds of ``data/`` and of every image file.

Tables live in :attr:`toolkit.model.Edition.tables`, placed in the text by ``::: table`` and
``::: chart``; images in :attr:`toolkit.model.Edition.assets`, with their bytes, so that
renderers never open input files.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from toolkit.model.base import Node, SourceRef

ColumnType = Literal["string", "integer", "number", "year", "percent"]


class Column(Node):
    """A column of a data table, as declared in its schema."""

    name: str
    type: ColumnType = "string"
    unit: str | None = None
    label: str | None = None
    """Heading printed in the report; defaults to ``name``."""
    decimals: int | None = None
    min: float | None = None
    """Smallest plausible value; smaller ones are reported."""
    max: float | None = None
    """Largest plausible value; larger ones are reported."""
    optional: bool = False
    """Empty cells are expected (otherwise each is reported as a missing value)."""

    @property
    def heading(self) -> str:
        """What the report prints above the column."""
        return self.label or self.name


class Cell(Node):
    """A typed value and the text the report prints for it."""

    value: float | int | str | None
    text: str
    awaiting: bool = False
    """The data has not come yet (the row is listed in the schema's ``awaiting``)."""


class SumCheck(Node):
    """A column that must equal the sum of other columns, row by row."""

    total: str
    parts: list[str]


class GrowthCheck(Node):
    """A growth-rate column that must follow from a level column, year on year (in %)."""

    level: str
    rate: str
    tolerance: float = 0.15
    """Allowed difference in percentage points (rounding, comparable prices)."""


class DataTable(Node):
    """A statistical table read from ``data/`` with its schema."""

    id: str
    title: str
    unit: str | None = None
    source_note: str | None = None
    columns: list[Column]
    rows: list[list[Cell]]
    row_numbers: list[int] = []
    """The spreadsheet row number of each row (header = 1), for locating problems."""
    sums: list[SumCheck] = []
    total_row: str | None = None
    """Name of a row that must equal the sum of the other rows, column by column."""
    growth: list[GrowthCheck] = []
    previous: str | None = None
    """Id of the same table in the previous edition, when it was renamed."""
    revised: list[str] = []
    """Rows whose values were revised since the previous edition (restatements)."""
    awaiting: list[str] = []
    """Rows whose data has not come yet."""
    lag: int = 1
    """How many years the latest row may trail the edition year."""
    year: int | None = None
    """The year a table that is not a yearly series describes."""
    source: SourceRef

    def row_number(self, index: int) -> int:
        """Spreadsheet row number of ``rows[index]``."""
        return self.row_numbers[index] if index < len(self.row_numbers) else index + 2


class Asset(Node):
    """An image's bytes, checked and measured by the reader."""

    src: str
    media_type: str
    data: bytes = Field(repr=False)
    width: int
    height: int
    dpi: float | None = None
