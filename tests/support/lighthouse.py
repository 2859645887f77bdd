"""Lighthouse on the web edition: Google's audit of a page (performance, accessibility, best practices, SEO).

Lighthouse is the npm package pinned in ``tests/browser/package-lock.json`` (installed by ``make
setup-test``), run as its command line with Debian's Chromium (``CHROME_PATH=/usr/bin/chromium``,
``--headless --no-sandbox``), on a page served over HTTP. :func:`audit` runs it once on one page,
as a phone (Lighthouse's mobile emulation: a 412 px screen, a slow network and processor) or as a
desktop, and returns each category's score and the audits that cost points.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.browser import ROOT, MissingTool

LIGHTHOUSE = ROOT / "tests" / "browser" / "node_modules" / ".bin" / "lighthouse"
"""The command installed by ``make setup-test`` (``npm ci`` in ``tests/browser/``)."""
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass(frozen=True)
class Audit:
    """One page's result: category → score (0–100), and the audits that lost points."""

    url: str
    form_factor: str
    scores: dict[str, int]
    failed: list[str]
    """``category: audit id (its score, what it says)`` for each weighted audit below a full score."""


def lighthouse_command() -> tuple[Path, str]:
    """Lighthouse's command and the Chromium it runs; :class:`MissingTool` when either is absent."""
    chromium = shutil.which("chromium")
    if not LIGHTHOUSE.is_file() or chromium is None:
        raise MissingTool(
            f"Lighthouse ({LIGHTHOUSE}) or chromium is not installed: run `make test`, which installs "
            "both (npm ci in tests/browser)"
        )
    return LIGHTHOUSE, chromium


def audit(url: str, form_factor: str = "mobile", categories: tuple[str, ...] = CATEGORIES) -> Audit:
    """Run Lighthouse once on ``url`` as a ``mobile`` or ``desktop`` visitor, for ``categories``."""
    command, chromium = lighthouse_command()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "report.json"
        arguments = [
            str(command),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage",
            f"--only-categories={','.join(categories)}",
        ]
        if form_factor == "desktop":
            arguments.append("--preset=desktop")
        done = subprocess.run(
            arguments,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "CHROME_PATH": chromium, "TMPDIR": folder},
        )
        if done.returncode != 0 or not report.is_file():
            raise RuntimeError(f"Lighthouse failed on {url}: {done.stderr[-2000:]}")
        result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(100 * (category["score"] or 0)) for name, category in result["categories"].items()}
    failed = []
    for name, category in result["categories"].items():
        for reference in category["auditRefs"]:
            found = result["audits"][reference["id"]]
            if reference["weight"] > 0 and found["score"] is not None and found["score"] < 1:
                said = found.get("displayValue") or found.get("title", "")
                failed.append(f"{name}: {reference['id']} ({found['score']:.2f}, {said})")
    return Audit(url, form_factor, scores, failed)
