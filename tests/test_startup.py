"""Start-up: each command imports only what it uses, and none runs ldconfig or gcc to find a library.

Each check runs a fresh interpreter (as a user runs the command) and looks at what it loaded:
``sys.modules`` after the command, and every call to :func:`ctypes.util.find_library`, which on
Linux runs ``ldconfig -p`` and ``gcc`` (WeasyPrint's library loading used to call it 13 times).
Timings are the benchmark's business (``bench/speed_bench.py`` times ``compile --help`` and
``compile cases`` against a bare import), not the tests'.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

HEAVY = (
    "weasyprint",
    "matplotlib",
    "pandas",
    "numpy",
    "pypinyin",
    "docx",
    "openpyxl",
    "lxml",
    "PIL",
    "pypdf",
    "pydantic",
    "toolkit.model",
    "toolkit.config",
    "toolkit.render",
    "toolkit.readers",
    "toolkit.validation",
)
"""Modules that ``compile --help`` and ``compile cases`` have no use for (each costs start-up time)."""

RENDERERS = (
    "weasyprint",
    "matplotlib",
    "pypinyin",
    "docx",
    "pypdf",
    "toolkit.render.book",
    "toolkit.render.docx",
    "toolkit.render.html",
    "toolkit.render.charts",
)
"""What checking an edition has no use for: the PDF and DOCX renderers and the ingestion of cases."""

_PROBE = """
import ctypes.util, json, sys
searched = []
search = ctypes.util.find_library
ctypes.util.find_library = lambda name: searched.append(name) or search(name)
sys.argv = ["compile", *json.loads(sys.argv[1])]
import toolkit.cli
code = 0
try:
    toolkit.cli.main()
except SystemExit as exit_:
    code = exit_.code
print("\\n@@" + json.dumps({"code": code, "modules": sorted(sys.modules), "searched": searched}))
"""


def _command(*args: str, cwd: Path = ROOT) -> dict:
    """Run ``compile ARGS`` in a fresh interpreter; its exit code, modules loaded and library searches."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args))], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert "@@" in done.stdout, done.stderr[-3000:]
    return json.loads(done.stdout.rsplit("@@", 1)[1])


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == name or m.startswith(name + ".") for name in names)]


def test_importing_the_cli_imports_no_renderer_model_or_reader() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys, toolkit.cli; print(json.dumps(sorted(sys.modules)))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    modules = json.loads(done.stdout)
    assert "toolkit.cli" in modules and "click" in modules
    assert _loaded(modules, HEAVY) == []


def test_help_and_cases_load_no_model_reader_or_renderer() -> None:
    helped = _command("--help")
    assert helped["code"] == 0
    assert _loaded(helped["modules"], HEAVY) == []
    listed = _command("cases", "2021")
    assert listed["code"] == 0 and "toolkit.submissions.register" in listed["modules"]
    assert _loaded(listed["modules"], HEAVY) == []


def test_check_loads_no_renderer() -> None:
    checked = _command("check", "2021", "--format", "json")
    assert checked["code"] == 0 and "toolkit.validation" in checked["modules"]
    assert _loaded(checked["modules"], RENDERERS) == []


@pytest.mark.slow  # four fresh interpreters, one of them building an edition
def test_no_command_searches_for_libraries(tmp_path: Path) -> None:
    """find_library runs ldconfig and gcc: not on start-up, not in a build (toolkit/render/weasy.py)."""
    edition = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", edition)
    rejected = tmp_path / "空文件.docx"
    rejected.write_bytes(b"")
    out = str(tmp_path / "out")
    runs = {
        "--help": _command("--help"),
        "check": _command("check", str(edition), "--out", out),
        "ingest": _command("ingest", str(edition), str(rejected)),
        "edition": _command("edition", str(edition), "--jobs", "1", "--format", "pdf", "--out", out),
    }
    assert runs["edition"]["code"] == 0 and "weasyprint" in runs["edition"]["modules"]
    assert {name: run["searched"] for name, run in runs.items()} == {name: [] for name in runs}


def test_weasyprint_is_imported_only_through_the_module_that_stops_library_searches() -> None:
    """A layout process imports what its parts need on its own: every import of WeasyPrint must go through weasy.py."""
    offenders = []
    for path in sorted((ROOT / "toolkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name.split(".")[0] == "weasyprint" for name in names) and path.name != "weasy.py":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
