"""Reader for data tables: ``data/<id>.csv`` or ``.xlsx`` plus the schema ``data/<id>.toml``.

The schema says what the table is (title, unit, source), what each column
holds, and which arithmetic the numbers must obey (sums, growth rates). Cells
are typed on reading, so a number typed with its unit (``71.8万``) is caught
here, located by spreadsheet row and column name. What people do with Excel is
expected: a GB18030/GBK export is read (and reported), a BOM does not break the
header, blank rows are skipped (and reported), merged cells are refused with
their place. How the files themselves are read (CSV, XLSX, and everything that
arrives instead) is :mod:`toolkit.readers.table_files`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from toolkit.config import NumberStyle
from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import Text
from toolkit.model import Cell, Column, ColumnType, DataTable, SourceRef, TableSchema, TableSettings
from toolkit.model.words import WORDS
from toolkit.readers.common import SchemaCodes, read_toml, report_schema, toml_place
from toolkit.readers.table_files import Grid, read_grid

DATA_SUFFIXES = (".csv", ".xlsx")


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
    stems = sorted(
        {
            p.stem
            for p in data_dir.iterdir()
            if p.suffix.lower() in DATA_SUFFIXES + (".toml",) and not p.name.startswith((".", "~$"))
        }
    )
    for stem in stems:
        table = _read_table(data_dir, stem, edition_dir, style, diagnostics)
        if table is not None:
            tables[stem] = table
    return tables


def _read_table(
    data_dir: Path, stem: str, edition_dir: Path, style: NumberStyle, diagnostics: Diagnostics
) -> DataTable | None:
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
    grid = read_grid(data_path, diagnostics)
    if schema is None or grid is None:
        return None
    rows = _typed_rows(grid, schema.columns, data_path, style, diagnostics)
    if rows is None:
        return None
    _mark_awaiting(rows, set(schema.awaiting))
    settings = {name: getattr(schema, name) for name in TableSettings.model_fields}
    return DataTable(
        **settings,
        id=stem,
        source_note=schema.source,
        rows=rows,
        row_numbers=[number for number, _ in grid.rows],
        source=SourceRef(path=data_path.relative_to(edition_dir).as_posix()),
    )


def _read_schema(path: Path, diagnostics: Diagnostics) -> TableSchema | None:
    parsed = read_toml(path, "TB002", diagnostics)
    if parsed is None:
        return None
    text, raw = parsed
    try:
        return TableSchema.model_validate(raw)
    except ValidationError as exc:
        report_schema(
            exc,
            TableSchema,
            SchemaCodes("TB003", "TB003", "TB003"),
            diagnostics,
            lambda problem: Location(path, *toml_place(text, problem.loc)),
        )
        return None


def _typed_rows(
    grid: Grid, columns: list[Column], path: Path, style: NumberStyle, diagnostics: Diagnostics
) -> list[list[Cell]] | None:
    positions = _header_positions(grid.header, columns, path, diagnostics)
    if positions is None:
        return None
    rows: list[list[Cell]] = []
    for number, record in grid.rows:
        row = []
        for column, at in zip(columns, positions):
            raw = record[at]
            printed = changed_in_print(raw) if column.type in ("number", "percent") else None
            if printed is not None:
                diagnostics.add(
                    "TB053",
                    Location(path, row=number, column_name=column.name),
                    value=raw,
                    digits=significant_digits(raw),
                    printed=printed,
                )
                row.append(Cell(value=None, text=raw))
                continue
            cell = parse_cell(raw, column, style)
            if cell is None:
                code = "TB038" if column.type != "string" and _non_finite(raw) else "TB007"
                diagnostics.add(
                    code,
                    Location(path, row=number, column_name=column.name),
                    value=raw,
                    type_name=_TYPE_NAMES[column.type],
                    expected=_expected(column),
                )
                cell = Cell(value=None, text=raw)
            row.append(cell)
        rows.append(row)
    return rows


def _header_positions(
    header: list[str], columns: list[Column], path: Path, diagnostics: Diagnostics
) -> list[int] | None:
    """Where each schema column stands in the header, or ``None`` (reported) when the two differ.

    Names are compared trimmed on both sides (the reader trims header cells; a schema may copy
    ``location `` with its space). A name that differs only by inner spaces or by full-width
    forms (``产量（吨）`` against ``产量(吨)``) is told as such, once, rather than as one column
    missing and another unknown.
    """
    names = [c.name.strip() for c in columns]
    known = set(names)
    first: dict[str, int] = {}
    repeated: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        if name in first:
            repeated.setdefault(name, [first[name]]).append(index)
        else:
            first[name] = index
    unknown = {name for name in first if name and name not in known}
    near = _near_names([n for n in names if n not in first], unknown)
    ok = True
    for name in names:
        if name in near:
            header_name = near[name]
            diagnostics.add(
                "TB052",
                Location(path, row=1, column_name=header_name),
                header=header_name,
                column=name,
                difference=_difference(header_name, name),
            )
            ok = False
        elif name not in first:
            diagnostics.add("TB005", Location(path, row=1, column_name=name), column=name, expected="，".join(names))
            ok = False
    told = set(near.values())
    for index, name in enumerate(header):
        if not name:
            diagnostics.add(
                "TB036",
                Location(path, row=1, column_name=get_column_letter(index + 1)),
                letter=get_column_letter(index + 1),
            )
            ok = False
        elif name not in known and first[name] == index and name not in told:
            diagnostics.add("TB006", Location(path, row=1, column_name=name), column=name)
            ok = False
    for name, places in repeated.items():
        if name:
            diagnostics.add(
                "TB037",
                Location(path, row=1, column_name=name),
                column=name,
                count=len(places),
                letters="、".join(get_column_letter(i + 1) for i in places),
            )
            ok = False
    return [first[name] for name in names] if ok else None


def _loose(name: str) -> str:
    """A column name without spaces and with full-width forms as half-width ones (NFKC)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _near_names(missing: list[str], unknown: set[str]) -> dict[str, str]:
    """Schema name → the one header name it matches but for spaces and full-width forms (when only one does)."""
    near: dict[str, str] = {}
    for name in missing:
        matches = [h for h in unknown if _loose(h) == _loose(name) and h not in near.values()]
        if len(matches) == 1:
            near[name] = matches[0]
    return near


def _difference(header_name: str, name: str) -> Text:
    if re.sub(r"\s+", "", header_name) == re.sub(r"\s+", "", name):
        return Text("空格", "spaces")
    return Text("全角与半角字符（如“（”与“(”、“Ａ”与“A”）", "full-width and half-width forms (such as “（” and “(”)")


def get_column_letter(number: int) -> str:
    """A spreadsheet column's letters: 1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _non_finite(raw: str) -> bool:
    """Whether the text reads as a number that is not finite: NaN, inf, 1e999."""
    text = raw.replace(",", "").replace("，", "").removesuffix("%").removesuffix("％")
    try:
        return not math.isfinite(float(text))
    except ValueError:
        return False


AWAITING = WORDS.awaiting
"""What the report prints in a cell whose data has not come yet."""


def _mark_awaiting(rows: list[list[Cell]], awaiting: set[str]) -> None:
    """Empty cells of the rows still awaiting data say so, in the report and to the checks."""
    for row in rows:
        if row and (str(row[0].value) if isinstance(row[0].value, int) else row[0].text) in awaiting:
            for index, cell in enumerate(row[1:], start=1):
                if cell.value is None and cell.text == "":
                    row[index] = Cell(value=None, text=AWAITING, awaiting=True)


def _expected(column: Column) -> Text:
    unit = column.unit or ""
    if column.type in ("number", "integer", "percent"):
        return Text(
            f"只填数字，不要带单位或文字{f'（单位“{unit}”已写在表结构中）' if unit else ''}。",
            f"Type the number only, no unit or words{f' (the unit “{unit}” is in the schema)' if unit else ''}.",
        )
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
    if not math.isfinite(number):
        return None  # NaN, inf, 1e999: reported as such by the reader
    if kind == "year":
        if not text.isdigit() or len(text) != 4:
            return None
        return Cell(value=int(text), text=text)
    if kind == "integer":
        try:
            exact = Decimal(text.strip())  # never through float: an 18-digit ID keeps its last digits
        except InvalidOperation:
            return None
        if exact != exact.to_integral_value():
            return None
        whole = int(exact)
        return Cell(value=whole, text=format_number(whole, 0, style))
    decimals = column.decimals if column.decimals is not None else decimals_of(text)
    printed = format_number(number, decimals, style)
    return Cell(value=number, text=printed + ("%" if kind == "percent" else ""))


MAX_DIGITS = 15
"""Significant digits any decimal keeps through a double; past them, some numbers print changed."""


def changed_in_print(raw: str) -> str | None:
    """What a ``number`` cell would print instead of ``raw``, when a double cannot hold it; else ``None``.

    Up to 15 significant digits always come back as typed. Past them it depends on the number:
    ``110101199003077777`` prints as ``110101199003077776``, while ``32.299076986939205`` (a
    program's shortest form of a double) prints as typed, so each one is tried.
    """
    if significant_digits(raw) <= MAX_DIGITS:
        return None
    text = raw.replace(",", "").replace("，", "").strip().removesuffix("%").removesuffix("％")
    try:
        number = float(text)
        typed = Decimal(text)
    except (ValueError, InvalidOperation):
        return None
    if not math.isfinite(number):
        return None
    printed = f"{number:.{max(0, -typed.as_tuple().exponent)}f}"  # type: ignore[operator]
    return None if Decimal(printed) == typed else printed


def significant_digits(raw: str) -> int:
    """How many significant digits a typed number has (``0.00123`` → 3, ``110101199003077777`` → 18);
    0 if not a number."""
    text = raw.replace(",", "").replace("，", "").strip().removesuffix("%").removesuffix("％").lstrip("+-")
    mantissa = re.split(r"[eE]", text, maxsplit=1)[0]
    if not re.fullmatch(r"\d*\.?\d*", mantissa) or not re.search(r"\d", mantissa):
        return 0
    digits = mantissa.replace(".", "").lstrip("0")
    if "." not in mantissa:
        digits = digits.rstrip("0")  # 1200000 holds 2 significant digits exactly, whatever its zeros
    return len(digits)


def decimals_of(text: str) -> int:
    """Decimal places as typed: ``12.50`` → 2; in exponent form, those of the number it writes
    (``6.1257422745431e-17`` → 30, so that printing it keeps every digit)."""
    text = text.replace(",", "").removesuffix("%")
    try:
        exponent = Decimal(text.strip()).as_tuple().exponent
    except InvalidOperation:
        return len(text.split(".", 1)[1]) if "." in text else 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value: float, decimals: int, style: NumberStyle) -> str:
    """A number as the edition prints it: ``5,000`` or ``5000``, fixed decimals."""
    grouping = "," if style.grouping == "comma" else ""
    if isinstance(value, int) and decimals == 0:
        return f"{value:{grouping}d}"  # exact: an int formatted with "f" would go through a float
    return f"{value:{grouping}.{decimals}f}"
