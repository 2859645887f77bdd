"""Reader for data tables: ``data/<id>.csv`` or ``.xlsx`` plus the schema ``data/<id>.toml``.

The schema says what the table is (title, unit, source) and what each column
holds. Cells are typed on reading, so a number typed with its unit (``71.8万``)
is caught here, located by spreadsheet row and column name.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from toolkit.config import NumberStyle
from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import Text
from toolkit.model import Cell, Column, ColumnType, DataTable, SourceRef
from toolkit.readers.common import read_toml, schema_problems, toml_line

DATA_SUFFIXES = (".csv", ".xlsx")


class ColumnSchema(BaseModel):
    """One ``[[columns]]`` entry of a table schema."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    name: str = Field(min_length=1)
    """Column name exactly as in the header row of the data file."""
    type: ColumnType = "string"
    """``string``, ``integer``, ``number``, ``year`` or ``percent``."""
    unit: str | None = None
    """Unit of the values (亿元, 万吨, %); printed in the column heading."""
    label: str | None = None
    """Heading printed in the report, if it differs from ``name``."""
    decimals: int | None = Field(default=None, ge=0, le=6)
    """Decimal places printed; default: as typed."""


class TableSchema(BaseModel):
    """A data table's schema file ``data/<id>.toml``."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    title: str = Field(min_length=1)
    """Table title printed above the table."""
    unit: str | None = None
    """Unit for the whole table, printed under the title (单位：亿元)."""
    source: str | None = None
    """Where the numbers come from, printed under the table (资料来源：...)."""
    columns: list[ColumnSchema] = Field(min_length=1)
    """The columns in order."""


_TYPE_NAMES: dict[ColumnType, Text] = {
    "string": Text("文字", "text"),
    "integer": Text("整数", "a whole number"),
    "number": Text("数字", "a number"),
    "year": Text("年份（四位数字）", "a year (four digits)"),
    "percent": Text("百分数", "a percentage"),
}


def read_tables(edition_dir: Path, style: NumberStyle, diagnostics: Diagnostics) -> dict[str, DataTable]:
    """Every table under ``data/``, keyed by id (the file name without suffix)."""
    data_dir = edition_dir / "data"
    if not data_dir.is_dir():
        return {}
    tables: dict[str, DataTable] = {}
    stems = sorted({p.stem for p in data_dir.iterdir()
                    if p.suffix.lower() in DATA_SUFFIXES + (".toml",) and not p.name.startswith((".", "~$"))})
    for stem in stems:
        table = _read_table(data_dir, stem, edition_dir, style, diagnostics)
        if table is not None:
            tables[stem] = table
    return tables


def _read_table(data_dir: Path, stem: str, edition_dir: Path, style: NumberStyle,
                diagnostics: Diagnostics) -> DataTable | None:
    schema_path = data_dir / f"{stem}.toml"
    data_files = [data_dir / f"{stem}{suffix}" for suffix in DATA_SUFFIXES if (data_dir / f"{stem}{suffix}").is_file()]
    if not data_files:
        diagnostics.add("TB008", Location(schema_path), schema=schema_path.name)
        return None
    if len(data_files) > 1:
        diagnostics.add("TB009", Location(data_files[0]), table=stem, files="、".join(p.name for p in data_files))
        return None
    data_path = data_files[0]
    if not schema_path.is_file():
        diagnostics.add("TB001", Location(data_path), file=data_path.name, schema=schema_path.name)
        return None
    schema = _read_schema(schema_path, diagnostics)
    frame = _read_frame(data_path, diagnostics)
    if schema is None or frame is None:
        return None
    columns = [Column(**c.model_dump()) for c in schema.columns]
    rows = _typed_rows(frame, columns, data_path, style, diagnostics)
    if rows is None:
        return None
    return DataTable(id=stem, title=schema.title, unit=schema.unit, source_note=schema.source,
                     columns=columns, rows=rows,
                     source=SourceRef(path=data_path.relative_to(edition_dir).as_posix()))


def _read_schema(path: Path, diagnostics: Diagnostics) -> TableSchema | None:
    parsed = read_toml(path, "TB002", diagnostics)
    if parsed is None:
        return None
    text, raw = parsed
    try:
        return TableSchema.model_validate(raw)
    except ValidationError as exc:
        for problem in schema_problems(exc, TableSchema):
            reason = problem.reason if problem.kind == "invalid" else (
                Text("未知的设置项", "unknown setting") if problem.kind == "extra" else Text("必填", "required"))
            diagnostics.add("TB003", Location(path, toml_line(text, problem.loc)), key=problem.key,
                            reason=reason, expected=problem.expected)
        return None


def _read_frame(path: Path, diagnostics: Diagnostics) -> pd.DataFrame | None:
    """All cells as text; the header is the first row."""
    try:
        if path.suffix.lower() == ".xlsx":
            return pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                           skipinitialspace=True)
    except UnicodeDecodeError as exc:
        diagnostics.add("ED004", Location(path), byte=exc.start)
    except Exception as exc:  # pandas raises many kinds; all mean "cannot read this file"
        diagnostics.add("TB004", Location(path), reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return None


def _typed_rows(frame: pd.DataFrame, columns: list[Column], path: Path, style: NumberStyle,
                diagnostics: Diagnostics) -> list[list[Cell]] | None:
    header = [str(c).strip() for c in frame.columns]
    names = [c.name for c in columns]
    ok = True
    for name in names:
        if name not in header:
            diagnostics.add("TB005", Location(path, row=1, column_name=name), column=name,
                            expected="，".join(names))
            ok = False
    for name in header:
        if name not in names:
            diagnostics.add("TB006", Location(path, row=1, column_name=name), column=name)
            ok = False
    if not ok:
        return None
    rows: list[list[Cell]] = []
    for index, record in enumerate(frame.itertuples(index=False), start=2):
        values = dict(zip(header, record))
        row = []
        for column in columns:
            raw = str(values[column.name]).strip()
            cell = parse_cell(raw, column, style)
            if cell is None:
                diagnostics.add("TB007", Location(path, row=index, column_name=column.name), value=raw,
                                type_name=_TYPE_NAMES[column.type], expected=_expected(column))
                cell = Cell(value=None, text=raw)
            row.append(cell)
        rows.append(row)
    return rows


def _expected(column: Column) -> Text:
    unit = column.unit or ""
    if column.type in ("number", "integer", "percent"):
        return Text(f"只填数字，不要带单位或文字{f'（单位“{unit}”已写在表结构中）' if unit else ''}。",
                    f"Type the number only, no unit or words{f' (the unit “{unit}” is in the schema)' if unit else ''}.")
    if column.type == "year":
        return Text("填四位年份，例如 2020。", "Type a four-digit year, e.g. 2020.")
    return Text("", "")


def parse_cell(raw: str, column: Column, style: NumberStyle) -> Cell | None:
    """A typed cell from its text, or ``None`` when the text does not fit the column type."""
    if raw == "":
        return Cell(value=None, text="")
    kind: Literal["string", "integer", "number", "year", "percent"] = column.type
    if kind == "string":
        return Cell(value=raw, text=raw)
    text = raw.replace(",", "").replace("，", "")
    if kind == "percent":
        text = text.removesuffix("%").removesuffix("％")
    try:
        number = float(text)
    except ValueError:
        return None
    if kind == "year":
        if not text.isdigit() or len(text) != 4:
            return None
        return Cell(value=int(text), text=text)
    if kind == "integer":
        if number != int(number):
            return None
        return Cell(value=int(number), text=format_number(int(number), 0, style))
    decimals = column.decimals if column.decimals is not None else _decimals_of(text)
    printed = format_number(number, decimals, style)
    return Cell(value=number, text=printed + ("%" if kind == "percent" else ""))


def _decimals_of(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def format_number(value: float, decimals: int, style: NumberStyle) -> str:
    """A number as the edition prints it: ``5,000`` or ``5000``, fixed decimals."""
    grouping = "," if style.grouping == "comma" else ""
    return f"{value:{grouping}.{decimals}f}"
