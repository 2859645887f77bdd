#!/usr/bin/env python3
"""How ``compile check`` grows with the size of a data table: 1×, 10×, 100× rows, and wide tables.

    .venv/bin/python bench/table_bench.py [--rows 1000] [--columns 1000] [--formats csv,xlsx] [--keep DIR]

For each size an edition is generated in a temporary folder (``editions/2021`` and the previous
``editions/2020``, so that the comparisons across editions run too): a table of N rows (a key
column, three numbers with units, a percentage, a ``[[sums]]`` rule), placed once and cited once
from a chapter, with a report's worth of sentences (``--sentences``, default 1,000) giving numbers
in the table's units; the rule that checks numbers in the text once looked at every row for
every sentence.
``compile check 2021`` then runs as a whole process, as an editor runs it (the best of
``--repeat`` runs), and the listing gives its time, the part of it after the toolkit's imports
(measured inside the process: the reading and checking), the part of that the table adds (above
the same edition without it), and the growth factor of the table's part from one size to the next:
near-linear checks grow about 10× for 10× the rows. Wide tables (N and 10×N
columns, a few rows) are checked the same way. Timings on a shared machine vary by 20% and more;
the start-up (interpreter and imports) is printed apart because it varies most.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MANIFEST = """\
title = "中国工业和信息化可持续发展报告"
year = {year}
edition_number = {number}
publisher = "测试编辑部"
date = {year}-11-30
chapters = ["chapters/01-data.md", "chapters/02-text.md"]
"""

LONG_SCHEMA = """\
title = "各地区工业生产情况"
unit = "万吨"

[[columns]]
name = "地区"
type = "string"

[[columns]]
name = "东部产量"
type = "number"
unit = "万吨"

[[columns]]
name = "西部产量"
type = "number"
unit = "万吨"

[[columns]]
name = "合计产量"
type = "number"
unit = "万吨"

[[columns]]
name = "增长率"
type = "percent"
min = -100
max = 1000

[[sums]]
total = "合计产量"
parts = ["东部产量", "西部产量"]
"""

SENTENCES = [  # they name rows of the table, as a report does; numbers in other units claim nothing
    "2020 年，{row}的规模以上企业达到 {value} 家，比上年增长 5.1%。",
    "{row}东部新建工厂 {value} 个，西部产量继续增长。",
    "全国工业增加值达到 313071 亿元，连续 11 年位居世界第一。",
    "截至 2020 年底，累计建成 5G 基站 71.8 万个，{row}的从业人员约 {value} 万人。",
]
CLAIM = "2020 年，{row}的合计产量为 {value} 万吨。"
"""One sentence in fifty gives a number in the table's unit: checked against the row it names."""

DIGITS = "〇一二三四五六七八九"


def row_name(index: int) -> str:
    """地区〇〇〇〇一二三: a Chinese name (no digits, so the typography checks stay quiet)."""
    return "地区" + "".join(DIGITS[int(d)] for d in f"{index:07d}")


def long_rows(count: int) -> list[list[object]]:
    """A header and ``count`` rows whose sums hold."""
    rows: list[list[object]] = [["地区", "东部产量", "西部产量", "合计产量", "增长率"]]
    for index in range(count):
        east, west = round(100 + index * 0.5, 1), round(50 + (index % 97) * 0.3, 1)
        rows.append([row_name(index), east, west, round(east + west, 1), round((index % 200) / 10 - 5, 1)])
    return rows


def wide_rows(columns: int, count: int = 5) -> list[list[object]]:
    header: list[object] = ["指标"] + [f"项目{row_name(i)[2:]}" for i in range(columns)]
    return [header] + [[f"指标{DIGITS[r]}"] + [round(r + i * 0.1, 1) for i in range(columns)] for r in range(count)]


def wide_schema(columns: int) -> str:
    text = 'title = "宽表"\nunit = "亿元"\n\n[[columns]]\nname = "指标"\ntype = "string"\n'
    for i in range(columns):
        text += f'\n[[columns]]\nname = "项目{row_name(i)[2:]}"\ntype = "number"\nunit = "亿元"\n'
    return text


def write_table(path: Path, rows: list[list[object]]) -> None:
    """``rows`` as CSV or XLSX (written as Excel writes it: with its dimension)."""
    if path.suffix == ".csv":
        path.write_text("\n".join(",".join(str(v) for v in row) for row in rows) + "\n", encoding="utf-8")
        return
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def chapters(folder: Path, table: str | None, rows: list[list[object]], sentences: int) -> None:
    """A chapter placing the table and citing one cell, and one of ``sentences`` sentences with numbers."""
    (folder / "chapters").mkdir(parents=True, exist_ok=True)
    body = "---\ntitle: 数据\n---\n\n本章给出数据表。\n"
    if table:
        body += f"\n::: table {table}\ncaption: 数据表\n:::\n\n第一行的数值为 [[{table}:{rows[1][0]}:{rows[0][1]}]]。\n"
    (folder / "chapters" / "01-data.md").write_text(body, encoding="utf-8")
    text = "---\ntitle: 正文\n---\n\n"
    for n in range(sentences):
        row = rows[1 + (n * 7919) % (len(rows) - 1)] if len(rows) > 1 else ["某地区", 0, 0, 0]
        template = CLAIM if n % 50 == 0 else SENTENCES[n % len(SENTENCES)]
        text += template.format(row=row[0], value=row[3] if n % 3 else 123.4) + "\n\n"
    (folder / "chapters" / "02-text.md").write_text(text, encoding="utf-8")


def make_root(root: Path, suffix: str, rows: list[list[object]] | None, schema: str, sentences: int = 1000) -> Path:
    """``root/editions/2020`` and ``2021``, each with the table (the previous one as printed then)."""
    for year, number in ((2020, 1), (2021, 2)):
        folder = root / "editions" / str(year)
        (folder / "data").mkdir(parents=True, exist_ok=True)
        (folder / "edition.toml").write_text(MANIFEST.format(year=year, number=number), encoding="utf-8")
        chapters(folder, "big" if rows else None, rows or [["地区"]], sentences)
        if rows:
            write_table(folder / "data" / f"big{suffix}", rows)
            (folder / "data" / "big.toml").write_text(schema, encoding="utf-8")
    return root


CHILD = """
import sys, time
started = time.perf_counter()
from toolkit.cli import main
loaded = time.perf_counter()
sys.argv = ["compile", *sys.argv[1:]]
try:
    main()
finally:
    sys.stderr.write(f"\\n@bench {loaded - started:.4f} {time.perf_counter() - loaded:.4f}\\n")
"""


@dataclass
class Timing:
    """One ``compile check`` run: the whole process, its start-up (imports) and its work after it."""

    total: float
    startup: float
    work: float
    exit_code: int


def timed_check(root: Path, repeat: int) -> Timing:
    """The best of ``repeat`` runs of ``compile check 2021`` as a whole process."""
    best: Timing | None = None
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, "check", "2021", "--root", str(root)], capture_output=True, cwd=ROOT
        )
        total = time.perf_counter() - started
        stderr = done.stderr.decode("utf-8", "replace")
        marks = [line.split() for line in stderr.splitlines() if line.startswith("@bench ")]
        if done.returncode not in (0, 1) or not marks:
            sys.stderr.write(done.stdout.decode("utf-8", "replace") + stderr)
        startup, work = (float(marks[-1][1]), float(marks[-1][2])) if marks else (0.0, total)
        timing = Timing(total, startup, work, done.returncode)
        if best is None or timing.work < best.work:
            best = timing
    assert best is not None
    return best


def series(
    work: Path, label: str, sizes: list[int], suffix: str, repeat: int, wide: bool, sentences: int, base: float
) -> None:
    """Each size of one kind of table; ``base``: the work of the same edition without the table."""
    previous: float | None = None
    for size in sizes:
        rows = wide_rows(size) if wide else long_rows(size)
        schema = wide_schema(size) if wide else LONG_SCHEMA
        root = make_root(work / f"{label}-{suffix.strip('.')}-{size}", suffix, rows, schema, sentences)
        timing = timed_check(root, repeat)
        table = max(timing.work - base, 1e-3)
        growth = f"×{table / previous:5.1f}" if previous else "      "
        unit = "columns" if wide else "rows"
        print(
            f"{suffix.strip('.'):>4} {size:>7} {unit:<7}  process {timing.total:6.2f} s  "
            f"start-up {timing.startup:5.2f} s  "
            f"reading and checking {timing.work:6.2f} s, of which the table {table:6.2f} s  growth {growth}  "
            f"exit {timing.exit_code}",
            flush=True,
        )
        previous = table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000, help="rows of the 1× table")
    parser.add_argument("--columns", type=int, default=1000, help="columns of the narrower wide table")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--repeat", type=int, default=2, help="runs per size; the fastest counts")
    parser.add_argument("--sentences", type=int, default=1000, help="sentences with numbers in the chapters")
    parser.add_argument("--keep", type=Path, default=None, help="generate into this folder and keep it")
    args = parser.parse_args()
    suffixes = [f".{f.strip()}" for f in args.formats.split(",") if f.strip()]
    with tempfile.TemporaryDirectory(prefix="table-bench-") as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        empty = timed_check(make_root(work / "empty", ".csv", None, "", args.sentences), args.repeat)
        print(
            f"an edition without the table: process {empty.total:.2f} s (start-up {empty.startup:.2f} s, "
            f"reading and checking {empty.work:.2f} s)",
            flush=True,
        )
        for suffix in suffixes:
            series(
                work,
                "long",
                [args.rows, args.rows * 10, args.rows * 100],
                suffix,
                args.repeat,
                False,
                args.sentences,
                empty.work,
            )
        for suffix in suffixes:
            series(
                work, "wide", [args.columns, args.columns * 10], suffix, args.repeat, True, args.sentences, empty.work
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
