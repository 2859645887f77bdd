#!/usr/bin/env python3
"""How quick each command is, as a user runs it: whole processes, start-up included, ratios in one run.

    .venv/bin/python bench/speed_bench.py [--year 2021] [--repeat 3] [--times 10] [--skip-scale]

Prints, measured in this one run (each figure the median of ``--repeat`` runs; timings on a
shared machine vary, ratios within one run much less):

- ``compile --help`` and ``compile cases YEAR`` against a bare ``python -c "import click, rich"``
  (target: at most 4 times);
- ``compile check YEAR`` against a cold ``compile edition YEAR`` (target: at most 0.15);
- a cold ``compile edition YEAR`` with its layout processes (one per processor) against the same
  with ``--jobs 1`` (target: at most 0.7 on 2 cores), run in turns, and that both give the same bytes;
- a warm rebuild after editing one case, against the cold build;
- a warm rebuild after editing one paragraph of a chapter, into the output folder of the build before,
  against a cold build of the same edited edition into an empty folder, in pairs run in turns (median
  of the pairs' ratios; target: at most 0.35), with all outputs and with ``--format pdf,docx``; and
  whether the two wrote the same bytes (the PDF, the DOCX, the web edition's pages);
- a synthetic edition ``--times`` the size (``bench/synthetic_edition.py``): time, pages and peak
  memory against the real one (target: linear; peak memory of all its processes at most 1.5 GiB).

Peak memory is sampled every 20 ms from ``/proc``: the sum of the resident sets of the command and
of every process under it (its layout processes), shared pages counted in each. Everything is
written to a temporary folder; the editions are copied there first.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_edition import make as make_synthetic  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")
GIB = 1024**3


@dataclass
class Run:
    """One command run: how long it took and the most memory its processes held at once."""

    seconds: float
    peak_bytes: int
    code: int
    cpu: float = 0.0
    """Processor seconds of all its processes (sampled: a process's last 20 ms may be missed)."""


def _tree(pid: int) -> list[int]:
    """The process and all the processes under it."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    queue.extend(int(child) for child in children.read().split())
        except OSError:
            continue
    return found


def _resident(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * PAGE
        except OSError:
            continue
    return total


def _cpu(pids: list[int], seen: dict[int, float]) -> None:
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            seen[pid] = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
        except (OSError, IndexError, ValueError):
            continue


def run(command: list[str], cwd: Path) -> Run:
    """Run ``command`` as a user would, sampling the memory and processor time of its processes."""
    reaped = _reaped_cpu()
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, cpu = 0, {}  # type: ignore[var-annotated]
    while process.poll() is None:
        pids = _tree(process.pid)
        peak = max(peak, _resident(pids))
        _cpu(pids, cpu)
        time.sleep(0.02)
    seconds = time.perf_counter() - began
    cpu[process.pid] = _reaped_cpu() - reaped  # the command's own process, exactly
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{error[-2000:]}")
    return Run(seconds, peak, process.returncode, sum(cpu.values()))


def _reaped_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median(command: list[str], cwd: Path, repeat: int, fresh: Path | None = None) -> Run:
    """The median time (and the highest peak memory) of ``repeat`` runs; ``fresh``: emptied before each."""
    runs = []
    for _ in range(repeat):
        if fresh is not None and fresh.exists():
            shutil.rmtree(fresh)
        runs.append(run(command, cwd))
    return _median(runs)


def _median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        max(r.peak_bytes for r in runs),
        runs[-1].code,
        statistics.median(r.cpu for r in runs),
    )


def _cold(year: str, root: Path, out: Path, *options: str) -> tuple[list[str], Path]:
    """A cold ``compile edition``: its output folder (and layout cache) emptied first."""
    shutil.rmtree(out, ignore_errors=True)
    return compile_("edition", year, "--root", str(root), "--out", str(out), *options), root


def compile_(*args: str) -> list[str]:
    return [str(BIN / "compile"), *args]


def _edit_one_case(edition: Path) -> None:
    case = sorted((edition / "cases").glob("*/case.md"))[0]
    case.write_text(case.read_text(encoding="utf-8").rstrip() + "（本句为基准测试所加。）\n", encoding="utf-8")


def _edit_one_paragraph(edition: Path, times: int) -> None:
    """Add a sentence to the first body paragraph of the edition's second chapter (``times`` says which edit)."""
    chapter = sorted((edition / "chapters").glob("*.md"))[1]
    lines = chapter.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("---\n", 1) + 1 if lines and lines[0] == "---\n" else 0  # after the front matter
    body = next(
        index
        for index, line in enumerate(lines)
        if index >= start and len(line) > 40 and line[0] not in "#:!|->< {\n" and not re.match(r"[A-Za-z_]+:", line)
    )  # not a directive's field
    lines[body] = lines[body].rstrip("\n") + f"（基准测试的第 {times} 次修改。）\n"
    chapter.write_text("".join(lines), encoding="utf-8")


def _written(out: Path) -> dict[str, bytes]:
    """The PDF, the DOCX and the web edition's files but its search index, by name."""
    files = {path.name: path.read_bytes() for path in out.iterdir() if path.suffix in (".pdf", ".docx")}
    site = out / "html"
    files.update(
        {
            path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*"))
            if path.is_file() and "pagefind" not in path.relative_to(site).parts
        }
    )
    return files


@dataclass
class Rebuilds:
    """Warm rebuilds after a paragraph edit against cold builds of the same edition, in pairs."""

    warm: Run
    cold: Run
    ratio: float
    """The median of the pairs' ratios."""
    same: bool
    """Whether every warm rebuild wrote the bytes of its cold build."""


def rebuilds(root: Path, year: str, repeat: int, *options: str) -> Rebuilds:
    """``repeat`` paragraph edits, each rebuilt warm (into the folder built before) and cold (into an empty one)."""
    edition = root / "editions" / year
    kept = {path: path.read_bytes() for path in (edition / "chapters").glob("*.md")}
    warm_out, cold_out = root / "rebuild-warm", root / "rebuild-cold"
    run(*_cold(year, root, warm_out, *options))
    pairs, same = [], True
    try:
        for times in range(1, repeat + 1):
            _edit_one_paragraph(edition, times)
            warm = run(compile_("edition", year, "--root", str(root), "--out", str(warm_out), *options), root)
            pairs.append((warm, run(*_cold(year, root, cold_out, *options))))
            same = same and _written(warm_out) == _written(cold_out)
    finally:
        for path, data in kept.items():
            path.write_bytes(data)
    warm, cold = (_median([pair[side] for pair in pairs]) for side in (0, 1))
    return Rebuilds(warm, cold, statistics.median(w.seconds / c.seconds for w, c in pairs), same)


def _pages(pdf: Path) -> int:
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in done.stdout.splitlines() if line.startswith("Pages:")))


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", default="2021")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--times", type=int, default=10, help="size of the synthetic edition")
    parser.add_argument("--skip-scale", action="store_true", help="leave out the synthetic edition")
    args = parser.parse_args()
    year, repeat = args.year, args.repeat
    processors = len(os.sched_getaffinity(0))

    with tempfile.TemporaryDirectory(prefix="speed-bench-") as scratch:
        root = Path(scratch)
        shutil.copytree(ROOT / "editions", root / "editions")
        out = root / "out"
        bare = median([sys.executable, "-c", "import click, rich"], root, repeat * 2)
        helped = median(compile_("--help"), root, repeat * 2)
        listed = median(compile_("cases", year, "--root", str(root)), root, repeat * 2)
        checked = median(compile_("check", year, "--root", str(root), "--out", str(root / "check")), root, repeat)
        # one process and several, in turns: a change of load on a shared machine touches both alike
        pairs = [
            (run(*_cold(year, root, out / "single", "--jobs", "1")), run(*_cold(year, root, out / "parallel")))
            for _ in range(repeat)
        ]
        single, parallel = (_median([pair[side] for pair in pairs]) for side in (0, 1))
        paired = statistics.median(p.seconds / s.seconds for s, p in pairs)
        fastest = min(p.seconds for _, p in pairs) / min(s.seconds for s, _ in pairs)
        pdfs = [next((out / kind).glob("*.pdf")) for kind in ("single", "parallel")]
        same = pdfs[0].read_bytes() == pdfs[1].read_bytes()
        pages, size = _pages(pdfs[1]), pdfs[1].stat().st_size
        edited = rebuilds(root, year, repeat)
        edited_two = rebuilds(root, year, repeat, "--format", "pdf,docx")
        _edit_one_case(root / "editions" / year)
        warm = run(compile_("edition", year, "--root", str(root), "--out", str(out / "parallel")), root)

        print(
            f"edition {year}: {pages} pages, {size / 1024 / 1024:.2f} MiB PDF; {processors} processors; "
            f"median of {repeat} runs (2×{repeat} for the quick ones); wall time, processor time, peak memory"
        )
        rows = [
            ("python -c 'import click, rich'", bare),
            ("compile --help", helped),
            (f"compile cases {year}", listed),
            (f"compile check {year}", checked),
            (f"compile edition {year} --jobs 1", single),
            (f"compile edition {year} ({processors} jobs)", parallel),
            ("warm rebuild after editing a case", warm),
            ("paragraph edited: warm rebuild", edited.warm),
            ("paragraph edited: cold build", edited.cold),
            ("... --format pdf,docx: warm rebuild", edited_two.warm),
            ("... --format pdf,docx: cold build", edited_two.cold),
        ]
        for label, measured in rows:
            print(f"  {label:<36}{measured.seconds:7.3f} s  cpu {measured.cpu:6.2f} s  {_mib(measured.peak_bytes):>9}")
        print(f"  same bytes from 1 and {processors} jobs: {same}")
        print("ratios")
        print(f"  compile --help / bare import        {helped.seconds / bare.seconds:6.2f}   (target <= 4)")
        print(f"  compile cases / bare import         {listed.seconds / bare.seconds:6.2f}   (target <= 4)")
        print(
            f"  compile check / cold edition        {checked.seconds / parallel.seconds:6.3f}   (target <= 0.15; "
            f"{checked.seconds / single.seconds:.3f} of --jobs 1)"
        )
        print(
            f"  cold edition, {processors} jobs / --jobs 1     {paired:6.3f}   (target <= 0.70 on 2 cores; median of "
            f"the {repeat} pairs run in turns; fastest against fastest: {fastest:.3f})"
        )
        print(f"  warm rebuild / cold edition         {warm.seconds / parallel.seconds:6.3f}   (a case edited)")
        print(
            f"  warm / cold, a paragraph edited     {edited.ratio:6.3f}   (target <= 0.35; median of {repeat} pairs; "
            f"same bytes: {edited.same})"
        )
        print(f"  ... with --format pdf,docx          {edited_two.ratio:6.3f}   (same bytes: {edited_two.same})")
        if not args.skip_scale:
            _scale(root, year, args.times, parallel, pages)
    return 0


def _scale(root: Path, year: str, times: int, one: Run, pages: int) -> None:
    """The synthetic edition ``times`` the size, compiled cold: time and memory against the real one."""
    big_root = root / "big"
    (big_root / "editions").mkdir(parents=True)
    previous = root / "editions" / str(int(year) - 1)
    if previous.is_dir():
        shutil.copytree(previous, big_root / "editions" / previous.name)
    make_synthetic(ROOT / "editions" / year, big_root / "editions" / year, times)
    cases = sum(1 for path in (big_root / "editions" / year / "cases").iterdir() if path.is_dir())
    big = run(compile_("edition", year, "--root", str(big_root), "--out", str(big_root / "out")), big_root)
    big_pages = _pages(next((big_root / "out").glob("*.pdf")))
    growth, size = big.seconds / one.seconds, big_pages / pages
    print(f"synthetic edition, {times}× {year}: {big_pages} pages, {cases} cases")
    print(
        f"  compile edition (cold)              {big.seconds:6.2f} s   cpu {big.cpu:.1f} s   "
        f"peak {_mib(big.peak_bytes)} (all processes)"
    )
    print(
        f"  time / time of {year}                 {growth:6.2f}   for {size:.2f}× the pages: "
        f"{growth / size:.2f} per page of {year}'s (linear: about 1 or less)"
    )
    print(f"  peak memory                         {big.peak_bytes / GIB:6.2f} GiB   (target <= 1.5)")


if __name__ == "__main__":
    sys.exit(main())
