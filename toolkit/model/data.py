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
    """A column of a data table: one ``[[columns]]`` entry of its schema."""

    name: str = Field(min_length=1)
    """Column name exactly as in the header row of the data file."""
    type: ColumnType = "string"
    """``string``, ``integer``, ``number``, ``year`` or ``percent``."""
    unit: str | None = None
    """Unit of the values (亿元, 万吨, %); printed in the column heading."""
    label: str | None = None
    """Heading printed in the report, if it differs from ``name``."""
    decimals: int | None = Field(default=None, ge=0, le=6)
    """Decimal places printed; default: as typed (and then every cell should have the same)."""
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
    """One ``[[sums]]`` entry: ``total`` equals the sum of ``parts`` on every row."""

    total: str
    """The total's column."""
    parts: list[str] = Field(min_length=2)
    """The parts' columns."""


class GrowthCheck(Node):
    """One ``[[growth]]`` entry: ``rate`` (in %) follows from ``level`` year on year."""

    level: str
    """The level's column (亿元 …)."""
    rate: str
    """The growth rate's column (%)."""
    tolerance: float = Field(default=0.15, ge=0)
    """Allowed difference in percentage points (rounding, comparable prices)."""


class TableSettings(Node):
    """What a table's schema says of it and the read table keeps: the one definition of each setting."""

    title: str = Field(min_length=1)
    """Table title printed above the table."""
    unit: str | None = None
    """Unit for the whole table, printed under the title (单位：亿元)."""
    columns: list[Column] = Field(min_length=1)
    """The columns in order; the first one names the rows."""
    sums: list[SumCheck] = []
    """Columns that are sums of other columns."""
    total_row: str | None = None
    """Name of a row that is the sum of all other rows (合计)."""
    growth: list[GrowthCheck] = []
    """Growth-rate columns that follow from level columns."""
    previous: str | None = None
    """The table's id in the previous edition, if it had another name."""
    revised: list[str] = []
    """Rows restated since the previous edition (their changed values are expected)."""
    awaiting: list[str] = []
    """Rows whose data has not come yet (``compile new`` adds the new year's row here): their empty
    cells are reported as awaiting data and printed as 待补充."""
    year: int | None = Field(default=None, ge=1949, le=2100)
    """The year the data describe, for a table that is not a yearly series (2020 年各行业...)."""
    lag: int = Field(default=1, ge=0, le=10)
    """How many years the latest row may trail the edition (1: the 2022 report needs 2021 data)."""


class TableSchema(TableSettings):
    """A data table's schema file ``data/<id>.toml``: the settings, and the source of its numbers."""

    source: str | None = None
    """Where the numbers come from, printed under the table (资料来源：...)."""


class DataTable(TableSettings):
    """A statistical table read from ``data/`` with its schema: the settings, the source note and the
    typed rows."""

    id: str
    source_note: str | None = None
    """The schema's ``source``: where the numbers come from."""
    rows: list[list[Cell]]
    row_numbers: list[int] = []
    """The spreadsheet row number of each row (header = 1), for locating problems."""
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
