"""One linter and formatter for the whole tree: ruff, configured in ``pyproject.toml``, run in check mode.

``make test`` (so CI) runs it through this test; ``make format`` rewrites the tree as ruff would have it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)
    if "No module named ruff" in done.stderr:
        pytest.fail("ruff is not installed: run `make test`, which installs the test extras", pytrace=False)
    return done


def test_the_tree_is_formatted_as_ruff_formats_it() -> None:
    done = _ruff("format", "--check", ".")
    assert done.returncode == 0, f"run `make format` (ruff format .):\n{done.stdout}{done.stderr}"


def test_ruff_finds_nothing_to_report() -> None:
    done = _ruff("check", "--output-format", "concise", ".")
    assert done.returncode == 0, f"{done.stdout}{done.stderr}"


def test_ruff_is_the_pinned_version() -> None:
    pinned = next(
        line
        for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith('"ruff==')
    )
    assert _ruff("--version").stdout.split()[1] in pinned  # a new ruff brings new rules: upgrade on purpose
