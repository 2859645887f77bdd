"""Golden files: what ``compile text`` and ``compile check`` print for each edition, byte for byte.

For every fixture edition under ``tests/fixtures/editions/`` and the real editions, ``tests/golden/<name>/``
holds what the commands print (the builds are deterministic):

- ``text.txt``: ``compile text`` (the report's text in reading order), ``text.stderr.txt`` its errors;
- ``check.json``: ``compile check --format json``;
- ``check.txt`` and ``check.en.txt``: the listing people read, in Chinese and in English;
- ``feedback/*.html``: the feedback letters ``check`` writes (to a temporary ``--out``);
- ``exit-codes.json``: each command's exit code;
- for the fixtures of :data:`RENDERED` (``all-elements``: one of every element), what the renderers make of the
  model, both pure functions of it: ``pdf.html``, the HTML WeasyPrint lays out, and ``web/<page>``, every page
  of the web edition. A change of a template, a writer's helper or a model property shows here as a diff to
  review, where a count of blocks or styles would only say that something changed.

Paths are written relative to placeholders: ``<root>`` for the repository, ``<out>`` for the temporary
output folder. Fixtures without a date in their manifest are dated by ``SOURCE_DATE_EPOCH``.

After an intended change of output, regenerate and review::

    .venv/bin/pytest tests/test_golden.py --update-golden
    git diff tests/golden/
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURES, ROOT
from toolkit.check import check_edition
from toolkit.cli import cli
from toolkit.diagnostics import Diagnostics
from toolkit.project import PACKAGE_TEMPLATES, Project
from toolkit.render.html import render_html
from toolkit.render.web import render_site

GOLDEN = ROOT / "tests" / "golden"
EPOCH = "1638230400"  # 2021-11-30, the date of the fixtures that have one
COLUMNS = "100"
COMMANDS: dict[str, list[str]] = {
    "text.txt": ["text"],
    "check.json": ["check", "--format", "json"],
    "check.txt": ["check"],
    "check.en.txt": ["check", "--lang", "en"],
}
"""The commands compared, by the golden file holding what they print (``EDITION --root ROOT`` after the first word)."""
FIXTURE_EDITIONS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
RENDERED = frozenset({"all-elements"})
"""Fixtures whose PDF HTML and web pages are golden too (see the module's docstring)."""
REAL_EDITIONS = ["2020", "2021"]


def normalised(output: str, out: Path) -> str:
    """``output`` with the machine's folders replaced by placeholders."""
    return output.replace(str(out), "<out>").replace(str(ROOT), "<root>")


def run(edition: str, name: str, out: Path) -> tuple[dict[str, str], int]:
    """What the command of golden file ``name`` prints on ``edition`` (standard error apart), and its exit code."""
    first, *options = COMMANDS[name]
    args = [first, edition, "--root", str(ROOT), *options] + (["--out", str(out)] if first == "check" else [])
    result = CliRunner(env={"COLUMNS": COLUMNS, "SOURCE_DATE_EPOCH": EPOCH}).invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    printed = {name: normalised(result.stdout, out)}
    if result.stderr:
        printed[name.rsplit(".", 1)[0] + ".stderr.txt"] = normalised(result.stderr, out)
    return printed, result.exit_code


def outputs(edition: str, out: Path) -> dict[str, str]:
    """Every golden file of ``edition``: the commands' outputs, the letters, the exit codes."""
    files: dict[str, str] = {}
    codes: dict[str, int] = {}
    for name in COMMANDS:
        printed, codes[name] = run(edition, name, out / name)
        files.update(printed)
    for letter in sorted((out / "check.json" / "feedback").glob("*.html")):
        files[f"feedback/{letter.name}"] = normalised(letter.read_bytes().decode("utf-8"), out / "check.json")
    files["exit-codes.json"] = json.dumps(codes, indent=2) + "\n"
    if Path(edition).name in RENDERED:
        files.update(rendered(edition))
    return files


def rendered(edition: str) -> dict[str, str]:
    """The PDF's HTML and the web edition's pages of ``edition``, as the renderers make them from its model."""
    diagnostics = Diagnostics()
    model = check_edition(Project.at(ROOT), edition, diagnostics)
    assert model is not None and not diagnostics.has_errors(), diagnostics.codes()
    site = render_site(model, PACKAGE_TEMPLATES)
    pages = {f"web/{path}": data.decode("utf-8") for path, data in sorted(site.items()) if path.endswith(".html")}
    return {"pdf.html": render_html(model, PACKAGE_TEMPLATES), **pages}


def stored(folder: Path) -> dict[str, str]:
    """The golden files of one edition, as bytes decoded (no newline translation)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes().decode("utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write(folder: Path, files: dict[str, str]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content.encode("utf-8"))


def compare(name: str, edition: str, tmp_path: Path, update: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # listings show paths relative to the current folder, as from the project folder
    folder = GOLDEN / name
    now = outputs(edition, tmp_path.resolve())
    if update:
        write(folder, now)
    assert folder.is_dir(), f"no golden files for {name}: run `pytest tests/test_golden.py --update-golden`"
    before = stored(folder)
    assert sorted(now) == sorted(before), "files differ; after an intended change: pytest --update-golden"
    differing = [file for file in now if now[file] != before[file]]
    if differing:  # the first difference in full, so that pytest shows it line by line
        first = differing[0]
        message = f"{name}: {', '.join(differing)} changed; after an intended change: pytest --update-golden"
        assert now[first].splitlines() == before[first].splitlines(), message
        assert now[first] == before[first], message


@pytest.mark.parametrize("fixture", FIXTURE_EDITIONS)
def test_fixture_outputs_are_the_golden_ones(
    fixture: str, tmp_path: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    compare(fixture, str(FIXTURES / fixture), tmp_path, update_golden, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize("year", REAL_EDITIONS)
def test_real_edition_outputs_are_the_golden_ones(
    year: str, tmp_path: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    compare(year, year, tmp_path, update_golden, monkeypatch)


def test_every_golden_folder_belongs_to_an_edition() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(FIXTURE_EDITIONS + REAL_EDITIONS)
