#!/usr/bin/env python3
"""What laying the DOCX out with LibreOffice for its page numbers costs: whole processes, ratios in one run.

    .venv/bin/python bench/docx_pages_bench.py [--year 2021] [--repeat 3]

Prints, measured in this one run (each figure the median of ``--repeat`` runs, the variants run in
turns so that a change of load on a shared machine touches them alike), a cold ``compile edition
YEAR`` (PDF, DOCX, web edition; one layout process per processor) and ``--format docx`` alone, with
the DOCX's page numbers laid out by LibreOffice (``[output] docx_pages = "libreoffice"``, the
default, LibreOffice installed) and without (``REPORT_TOOLKIT_SOFFICE=""``: as on a machine without
LibreOffice), and their ratios. Timing and memory sampling come from ``bench/speed_bench.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from speed_bench import Run, _median, _mib, compile_, run  # noqa: E402

SOFFICE = "REPORT_TOOLKIT_SOFFICE"


def _cold(year: str, root: Path, out: Path, with_pages: bool, *options: str) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    saved = os.environ.get(SOFFICE)
    if not with_pages:
        os.environ[SOFFICE] = ""
    try:
        return run(compile_("edition", year, "--root", str(root), "--out", str(out), *options), root)
    finally:
        if saved is None:
            os.environ.pop(SOFFICE, None)
        else:
            os.environ[SOFFICE] = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", default="2021")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is not installed: nothing to compare")
        return 1
    variants = [(pages, formats) for formats in ("all", "docx") for pages in (True, False)]
    with tempfile.TemporaryDirectory(prefix="docx-pages-bench-") as scratch:
        root = Path(scratch)
        shutil.copytree(ROOT / "editions", root / "editions")
        runs: dict[tuple[bool, str], list[Run]] = {variant: [] for variant in variants}
        for _ in range(args.repeat):
            for pages, formats in variants:
                runs[(pages, formats)].append(
                    _cold(args.year, root, root / f"out-{pages}-{formats}", pages, "--format", formats)
                )
        same = (
            len({next((root / f"out-True-{formats}").glob("*.docx")).read_bytes() for formats in ("all", "docx")}) == 1
        )
    print(f"edition {args.year}, cold, {len(os.sched_getaffinity(0))} processors; median of {args.repeat} runs")
    for (pages, formats), measured in runs.items():
        cold = _median(measured)
        label = f"{'--format ' + formats:<15} {'page numbers by LibreOffice' if pages else 'titles only'}"
        print(f"  {label:<45}{cold.seconds:7.2f} s  cpu {cold.cpu:6.2f} s  {_mib(cold.peak_bytes):>9}")
    print("ratios, with page numbers / without (median of the pairs run in turns)")
    for formats in ("all", "docx"):
        paired = [w.seconds / o.seconds for w, o in zip(runs[(True, formats)], runs[(False, formats)])]
        extra = [w.seconds - o.seconds for w, o in zip(runs[(True, formats)], runs[(False, formats)])]
        print(f"  --format {formats:<6}{statistics.median(paired):7.3f}   (+{statistics.median(extra):.2f} s)")
    print(f"  the same DOCX bytes from --format all and --format docx: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
