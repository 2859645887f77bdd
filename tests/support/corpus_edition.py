"""A tiny edition around one data file nobody here wrote: its only table, with a schema guessed from it.

Also the table tests' own tiny edition (:func:`table_edition`, a schema given column by column)
and what ``compile check`` and the reader say about it.

A manifest, a chapter that places the table and names its first row, and a schema whose columns
come from the file's header with their types guessed from the cells, as an editor would declare
them. ``tests/test_corpus_data.py`` runs ``compile check`` on such editions for a sample of files;
``bench/corpus_check.py`` on every file of a folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import ROOT
from toolkit.build import check_edition
from toolkit.diagnostics import Diagnostic, Diagnostics
from toolkit.project import Project
from toolkit.readers.table_files import Grid
from toolkit.readers.tables import read_grid

MANIFEST = """\
title = "中国工业和信息化可持续发展报告"
year = 2021
edition_number = 2
publisher = "测试编辑部"
date = 2021-11-30
chapters = ["chapters/01-data.md"]
"""

CHAPTER = """\
---
title: 数据
---

{sentence}

::: table {table}
caption: 来自其他项目的数据表
:::
"""


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def guess_type(values: list[str], first: bool) -> str:
    """The column type an editor would declare, from the cells: year, number or string."""
    filled = [v for v in values if v]
    if not filled:
        return "string"
    if (
        first
        and all(v.isdigit() and len(v) == 4 and 1900 <= int(v) <= 2100 for v in filled)
        and len(set(filled)) == len(filled)
    ):
        return "year"
    if first:
        return "string"
    try:
        [float(v.replace(",", "")) for v in filled]
    except ValueError:
        return "string"
    return "number"


def schema_for(data: Path) -> str:
    """A schema for the file as its header reads (a one-column stand-in if it cannot be read)."""
    grid = read_grid(data, Diagnostics())
    header = grid.header if grid is not None else []
    columns: list[tuple[int, str]] = []
    for index, name in enumerate(header):
        if name and name not in {n for _, n in columns}:
            columns.append((index, name))
    if not columns:
        return 'title = "数据"\n\n[[columns]]\nname = "项目"\ntype = "string"\n'
    rows = [cells for _, cells in grid.rows] if grid is not None else []
    text = 'title = "数据"\n'
    for position, (index, name) in enumerate(columns):
        values = [cells[index] if index < len(cells) else "" for cells in rows]
        text += f'\n[[columns]]\nname = {toml_string(name)}\ntype = "{guess_type(values, position == 0)}"\n'
        if any(not v for v in values):
            text += "optional = true\n"
    return text


def make_edition(data: Path, folder: Path, table: str = "data-table") -> Path:
    """A tiny edition in ``folder`` whose only data table is a copy of ``data``; returns the copy."""
    (folder / "chapters").mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    (folder / "edition.toml").write_text(MANIFEST, encoding="utf-8")
    copy = folder / "data" / f"{table}{data.suffix.lower()}"
    shutil.copyfile(data, copy)
    (folder / "data" / f"{table}.toml").write_text(schema_for(copy), encoding="utf-8")
    sentence = "本章给出一张数据表，2020 年共计 100 亿元。"
    (folder / "chapters" / "01-data.md").write_text(CHAPTER.format(sentence=sentence, table=table), encoding="utf-8")
    return copy


def table_edition(
    tmp_path: Path, data: bytes, suffix: str, columns: list[tuple[str, ...]], text: str = "", extra: str = ""
) -> Path:
    """A tiny edition whose table ``t`` is ``data`` with the schema ``columns`` (name, type[, options])."""
    folder = tmp_path / "edition"
    (folder / "chapters").mkdir(parents=True)
    (folder / "data").mkdir()
    (folder / "edition.toml").write_text(MANIFEST, encoding="utf-8")
    (folder / "chapters" / "01-data.md").write_text(
        f"---\ntitle: 数据\n---\n\n{text}\n\n::: table t\n:::\n", encoding="utf-8"
    )
    (folder / "data" / f"t{suffix}").write_bytes(data)
    schema = f'title = "数据"\n{extra}'
    for name, kind, *options in columns:
        schema += f'\n[[columns]]\nname = "{name}"\ntype = "{kind}"\n' + "".join(f"{o}\n" for o in options)
    (folder / "data" / "t.toml").write_text(schema, encoding="utf-8")
    return folder


def checked(folder: Path) -> list[Diagnostic]:
    """Every diagnostic ``compile check`` gives on the edition in ``folder`` (in this process)."""
    diagnostics = Diagnostics()
    check_edition(Project.at(ROOT), str(folder), diagnostics)
    return list(diagnostics)


def about_table(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None, int | None, str | None]]:
    """(code, line, row, column) of each diagnostic about the data file."""
    return [
        (d.code, d.location.line, d.location.row, d.location.column_name)
        for d in diagnostics
        if d.location.path is not None and d.location.path.stem == "t" and d.location.path.suffix != ".toml"
    ]


def grid_of(path: Path) -> tuple[Grid | None, list[Diagnostic]]:
    """A data file's cells as the reader gives them, and what it said about the file."""
    diagnostics = Diagnostics()
    return read_grid(path, diagnostics), list(diagnostics)


def changed_numbers(folder: Path, table: str = "data-table") -> list[str]:
    """Numeric cells the edition would print as another number than the file holds (``第 3 行 产量：A → B``).

    The reader's text of each cell (what the file says) against the model's printed text, compared
    as exact decimals: ``1e5`` and ``100000`` are the same number, ``110101199003077777`` and
    ``110101199003077776`` are not.
    """
    from decimal import Decimal, InvalidOperation

    from toolkit.readers import read_edition

    model = read_edition(folder, Diagnostics()).tables.get(table)
    if model is None:
        return []
    grid = read_grid(folder / model.source.path, Diagnostics())
    if grid is None:
        return []
    by_number = dict(grid.rows)
    positions = {name: index for index, name in reversed(list(enumerate(grid.header)))}

    def exact(text: str) -> Decimal | None:
        try:
            return Decimal(text.replace(",", "").replace("，", "").strip().rstrip("%％"))
        except InvalidOperation:
            return None

    changed: list[str] = []
    for number, row in zip(model.row_numbers, model.rows):
        for column, cell in zip(model.columns, row):
            at = positions.get(column.name.strip())
            if column.type == "string" or cell.value is None or at is None:
                continue
            raw = by_number[number][at]
            if exact(raw) != exact(cell.text):
                changed.append(f"第 {number} 行 {column.name}：{raw} → {cell.text}")
    return changed
