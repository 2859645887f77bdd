"""Shared fixtures: each edition is compiled once per test session and inspected many times."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.support.reference import REFERENCE_DIR  # noqa: F401  (the published texts, for the tests)
from toolkit.build import BuildOptions, BuildResult, compile_edition
from toolkit.messages import STRICT
from toolkit.project import Project

# A message naming a value its caller did not give raises in the tests (and in the commands they run)
# instead of printing a blank (toolkit/messages.py).
os.environ[STRICT] = "1"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "editions"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def require_tool(name: str) -> str:
    """The path of a system tool the tests need; fail loudly (never skip) when absent."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: run `make test`, which installs it", pytrace=False)
    return path


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, as pdftotext reads it."""
    done = subprocess.run(
        [require_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8").split("\f")[:-1]


def docx_part(path: Path, part: str) -> etree._Element:
    """One XML part of a DOCX package, parsed."""
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


def libreoffice_convert(path: Path, out_dir: Path, target: str = "pdf") -> Path:
    """``path`` converted by LibreOffice (``pdf``, or ``docx`` to re-save as LibreOffice would)."""
    soffice = require_tool("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{out_dir}/profile",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(path),
        ],
        capture_output=True,
        timeout=300,
    )
    result = out_dir / f"{path.stem}.{target.split(':')[0]}"
    assert done.returncode == 0 and result.is_file(), done.stderr.decode("utf-8", "replace")
    return result


IN_THE_SUITE = {"formats": ("pdf", "docx"), "jobs": 1}
"""What the suite's builds make unless a test says otherwise: the PDF and the DOCX (the web edition has tests of its
own), laid out in the test's process (builds run side by side on 2 cores; tests/test_build_outputs.py tries pools)."""


def build(source: str | Path, out: Path, **options: object) -> BuildResult:
    """Compile an edition folder (a year under editions/ or a path) into ``out`` (:data:`IN_THE_SUITE`, unless
    ``options`` say otherwise)."""
    chosen = {**IN_THE_SUITE, "out_dir": out, **options}
    return compile_edition(Project.at(ROOT), str(source), BuildOptions(**chosen))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The tiny fixture edition, built once."""
    return build(FIXTURES / "minimal", tmp_path_factory.mktemp("minimal"))


@pytest.fixture(scope="session")
def minimal_pdf_pages(minimal: BuildResult) -> list[str]:
    return pdf_pages(minimal.outputs["pdf"])


@pytest.fixture(scope="session")
def edition_2021(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real 2021 edition, built once."""
    return build("2021", tmp_path_factory.mktemp("edition-2021"))


@pytest.fixture(scope="session")
def edition_2020(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real 2020 edition, built once."""
    return build("2020", tmp_path_factory.mktemp("edition-2020"))


@pytest.fixture(scope="session")
def all_elements(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The fixture holding one of every element, built once."""
    return build(FIXTURES / "all-elements", tmp_path_factory.mktemp("all-elements"))


@pytest.fixture(scope="session")
def all_elements_pages(all_elements: BuildResult) -> list[str]:
    return pdf_pages(all_elements.outputs["pdf"])


# --- one browser for the session's browser tests (the web edition's, the portal's) ---------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium (tests/support/browser.py), started once; a missing one fails the test, saying why."""
    from tests.support.browser import Browser, MissingTool

    try:
        session = Browser.start()
    except MissingTool as missing:
        pytest.fail(str(missing), pytrace=False)
    yield session
    session.close()


@pytest.fixture
def browser(chromium: Any) -> Any:
    """The session's Chromium on a blank page, its console read: what an earlier test's page still does
    (a preview's event stream retrying its stopped server) is not this test's error."""
    chromium.driver.get("about:blank")
    chromium.errors()
    return chromium


# --- golden files: `pytest --update-golden` rewrites tests/golden/ (see tests/test_golden.py) -------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from what the commands print now; review with `git diff tests/golden`",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites the golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))


# --- the quick loop: `pytest -m "not slow"` leaves out what compiles a real edition or takes seconds --------------

SLOW_FIXTURES = frozenset({"edition_2021", "edition_2020", "real_edition"})
"""Fixtures that compile a real edition. A test module adds its own slow fixtures in ``SLOW_FIXTURES``."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that uses a slow fixture, directly or through another fixture."""
    for item in items:
        slow = SLOW_FIXTURES | set(getattr(getattr(item, "module", None), "SLOW_FIXTURES", ()))
        if slow & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
