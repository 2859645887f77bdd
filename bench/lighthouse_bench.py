#!/usr/bin/env python3
"""Lighthouse on every page of the web edition, as a phone and as a desktop.

    .venv/bin/python bench/lighthouse_bench.py [--year 2021] [--site FOLDER] [--pages index.html,...]

Builds the web edition of YEAR as a user does (``compile edition YEAR --format html`` into a
temporary folder), or takes a site already built (``--site``), serves it on 127.0.0.1 (the tests'
server, ``tests/support/browser.py``) and runs Lighthouse (``tests/support/lighthouse.py``: the npm
package pinned in ``tests/browser/package-lock.json``, with Debian's Chromium) on the front page,
every chapter and the case index, mobile then desktop, all four categories. Prints one line per
page (scores, seconds, the audits that lost points) and the lowest score of each category, against
the targets: 100 for accessibility and SEO, at least 95 for performance and best practices.
Exits 1 when a target is missed.

``--runs N`` runs Lighthouse N times on each page and keeps each category's median, as Lighthouse's
own advice on variability has it: its performance score moves with the load of the machine
(its phone is emulated by slowing the processor down), the other categories do not.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import SiteServer  # noqa: E402
from tests.support.lighthouse import CATEGORIES, Audit, audit  # noqa: E402

TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}


def build(year: str, out: Path) -> Path:
    """The web edition of ``year``, built by the ``compile`` command into ``out``."""
    compile_command = Path(sys.executable).with_name("compile")
    subprocess.run(
        [str(compile_command), "edition", year, "--format", "html", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out / "html"


def site_pages(site: Path) -> list[str]:
    """The site's pages (its search bundle aside): the front page first, then in name order."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts)
    return sorted(pages, key=lambda page: (page != "index.html", page.startswith("case-index"), page))


def median(runs: list[Audit]) -> Audit:
    """Each category's median score over the runs of one page; the audits that lost points in the median run."""
    scores = {category: int(statistics.median(run.scores.get(category, 0) for run in runs)) for category in CATEGORIES}
    middle = sorted(runs, key=lambda run: run.scores.get("performance", 0))[len(runs) // 2]
    return Audit(middle.url, middle.form_factor, scores, middle.failed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", default="2021")
    parser.add_argument("--site", type=Path, help="a site already built (default: build --year's)")
    parser.add_argument("--pages", help="comma-separated pages of the site (default: every page)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page, the median kept (default: 1)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lighthouse-bench-") as folder:
        site = options.site or build(options.year, Path(folder))
        pages = options.pages.split(",") if options.pages else site_pages(site)
        server = SiteServer(site)
        results: list[Audit] = []
        try:
            for form_factor in ("mobile", "desktop"):
                for page in pages:
                    start = time.monotonic()
                    runs = [audit(server.url + page, form_factor) for _ in range(options.runs)]
                    result = median(runs)
                    results.append(result)
                    scores = " ".join(f"{result.scores.get(c, 0):3d}" for c in CATEGORIES)
                    seconds = (time.monotonic() - start) / options.runs
                    print(f"{form_factor:7s} {page:40s} {scores}  {seconds:5.1f} s", flush=True)
                    for failed in result.failed:
                        print(f"        {failed}", flush=True)
        finally:
            server.close()
    print(f"\n{len(results)} pages × {options.runs} runs; categories: {', '.join(CATEGORIES)}")
    missed = []
    for category in CATEGORIES:
        lowest = min(result.scores.get(category, 0) for result in results)
        print(f"lowest {category}: {lowest} (target {TARGETS[category]})")
        if lowest < TARGETS[category]:
            missed.append(category)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
