"""Data tables nobody here wrote: ``compile check`` keeps its promises on each of them.

``tests/corpus/data/`` holds a sample of other projects' test files (apache/poi, frictionless-py,
calamine, excelize, hutool;
``tests/corpus/data/ORIGINS.tsv``) chosen to cover every way a data file went wrong when the toolkit
met 700 such files; the big and hostile ones are generated (``tests/corpus/generated.py``).
Each becomes the only table of a tiny edition (``tests/support/corpus_edition.py`` makes it;
``bench/corpus_check.py`` runs the same over the whole shared corpus) and ``compile check`` runs
on it: exit 0 or 1 (never 70), no traceback or library message, the data file named, the input
unchanged, and bounded time and output. What each file must be told is pinned in ``EXPECTED``.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tests.corpus import generated
from tests.support.corpus_edition import make_edition
from toolkit.cli import cli

CORPUS = ROOT / "tests" / "corpus" / "data"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx"))
TABLE = "data-table"
pytestmark = pytest.mark.slow  # the corpus run, big generated files among it

# Words of library exceptions that once reached the screen; none may appear again.
LEAKS = (
    "Traceback",
    "Error",
    "error:",
    "list index",
    "zip file",
    "unexpected keyword",
    "tokenizing",
    "has no attribute",
    "codec",
    "Expected ",
    "limit on input",
)

# The codes each file must get about its data file (and no others), with what the file is.
EXPECTED: dict[str, set[str]] = {
    "frictionless-py__issue-1009-semicolon.csv": {"TB034"},  # semicolons
    "frictionless-py__table.csv": {"TB034"},  # tabs
    "frictionless-py__defective-rows.csv": {"TB033"},  # a row with one value too many
    "frictionless-py__capital-invalid.csv": {"TB033", "TB037"},  # and “name” twice in its header
    "frictionless-py__matrix-with-comment.csv": {"TB051"},  # a comment line above the header, told as one
    "frictionless-py__skip-rows-before-headers.csv": {"TB051"},
    "frictionless-py__latin1.csv": {"TB031"},
    "frictionless-py__table-infer-iso-8859-7.csv": {"TB031"},  # Greek
    "frictionless-py__table-with-accents.csv": {"TB031"},  # Windows-1252, once misread as GB18030
    "frictionless-py__empty.csv": {"TB030"},
    "frictionless-py__blank-headers.csv": {"TB036"},
    "frictionless-py__duplicate-headers.csv": {"TB037"},
    "frictionless-py__escaping.csv": {"TB035"},  # \" is not how CSV escapes a quote
    "poi__protected_passtika.xlsx": {"TB039"},
    "poi__58616.xlsx": {"TB039"},
    "poi__poc-xmlbomb.xlsx": {"TB041"},
    "poi__poc-xmlbomb-empty.xlsx": {"TB041"},
    "poi__picture.xlsx": {"TB044"},  # styles openpyxl does not know: values read all the same
    "poi__48779.xlsx": {"TB045"},
    "poi__commentTest.xlsx": {"TB048"},  # nothing in row 1
    "poi__SimpleStrict.xlsx": {"TB036"},  # Strict OOXML, read: its header leaves column B blank
    "poi__sample_strict.xlsx": set(),
    "frictionless-py__merged-cells.xlsx": {"TB019"},
    "frictionless-py__multiline-headers.xlsx": {"TB019"},
    # round two (issue 21): read as Excel reads them, or told for what they are
    "calamine__minimal_package.xlsx": {"TB019"},  # the workbook at the root, found through _rels/.rels: read
    "calamine__has_x000D_.xlsx": set(),  # _x000D_ escapes decoded
    "calamine__has_x000D_inline.xlsx": set(),
    "excelize__CalcChain.xlsx": set(),  # xl/SharedStrings.xml referred to as sharedStrings.xml: one part
    "hutool__aaa.xlsx": set(),  # undamaged here; tests/test_foreign_files.py damages it
    "hutool__test_lines.csv": {"TB051"},  # comment lines, once told as full-width commas
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(folder: Path, *options: str) -> tuple[int, str, float]:
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["check", str(folder), *options], catch_exceptions=False)
    return result.exit_code, result.output, time.perf_counter() - started


def codes_about(folder: Path) -> list[str]:
    """The codes ``compile check --format json`` gives about the data file and its schema."""
    _, output, _ = check(folder, "--format", "json")
    return [d["code"] for d in json.loads(output)["diagnostics"] if Path(d["location"].get("file", "")).stem == TABLE]


def assert_promises_kept(data: Path, folder: Path, copy: Path, seconds: float, max_lines: int) -> None:
    before = sha256(copy)
    code, output, elapsed = check(folder)
    assert code in (0, 1), output
    for leak in LEAKS:
        assert leak not in output, (leak, output)
    if codes_about(folder):
        assert copy.name in output, output
    assert sha256(copy) == before == sha256(data)
    assert elapsed < seconds, f"{elapsed:.1f} s"
    assert output.count("\n") <= max_lines, output[:2000]


@pytest.mark.parametrize("data", FILES, ids=[p.name for p in FILES])
def test_a_table_nobody_here_wrote_gets_a_checked_answer(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "edition"
    copy = make_edition(data, folder, TABLE)
    assert_promises_kept(data, folder, copy, seconds=30, max_lines=150)
    if data.name in EXPECTED:
        assert set(codes_about(folder)) - {"TB011", "TB020", "TB046"} == EXPECTED[data.name]


def test_the_sample_covers_every_class_of_file_and_stays_small() -> None:
    assert len(FILES) == 57  # the rows of ORIGINS.tsv below, so that all() over them means something
    assert sum(p.stat().st_size for p in FILES) <= 2 * 1024 * 1024
    assert set(EXPECTED) <= {p.name for p in FILES}
    listed = (ROOT / "tests" / "corpus" / "data" / "ORIGINS.tsv").read_text(encoding="utf-8").splitlines()
    assert listed[0].split("\t") == ["file", "repository", "commit", "path", "licence"]
    rows = [line.split("\t") for line in listed[1:]]
    assert sorted(r[0] for r in rows) == [p.name for p in FILES]
    assert {r[4] for r in rows} <= {"Apache-2.0", "MIT", "BSD-3-Clause", "MulanPSL-2.0"}
    assert all(len(r[2]) == 40 for r in rows)


GENERATED = {
    "merged-2000.xlsx": lambda: generated.merged_cells_workbook(2_000),
    "wide-10000.csv": lambda: generated.wide_csv(10_000),
    "long-20000.csv": lambda: generated.long_csv(20_000),
    "strict.xlsx": lambda: generated.to_strict(generated.workbook([["年份", "产量"], [2019, 10], [2020, 12]])),
    "encrypted.xlsx": generated.encrypted_workbook,
    "old.xlsx": generated.old_xls,
    "swollen.xlsx": generated.swollen_workbook,
}


@pytest.mark.parametrize("name", GENERATED)
def test_big_and_hostile_files_are_checked_as_promised(name: str, tmp_path: Path) -> None:
    data = tmp_path / name
    data.write_bytes(GENERATED[name]())
    folder = tmp_path / "edition"
    copy = make_edition(data, folder, TABLE)
    lines = 2 * 2_000 + 50 if name.startswith("merged") else 150  # one TB019 per range: see test_table_files
    assert_promises_kept(data, folder, copy, seconds=120, max_lines=lines)
