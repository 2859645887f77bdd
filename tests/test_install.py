"""The package installs anywhere: a wheel or ``pip install .`` in a fresh virtual environment gives a
``compile`` command that builds ``editions/2021`` from any folder, with the templates it ships.

The slow tests build the wheel from a copy of this checkout, install it with its dependencies into
a new virtual environment (no system site-packages, pip's index as this machine has it), delete
the copy, and run ``compile`` from an unrelated folder on a copy of ``editions/`` alone: nothing
may come from a checkout. The quick ones keep ``pyproject.toml`` in step with ``toolkit/`` and
``templates/``, so that a package or a template added later is installed too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, docx_part, pdf_pages

TITLE = "中国工业和信息化可持续发展报告"
NOT_SOURCES = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache")
"""What a copy of the checkout leaves out: environments, outputs and caches, none of them sources."""


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (caches left out), by its path relative to it."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


# --- pyproject.toml in step with the folders --------------------------------------------------------


def test_every_toolkit_package_is_listed_for_installation() -> None:
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "toolkit").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert "toolkit.render" in found
    missing = found - set(_setuptools()["packages"])
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"


def test_every_template_is_package_data_of_the_templates_package() -> None:
    setuptools = _setuptools()
    assert "toolkit.templates" in setuptools["packages"]
    assert setuptools["package-dir"]["toolkit.templates"] == "templates"
    templates = ROOT / "templates"
    shipped = {
        p.relative_to(templates).as_posix()
        for pattern in setuptools["package-data"]["toolkit.templates"]
        for p in templates.glob(pattern)
    }
    every = set(_files(templates)) - {"__init__.py"}
    assert {"docx/reference.docx", "feedback/letter.html", "pdf/report.css", "pdf/blocks/case.html"} <= every
    assert every - shipped == set(), "add their kind to [tool.setuptools.package-data] in pyproject.toml"


# --- a fresh virtual environment ------------------------------------------------------------------


@dataclass
class Environment:
    """A virtual environment of its own, and a folder unrelated to any checkout to run commands in."""

    folder: Path
    elsewhere: Path

    def run(self, program: str, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """``program`` of this environment's ``bin/`` with ``args``; neither this checkout nor its settings leak in."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "TOOLKIT_TEMPLATES")}
        return subprocess.run(
            [str(self.folder / "bin" / program), *map(str, args)],
            cwd=cwd or self.elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    def pip(self, *args: str | Path, cwd: Path | None = None) -> None:
        done = self.run("python", "-m", "pip", "install", "--quiet", *args, cwd=cwd)
        assert done.returncode == 0, done.stderr[-3000:]

    def installed(self) -> tuple[Path, Path]:
        """Where ``toolkit`` is imported from, and the templates it finds."""
        done = self.run(
            "python", "-c", "import toolkit, toolkit.project as p; print(toolkit.__file__); print(p.PACKAGE_TEMPLATES)"
        )
        assert done.returncode == 0, done.stderr[-3000:]
        package, templates = done.stdout.splitlines()
        return Path(package).parent, Path(templates)


def _copy_of_checkout(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=NOT_SOURCES)
    return target


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> Environment:
    """A fresh virtual environment holding the wheel built from (a copy of) this checkout and its dependencies."""
    work = tmp_path_factory.mktemp("install")
    source = _copy_of_checkout(work / "source")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "wheels"), str(source)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = (work / "wheels").glob("report_toolkit-*.whl")
    shutil.rmtree(source)
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True, timeout=300)
    environment = Environment(work / "venv", work / "elsewhere")
    environment.elsewhere.mkdir()
    environment.pip(wheel)
    return environment


def _project(folder: Path) -> Path:
    """A project root holding a copy of ``editions/`` and nothing else of the checkout."""
    shutil.copytree(ROOT / "editions", folder / "editions")
    return folder


def _assert_builds_2021(environment: Environment, root: Path, out: Path) -> None:
    built = environment.run("compile", "edition", "2021", "--root", root, "--out", out)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    [pdf] = out.glob("*.pdf")
    [docx] = out.glob("*.docx")
    assert pdf.name == docx.with_suffix(".pdf").name == f"{TITLE}2021.pdf"
    assert TITLE in "".join(pdf_pages(pdf)[0].split())
    assert TITLE in "".join(docx_part(docx, "word/document.xml").itertext())


@pytest.mark.slow
def test_the_wheel_installs_in_a_fresh_environment_and_compiles_from_any_folder(
    environment: Environment, tmp_path: Path
) -> None:
    package, templates = environment.installed()
    assert package.is_relative_to(environment.folder) and templates == package / "templates"
    assert _files(templates) == _files(ROOT / "templates")

    helped = environment.run("compile", "--help")
    assert helped.returncode == 0 and "edition" in helped.stdout and "check" in helped.stdout
    root = _project(tmp_path / "project")
    checked = environment.run("compile", "check", "2021", "--root", root)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    letters = sorted((root / "build" / "2021" / "feedback").iterdir())
    assert letters and all(TITLE in p.read_text(encoding="utf-8") for p in letters)  # the letter template
    blank = environment.run(
        "compile", "case-template", "--edition", "2021", "--root", root, "-o", tmp_path / "template.docx"
    )
    assert blank.returncode == 0, blank.stdout[-3000:] + blank.stderr[-3000:]
    assert "案例标题" in "".join(docx_part(tmp_path / "template.docx", "word/document.xml").itertext())
    _assert_builds_2021(environment, root, tmp_path / "out")


@pytest.mark.slow
def test_pip_install_of_the_folder_is_not_editable_and_compiles_too(environment: Environment, tmp_path: Path) -> None:
    source = _copy_of_checkout(tmp_path / "source")
    removed = environment.run("python", "-m", "pip", "uninstall", "--yes", "report-toolkit")
    assert removed.returncode == 0, removed.stderr
    environment.pip(".", cwd=source)  # the dependencies are there already: only the package is built
    shutil.rmtree(source)
    package, templates = environment.installed()
    assert package.is_relative_to(environment.folder) and templates == package / "templates"
    _assert_builds_2021(environment, _project(tmp_path / "project"), tmp_path / "out")
