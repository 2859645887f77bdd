#!/usr/bin/env python3
"""What tagging the PDF (PDF/UA-1, PDF/A-3u) costs: whole processes, tagged against untagged, ratios in one run.

    .venv/bin/python bench/tagged_bench.py [--year 2021] [--repeat 3] [--times 10] [--skip-scale]

Prints, measured in this one run (each figure the median of ``--repeat`` runs, the variants run
in turns so that a change of load on a shared machine touches them alike):

- a cold ``compile edition YEAR --format pdf`` tagged and untagged, with ``--jobs 1`` and with one
  layout process per processor, and their ratios: tagged / untagged, and 2 jobs / 1 job
  (the issue-11 target: at most 0.7 on 2 cores, tagged too);
- a warm rebuild after editing one case, tagged and untagged;
- the one-pass alternative: the whole book laid out and tagged by WeasyPrint in one process
  (``--one-pass``: no checks, cache or fixes, a lower bound), against the tagged parts;
- the synthetic edition ``--times`` the size (``bench/synthetic_edition.py``), cold, tagged and
  untagged: time, pages and peak memory of all its processes (target: at most 1.5 GiB).

The untagged book is the same toolkit with ``toolkit.render.book.TAGGED`` off, set by this
script in the compile process it starts (``--untagged``); everything else is ``compile`` as a
user runs it. Timing and memory sampling come from ``bench/speed_bench.py``.
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

from speed_bench import GIB, Run, _edit_one_case, _median, _mib, _pages, compile_, run  # noqa: E402
from synthetic_edition import make as make_synthetic  # noqa: E402


def _command(tagged: bool, *args: str) -> list[str]:
    """``compile ARGS``, or the same with the untagged book."""
    return compile_(*args) if tagged else [sys.executable, __file__, "--untagged", *args]


def _cold(tagged: bool, year: str, root: Path, out: Path, *options: str) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    return run(
        _command(tagged, "edition", year, "--root", str(root), "--out", str(out), "--format", "pdf", *options), root
    )


VARIANTS = [(True, "1"), (False, "1"), (True, "0"), (False, "0")]
"""(tagged, jobs): jobs "0" is the default, one layout process per processor."""


OPTIONS = {
    "--year": {"default": "2021"},
    "--repeat": {"type": int, "default": 3},
    "--times": {"type": int, "default": 10, "help": "size of the synthetic edition"},
    "--skip-scale": {"action": "store_true", "help": "leave out the synthetic edition"},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for flag, settings in OPTIONS.items():
        parser.add_argument(flag, **settings)  # type: ignore[arg-type]
    args = parser.parse_args()
    year, processors = args.year, len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="tagged-bench-") as scratch:
        root = Path(scratch)
        shutil.copytree(ROOT / "editions", root / "editions")
        runs: dict[tuple[bool, str], list[Run]] = {variant: [] for variant in VARIANTS}
        for _ in range(args.repeat):
            for tagged, jobs in VARIANTS:
                options = ("--jobs", "1") if jobs == "1" else ()
                runs[(tagged, jobs)].append(_cold(tagged, year, root, root / f"out-{tagged}-{jobs}", *options))
        cold = {variant: _median(measured) for variant, measured in runs.items()}
        one_pass = _median(
            [
                run([sys.executable, __file__, "--one-pass", year, str(root), str(root / "one-pass")], root)
                for _ in range(args.repeat)
            ]
        )
        pages = _pages(next((root / "out-True-0").glob("*.pdf")))
        sizes = {tagged: next((root / f"out-{tagged}-0").glob("*.pdf")).stat().st_size for tagged in (True, False)}
        same = len({next((root / f"out-True-{jobs}").glob("*.pdf")).read_bytes() for jobs in ("0", "1")}) == 1
        _edit_one_case(root / "editions" / year)
        warm = {
            tagged: run(
                _command(
                    tagged,
                    "edition",
                    year,
                    "--root",
                    str(root),
                    "--out",
                    str(root / f"out-{tagged}-0"),
                    "--format",
                    "pdf",
                ),
                root,
            )
            for tagged in (True, False)
        }
        _report(year, pages, sizes, processors, args.repeat, cold, warm, runs)
        print(f"  same bytes, tagged, from 1 and {processors} jobs: {same}")
        print(
            f"  one pass, tagged (WeasyPrint alone) {one_pass.seconds:5.2f} s  cpu {one_pass.cpu:6.2f} s  "
            f"{_mib(one_pass.peak_bytes):>9}; the parts, tagged, {processors} jobs: "
            f"{cold[(True, '0')].seconds / one_pass.seconds:.3f} of it (cpu "
            f"{cold[(True, '0')].cpu / one_pass.cpu:.3f})"
        )
        if not args.skip_scale:
            _scale(root, year, args.times)
    return 0


def _report(
    year: str,
    pages: int,
    sizes: dict[bool, int],
    processors: int,
    repeat: int,
    cold: dict[tuple[bool, str], Run],
    warm: dict[bool, Run],
    runs: dict[tuple[bool, str], list[Run]],
) -> None:
    print(
        f"edition {year}: {pages} pages; PDF {sizes[True] / 1024 / 1024:.2f} MiB tagged, "
        f"{sizes[False] / 1024 / 1024:.2f} MiB untagged; {processors} processors; median of {repeat} runs"
    )
    for (tagged, jobs), measured in cold.items():
        label = f"cold, {'tagged' if tagged else 'untagged'}, {'--jobs 1' if jobs == '1' else f'{processors} jobs'}"
        print(f"  {label:<34}{measured.seconds:7.2f} s  cpu {measured.cpu:6.2f} s  {_mib(measured.peak_bytes):>9}")
    for tagged, measured in warm.items():
        label = f"warm rebuild, {'tagged' if tagged else 'untagged'}"
        print(f"  {label:<34}{measured.seconds:7.2f} s  cpu {measured.cpu:6.2f} s  {_mib(measured.peak_bytes):>9}")
    print("ratios")
    for jobs in ("1", "0"):
        paired = statistics.median(t.seconds / u.seconds for t, u in zip(runs[(True, jobs)], runs[(False, jobs)]))
        print(
            f"  tagged / untagged, {'--jobs 1' if jobs == '1' else f'{processors} jobs':<14}{paired:6.3f}"
            "   (median of the pairs run in turns)"
        )
    for jobs in ("1", "0"):
        print(
            f"  processor time, tagged / untagged, {'--jobs 1' if jobs == '1' else f'{processors} jobs':<8}"
            f"{cold[(True, jobs)].cpu / cold[(False, jobs)].cpu:6.3f}   (what tagging costs on a busy machine)"
        )
    for tagged in (True, False):
        paired = statistics.median(p.seconds / s.seconds for p, s in zip(runs[(tagged, "0")], runs[(tagged, "1")]))
        print(
            f"  {processors} jobs / --jobs 1, {'tagged' if tagged else 'untagged':<9}{paired:9.3f}"
            "   (target <= 0.70 on 2 cores)"
        )
    print(
        f"  warm / cold, tagged               {warm[True].seconds / cold[(True, '0')].seconds:6.3f}   "
        f"(untagged {warm[False].seconds / cold[(False, '0')].seconds:.3f})"
    )


def _scale(root: Path, year: str, times: int) -> None:
    """The synthetic edition ``times`` the size, cold, tagged and untagged: time and peak memory."""
    big_root = root / "big"  # the other editions as they are (the previous one is compared), this one grown
    shutil.copytree(ROOT / "editions", big_root / "editions", ignore=shutil.ignore_patterns(year))
    make_synthetic(ROOT / "editions" / year, big_root / "editions" / year, times)
    measured = {tagged: _cold(tagged, year, big_root, big_root / f"out-{tagged}") for tagged in (True, False)}
    pages = _pages(next((big_root / "out-True").glob("*.pdf")))
    print(f"synthetic edition, {times}× {year}: {pages} pages, cold, one layout process per processor")
    for tagged, big in measured.items():
        print(
            f"  {'tagged' if tagged else 'untagged':<10}{big.seconds:7.2f} s   cpu {big.cpu:6.1f} s   "
            f"peak {big.peak_bytes / GIB:.2f} GiB (target <= 1.5)"
        )
    print(f"  tagged / untagged                 {measured[True].seconds / measured[False].seconds:6.3f}")


def _one_pass(year: str, root: Path, out: Path) -> int:
    """The alternative the issue names: the whole book laid out in one pass, tagged by WeasyPrint.

    Read, lay out, write: no checks, no DOCX, no cache, no font union, none of the parts' tag
    fixes (margin boxes, scopes): a lower bound of what a one-pass release build would cost."""
    from toolkit.diagnostics import Diagnostics
    from toolkit.project import Project
    from toolkit.readers.edition import read_edition
    from toolkit.render import pdf as pdf_stage
    from toolkit.render.html import render_html

    project = Project.at(root)
    edition = read_edition(project.edition_dir(year), Diagnostics())
    assert edition is not None
    html = render_html(edition, project.templates)
    document = pdf_stage.layout(html, project.templates, project.edition_dir(year), edition.assets)
    out.mkdir(parents=True, exist_ok=True)
    document.write_pdf(out / "one-pass.pdf", pdf_variant=pdf_stage.TAGGED_VARIANT, pdf_tags=True)
    return 0


def _untagged_compile(args: list[str]) -> int:
    """``compile ARGS`` with the untagged book (the baseline)."""
    from toolkit.render import book

    book.TAGGED = False
    from toolkit.cli import main as compile_main

    sys.argv = ["compile", *args]
    compile_main()  # exits with the command's code
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--untagged"]:
        sys.exit(_untagged_compile(sys.argv[2:]))
    if sys.argv[1:2] == ["--one-pass"]:
        sys.exit(_one_pass(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])))
    sys.exit(main())
