#!/usr/bin/env python3
"""Run ``compile check`` on data tables nobody here wrote, one tiny edition per file.

    .venv/bin/python bench/corpus_check.py [FOLDER] [--timeout 120] [--json out.json]

FOLDER (default ``../shared/corpus/data``, else ``tests/corpus/data``) holds CSV and XLSX files
from other projects' test suites. Each one becomes the only data table of a tiny edition (a
manifest, a chapter that places the table and names its first row, a schema whose columns come
from the file's header with their types guessed from the cells), and ``compile check`` runs on
it as a whole process, as an editor would run it. Each run is judged on what the toolkit
promises: exit 0 or 1 (never 70, the toolkit's own bug), no traceback, the file named in the
output, the input unchanged, and its time and number of lines. A summary by outcome and by
diagnostic code ends the listing. ``tests/test_corpus_data.py`` holds a sample of these files to
the same promises.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.diagnostics import Diagnostics  # noqa: E402
from toolkit.readers.tables import read_grid  # noqa: E402

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


@dataclass
class Outcome:
    """What one ``compile check`` did with one file."""

    file: str
    exit_code: int
    seconds: float
    lines: int
    codes: dict[str, int] = field(default_factory=dict)
    traceback: bool = False
    named: bool = False
    """The data file is named in the listing (when anything is said about it)."""
    unchanged: bool = True

    @property
    def kept_promises(self) -> bool:
        """Exit 0 or 1, no traceback, the file named when there is something to say, input unchanged."""
        return self.exit_code in (0, 1) and not self.traceback and self.unchanged and self.named


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def guess_type(values: list[str], first: bool) -> str:
    """The column type an editor would declare, from the cells: year, number or string."""
    filled = [v for v in values if v]
    if not filled:
        return "string"
    if first and all(v.isdigit() and len(v) == 4 and 1900 <= int(v) <= 2100 for v in filled) \
            and len(set(filled)) == len(filled):
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
        text += f"\n[[columns]]\nname = {toml_string(name)}\ntype = \"{guess_type(values, position == 0)}\"\n"
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


def digest(path: Path) -> str:
    """SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_one(data: Path, work: Path, timeout: float) -> Outcome:
    """``compile check`` on a tiny edition holding ``data``, in its own process (text, then JSON)."""
    folder = work / data.stem
    copy = make_edition(data, folder)
    before = digest(copy)
    command = [sys.executable, "-m", "toolkit.cli", "check", str(folder)]
    started = time.perf_counter()
    try:
        text = subprocess.run(command, capture_output=True, timeout=timeout, cwd=work)
    except subprocess.TimeoutExpired:
        return Outcome(data.name, -1, timeout, 0)
    seconds = time.perf_counter() - started
    shown = text.stdout.decode("utf-8", "replace") + text.stderr.decode("utf-8", "replace")
    codes: dict[str, int] = {}
    about = False
    listing = subprocess.run(command + ["--format", "json"], capture_output=True, timeout=timeout, cwd=work)
    try:
        for item in json.loads(listing.stdout.decode("utf-8"))["diagnostics"]:
            codes[item["code"]] = codes.get(item["code"], 0) + 1
            about = about or Path(item["location"].get("file", "")).stem == copy.stem
    except (ValueError, KeyError):
        codes["(no JSON)"] = 1
    return Outcome(data.name, text.returncode, seconds, shown.count("\n"), codes,
                   traceback="Traceback (most recent call last)" in shown, named=copy.name in shown or not about,
                   unchanged=digest(copy) == before and digest(data) == digest(copy))


def default_folder() -> Path:
    shared = ROOT.parent.parent / "shared" / "corpus" / "data"
    return shared if shared.is_dir() else ROOT / "tests" / "corpus" / "data"


def summarise(outcomes: list[Outcome]) -> str:
    """The listing's last part: outcomes, codes, slowest and longest runs."""
    by_exit = collections.Counter(o.exit_code for o in outcomes)
    files_by_code = collections.Counter(code for o in outcomes for code in o.codes)
    broken = [o for o in outcomes if not o.kept_promises]
    seconds = sorted(o.seconds for o in outcomes)
    lines = [f"{len(outcomes)} files: " + ", ".join(f"exit {k}: {v}" for k, v in sorted(by_exit.items())),
             f"promises kept: {len(outcomes) - len(broken)}; broken: "
             + (", ".join(f"{o.file} (exit {o.exit_code}{', traceback' if o.traceback else ''}"
                          f"{', not named' if not o.named else ''}{', changed' if not o.unchanged else ''})"
                          for o in broken) or "none"),
             f"time per file: median {seconds[len(seconds) // 2]:.2f} s, max {seconds[-1]:.2f} s, "
             f"total {sum(seconds):.1f} s",
             f"output lines: max {max(o.lines for o in outcomes)} ({max(outcomes, key=lambda o: o.lines).file})",
             "files per code: " + ", ".join(f"{code} {n}" for code, n in sorted(files_by_code.items()))]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--json", type=Path, default=None, help="also write every outcome to this file")
    args = parser.parse_args()
    folder: Path = args.folder or default_folder()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="corpus-check-") as work:
        for data in files:
            outcome = check_one(data, Path(work), args.timeout)
            outcomes.append(outcome)
            codes = " ".join(f"{c}×{n}" if n > 1 else c for c, n in sorted(outcome.codes.items())) or "-"
            mark = "ok " if outcome.kept_promises else "BAD"
            print(f"{mark} exit {outcome.exit_code:>2} {outcome.seconds:6.2f} s {outcome.lines:>6} lines  "
                  f"{data.name}: {codes}", flush=True)
    print()
    print(summarise(outcomes))
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(o.kept_promises for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
