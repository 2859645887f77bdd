#!/usr/bin/env python3
"""Write a synthetic edition N times the size of a real one, for measuring how builds scale.

    .venv/bin/python bench/synthetic_edition.py editions/2021 /tmp/big/editions/2021 --times 10

The preface is kept once; every other chapter is repeated ``--times`` times, round after round
(chapters 01–08, then their copies -r2, -r3, ...). A copy renames everything that must be unique
in an edition: its chapter file, section ids, the ids of figures, columns, features and other
directives, the cases it places (``cases/<id>`` copied to ``cases/<id>-rK``, titles marked with
the round) and the data tables it takes numbers from (``data/<id>-rK.*``). Images are shared.
The output is the same for the same input (no randomness, no dates).

From ``editions/2021`` (51 pages, 24 cases), ``--times 10`` gives about 490 pages and 240 cases.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tomllib
from pathlib import Path

_DIRECTIVE_ID = re.compile(r"^:::\s*[a-z][a-z-]*\s+([A-Za-z0-9][\w-]*)\s*$", re.M)
_SECTION_ID = re.compile(r"\{#([\w-]+)\}")
_REFERENCE = re.compile(r"\[\[([\w-]+):")
_FRONT_ID = re.compile(r"^id:\s*([\w-]+)\s*$", re.M)
_TOKEN = re.compile(r"(?<![\w-])[A-Za-z0-9][\w-]*(?![\w-])")


def _ids(text: str) -> set[str]:
    """Every id a chapter defines or refers to (directives, sections, table references, its own)."""
    return {
        *_DIRECTIVE_ID.findall(text),
        *_SECTION_ID.findall(text),
        *_REFERENCE.findall(text),
        *_FRONT_ID.findall(text),
    }


def _renamed(text: str, ids: set[str], suffix: str) -> str:
    return _TOKEN.sub(lambda m: m.group(0) + suffix if m.group(0) in ids else m.group(0), text)


def _copy_case(source: Path, target: Path, round_: int) -> None:
    shutil.copytree(source, target)
    case = target / "case.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(
        re.sub(r"^title:\s*(.+)$", lambda m: f"title: {m.group(1)}（第 {round_} 组）", text, count=1, flags=re.M),
        encoding="utf-8",
    )


def _copy_table(data: Path, table: str, suffix: str) -> None:
    for path in sorted(data.glob(f"{table}.*")):
        target = data / f"{table}{suffix}{path.suffix}"
        if path.suffix == ".toml":
            text = re.sub(r"^previous\s*=.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(path, target)


def make(source: Path, target: Path, times: int) -> list[str]:
    """Write the synthetic edition; return its chapter list."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    manifest = tomllib.loads((source / "edition.toml").read_text(encoding="utf-8"))
    chapters: list[str] = manifest["chapters"]
    tables = {path.stem for path in (source / "data").glob("*.toml")}
    cases = {path.name for path in (source / "cases").iterdir() if path.is_dir()}
    order = [chapters[0], *chapters[1:]]
    for round_ in range(2, times + 1):
        suffix = f"-r{round_}"
        for chapter in chapters[1:]:
            text = (source / chapter).read_text(encoding="utf-8")
            ids = _ids(text)
            for case in sorted(ids & cases):
                _copy_case(source / "cases" / case, target / "cases" / f"{case}{suffix}", round_)
            for table in sorted(ids & tables):
                _copy_table(target / "data", table, suffix)
            name = Path(chapter).with_name(f"{Path(chapter).stem}{suffix}.md").as_posix()
            (target / name).write_text(_renamed(text, ids, suffix), encoding="utf-8")
            order.append(name)
    text = (target / "edition.toml").read_text(encoding="utf-8")
    listed = "chapters = [\n" + "".join(f'  "{name}",\n' for name in order) + "]"
    text = re.sub(r"^chapters\s*=\s*\[.*?\]", lambda m: listed, text, count=1, flags=re.M | re.S)
    (target / "edition.toml").write_text(text, encoding="utf-8")
    return order


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a real edition folder (editions/2021)")
    parser.add_argument("target", type=Path, help="where to write the synthetic one (a folder named as the year)")
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    order = make(args.source, args.target, args.times)
    cases = sum(1 for path in (args.target / "cases").iterdir() if path.is_dir())
    print(f"{args.target}: {len(order)} chapters, {cases} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
