"""How much of a published edition's text an output holds, as :mod:`tests.support.seed_coverage` counts it."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from tests.support import seed_coverage

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
"""The published texts of both editions (``report-<year>.txt``), vendored from ../shared so that CI has them."""


def published_coverage(year: int | str, output: Path) -> float:
    """The share (%) of edition ``year``'s published lines found in ``output`` (a PDF, DOCX or text file)."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        seed_coverage.main([str(REFERENCE_DIR / f"report-{year}.txt"), str(output)])
    found = re.search(r"coverage: ([\d.]+)%", printed.getvalue())
    assert found is not None, printed.getvalue()
    return float(found.group(1))
