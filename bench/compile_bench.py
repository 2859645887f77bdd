#!/usr/bin/env python3
"""Benchmark one edition's compile, and how much of it is the toolkit's own overhead.

    .venv/bin/python bench/compile_bench.py 2021 [--root .] [--runs 1]

Prints, in one run: the full compile time, WeasyPrint's render+write alone on
the very same HTML, their ratio (toolkit overhead on the PDF path), the DOCX
time, the time of ``compile check`` and its share of a compile (target: 5% at
most), peak RSS, the page count and the PDF size. Outputs go to a temporary
folder, so build/ is left alone. Targets live here, not in timed tests.
"""
from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.build import BuildOptions, check_edition, compile_edition  # noqa: E402
from toolkit.diagnostics import Diagnostics  # noqa: E402
from toolkit.project import Project  # noqa: E402
from toolkit.render import pdf as pdf_renderer  # noqa: E402
from toolkit.render.html import render_html  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("year")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--runs", type=int, default=2, help="repeat and keep the fastest")
    args = parser.parse_args()
    project = Project.at(args.root)

    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.runs):
            result = compile_edition(project, args.year, BuildOptions(out_dir=Path(out)))
            for key, value in result.timings.items():
                best[key] = min(value, best.get(key, value))
        pdf_size = result.outputs["pdf"].stat().st_size
        pages = result.pages

    check_time = float("inf")
    for _ in range(args.runs):
        began = time.perf_counter()
        check_edition(project, args.year, Diagnostics())
        check_time = min(check_time, time.perf_counter() - began)

    html = render_html(result.edition, project.templates)
    edition_dir = project.edition_dir(args.year)
    weasy = float("inf")
    for _ in range(args.runs):
        began = time.perf_counter()
        document = pdf_renderer.layout(html, project.templates, edition_dir, result.edition.assets)
        pdf_renderer.write(document, io.BytesIO(), html)
        weasy = min(weasy, time.perf_counter() - began)

    total, pdf_path, docx = best["total"], best["pdf"], best.get("docx", 0.0)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"edition                 {args.year}")
    print(f"pages                   {pages}")
    print(f"pdf size                {pdf_size / 1024 / 1024:.2f} MiB")
    print(f"compile total           {total:.2f} s")
    print(f"pdf path (html+layout)  {pdf_path:.2f} s")
    print(f"weasyprint alone        {weasy:.2f} s   (render + write, same HTML)")
    print(f"docx                    {docx:.2f} s")
    print(f"peak rss                {peak_mib:.0f} MiB")
    print(f"ratio pdf path / weasyprint alone   {pdf_path / weasy:.3f}")
    print(f"ratio compile total / weasyprint    {total / weasy:.3f}")
    print(f"compile check           {check_time:.3f} s")
    print(f"ratio check / compile total         {check_time / total:.3f}   (target: <= 0.05)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
