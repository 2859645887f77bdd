#!/usr/bin/env python3
"""Run every Word document of a folder through ``compile ingest`` and summarise what happened.

    .venv/bin/python bench/corpus_ingest.py [FOLDER] [--graft] [--batch] [--limit N]

FOLDER defaults to the shared corpus (``../shared/corpus/docx`` beside the checkout,
or ``/work/shared/corpus/docx``). Each file is ingested on its own, as a user would
(``compile ingest 2021 FILE``, a whole process whose peak memory is measured), into a
scratch copy of the tiny ``minimal`` fixture edition; ``--graft`` also ingests each document
with a filled case form put into it (its first picture pasted in the photo field), so that the
whole reading path meets
what other programs write; ``--batch`` ends with one ingest of every file at once.

Prints the outcomes (added, rejected, ... crash), the exit codes, the diagnostic
codes, the slowest files, and every broken promise (exit 70, a traceback, a file not
named, an input changed, the register out of step with ``cases/``, too slow, too
much output, a peak over 600 MiB): the run exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.ingesting import Run, digest, graft, ingest_process, problems  # noqa: E402
from tests.submitter import fill  # noqa: E402
from toolkit.project import Project  # noqa: E402
from toolkit.submissions.commands import make_case_template  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "editions" / "minimal"
YEAR = "2021"
FORM = {
    "案例标题": "嫁接测试案例",
    "提交单位": "测试单位",
    "单位类型": "企业",
    "案例正文": ["这是放进别人文档里的案例表格，用来检验读取路径。"],
    "联系人": "测试",
    "同意发表": "是",
}


def default_folder() -> Path:
    """The shared corpus, beside the checkout or where the team keeps it."""
    for candidate in (
        ROOT.parent / "shared" / "corpus" / "docx",
        ROOT.parent.parent / "shared" / "corpus" / "docx",
        Path("/work/shared/corpus/docx"),
    ):
        if candidate.is_dir():
            return candidate
    return ROOT / "tests" / "corpus" / "docx"


def scratch_project(base: Path) -> Path:
    """A project root holding ``editions/2021``: a copy of the minimal edition."""
    shutil.copytree(FIXTURE, base / "editions" / YEAR)
    return base


def run_files(files: list[Path], root: Path, label: str) -> list[tuple[str, Run, list[str]]]:
    """Ingest each file on its own; return (label, run, broken promises) per file."""
    edition_dir = root / "editions" / YEAR
    out: list[tuple[str, Run, list[str]]] = []
    for number, path in enumerate(files, start=1):
        before = digest([path])
        run = ingest_process(root, YEAR, [path])
        out.append((label, run, problems(run, before, edition_dir)))
        verdict = "ok " if not out[-1][2] else "BAD"
        print(
            f"{verdict} exit {run.exit_code:>2} {run.seconds:6.2f} s {run.peak_mib:5.0f} MiB "
            f"{run.outcome:<9} {path.name}",
            flush=True,
        )
        if number % 50 == 0:
            print(f"  {label}: {number}/{len(files)}", file=sys.stderr, flush=True)
    return out


def grafted(files: list[Path], folder: Path) -> list[Path]:
    """Each readable document with a filled form inside (files that are not readable DOCX are left out)."""
    template = make_case_template(Project.at(ROOT), str(FIXTURE), folder / "template.docx")
    made: list[Path] = []
    for number, path in enumerate(files, start=1):
        form = fill(template, folder / "form.docx", dict(FORM, 案例标题=f"嫁接测试案例{number}"))
        made.append(graft(path, form, folder / f"grafted-{path.name}"))
    return [p for p in made if p is not None]


def summarise(rows: list[tuple[str, Run, list[str]]]) -> int:
    """Print the figures; return the number of files whose run broke a promise."""
    for label in dict.fromkeys(label for label, _, _ in rows):
        runs = [(run, broken) for lab, run, broken in rows if lab == label]
        outcomes = Counter(run.outcome for run, _ in runs)
        exits = Counter(run.exit_code for run, _ in runs)
        codes = Counter(code for run, _ in runs for code in set(run.codes))
        seconds = sorted((run.seconds, run.files[0].name) for run, _ in runs)
        print(f"\n== {label}: {len(runs)} file(s)")
        print("outcomes:   " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
        print("exit codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(exits.items())))
        print("codes (files showing each): " + ", ".join(f"{k} {v}" for k, v in codes.most_common()))
        total = sum(s for s, _ in seconds)
        print(
            f"time: total {total:.1f} s, median {seconds[len(seconds) // 2][0]:.2f} s, "
            f"slowest {seconds[-1][0]:.2f} s ({seconds[-1][1]})"
        )
        print(f"output: at most {max(run.output.count(chr(10)) for run, _ in runs)} lines for one run")
        peaks = sorted((run.peak_mib, run.files[0].name) for run, _ in runs)
        print(
            f"peak memory per run: median {peaks[len(peaks) // 2][0]:.0f} MiB, "
            f"max {peaks[-1][0]:.0f} MiB ({peaks[-1][1]})"
        )
    broken = [(run, b) for _, run, b in rows if b]
    print(f"\nbroken promises: {len(broken)}")
    for run, found in broken:
        print(f"  {', '.join(p.name for p in run.files)[:100]}: {'; '.join(found)}")
    return len(broken)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--graft", action="store_true", help="also ingest each document with a filled form inside")
    parser.add_argument("--batch", action="store_true", help="end with one ingest of every file at once")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    args = parser.parse_args()
    folder = args.folder or default_folder()
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    files = files[: args.limit] if args.limit else files
    print(f"{len(files)} file(s) from {folder}")
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        rows = run_files(files, scratch_project(base / "as-sent"), "as sent")
        if args.graft:
            (base / "grafted").mkdir()
            rows += run_files(
                grafted(files, base / "grafted"), scratch_project(base / "with-form"), "with a form inside"
            )
        if args.batch:
            root = scratch_project(base / "batch")
            before = digest(files)
            run = ingest_process(root, YEAR, files, timeout=3600.0)
            rows.append(("one batch", run, problems(run, before, root / "editions" / YEAR)))
        return 1 if summarise(rows) else 0


if __name__ == "__main__":
    sys.exit(main())
