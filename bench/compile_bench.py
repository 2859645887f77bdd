#!/usr/bin/env python3
"""Benchmark one edition's compile inside one process: cold, warm after editing one case, the toolkit's overhead.

    .venv/bin/python bench/compile_bench.py 2021 [--root .]

The stages of a build laid out in this process (``--jobs 1``), start-up left out; for whole
commands as users run them, layout processes and the start-up targets, see ``bench/speed_bench.py``.
Prints, in one run:
- a cold compile (empty layout cache) and its parts: check, PDF, DOCX;
- WeasyPrint alone laying out and writing the very HTML of the PDF's parts, and
  the ratio of the toolkit's PDF path to it (the toolkit's overhead; target <= 1.15);
- a warm rebuild after editing one case (a copy of the edition, the same cache),
  as a share of the cold compile (target <= 0.3);
- the time of ``compile check`` as a share of a compile (target <= 0.05);
- peak RSS, pages and PDF size.
Outputs go to a temporary folder, so build/ is left alone. Targets live here, not in tests.
"""

from __future__ import annotations

import argparse
import gc
import io
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.build import BuildOptions, check_edition, compile_edition  # noqa: E402
from toolkit.diagnostics import Diagnostics  # noqa: E402
from toolkit.project import Project  # noqa: E402
from toolkit.render import charts  # noqa: E402
from toolkit.render import layout as layout_stage  # noqa: E402
from toolkit.render import pdf as pdf_stage  # noqa: E402
from toolkit.render.weasy import FontConfiguration  # noqa: E402


def edit_one_case(edition_dir: Path) -> Path:
    """Append a sentence to the first case placed in the edition (as an editor would)."""
    case_file = sorted((edition_dir / "cases").glob("*/case.md"))[0]
    case_file.write_text(
        case_file.read_text(encoding="utf-8").rstrip() + "（本句为基准测试所加。）\n", encoding="utf-8"
    )
    return case_file


def warm_up(project: Project) -> None:
    """Pay the process's one-time costs (fontconfig, Pango, matplotlib) before timing anything."""
    html = '<html lang="zh-CN"><body style="font-family: Noto Serif CJK SC">预热 warm-up</body></html>'
    pdf_stage.write(pdf_stage.layout(html, project.templates, project.templates, {}), io.BytesIO(), html)
    import matplotlib.pyplot  # noqa: F401


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("year")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    project = Project.at(args.root)

    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        edition_dir = scratch_dir / "editions" / args.year
        shutil.copytree(project.edition_dir(args.year), edition_dir)
        previous = project.edition_dir(str(int(args.year) - 1)) if args.year.isdigit() else None
        if previous and previous.is_dir():
            shutil.copytree(previous, scratch_dir / "editions" / previous.name)
        local = Project(root=scratch_dir, templates=project.templates)
        out = scratch_dir / "out"

        warm_up(project)
        charts.DRAWN.memory.clear()  # the cold compile draws its charts
        began = time.perf_counter()
        cold = compile_edition(local, args.year, BuildOptions(out_dir=out, formats=("pdf", "docx"), jobs=1))
        cold_total = time.perf_counter() - began

        font_config = FontConfiguration()
        began = time.perf_counter()
        stylesheet = layout_stage.stylesheet(project.templates)  # the parts do not link it
        for html in cold.parts_html:
            document = pdf_stage.layout(
                html,
                project.templates,
                edition_dir,
                cold.edition.assets,
                font_config=font_config,
                stylesheets=[stylesheet],
            )
            if 'class="folio-page"' in html:  # the folios are written untagged, the other parts tagged by WeasyPrint
                document.write_pdf(io.BytesIO())
            else:
                document.write_pdf(io.BytesIO(), pdf_variant=pdf_stage.TAGGED_VARIANT, pdf_tags=True)
        weasy = time.perf_counter() - began

        # `compile check` runs in a process of its own: leave the layout's garbage out of its time
        del document
        gc.collect()
        began = time.perf_counter()
        check_edition(local, args.year, Diagnostics())
        check_time = time.perf_counter() - began

        edited = edit_one_case(edition_dir)
        began = time.perf_counter()
        warm = compile_edition(local, args.year, BuildOptions(out_dir=out, formats=("pdf", "docx"), jobs=1))
        warm_total = time.perf_counter() - began
        pdf_size = warm.outputs["pdf"].stat().st_size

    t = cold.timings
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"edition                          {args.year}")
    print(f"pages                            {cold.pages}")
    print(f"pdf size                         {pdf_size / 1024 / 1024:.2f} MiB")
    print(
        f"cold compile                     {cold_total:.2f} s   (check {t['read+validate']:.2f}, "
        f"pdf {t['pdf']:.2f}, docx {t['docx']:.2f})"
    )
    print(f"weasyprint alone, same html      {weasy:.2f} s   ({len(cold.parts_html)} parts, layout + write)")
    print(
        f"warm rebuild after editing       {warm_total:.2f} s   ({edited.parent.name}; "
        f"pdf {warm.timings['pdf']:.2f}, docx {warm.timings['docx']:.2f})"
    )
    print(f"compile check                    {check_time:.3f} s")
    print(f"peak rss                         {peak_mib:.0f} MiB")
    print(f"ratio pdf path / weasyprint alone     {t['pdf'] / weasy:.3f}   (target <= 1.15)")
    print(f"ratio warm rebuild / cold compile     {warm_total / cold_total:.3f}   (target <= 0.30)")
    print(f"ratio check / cold compile            {check_time / cold_total:.3f}   (target <= 0.05)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
