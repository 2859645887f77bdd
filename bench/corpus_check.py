#!/usr/bin/env python3
"""Run ``compile check`` on data tables nobody here wrote, one tiny edition per file.

    .venv/bin/python bench/corpus_check.py [FOLDER] [--timeout 120] [--json out.json]

FOLDER (default ``../shared/corpus/data``, else ``tests/corpus/data``) holds CSV and XLSX files
from other projects' test suites. Each one becomes the only data table of a tiny edition (a
manifest, a chapter that places the table and names its first row, a schema whose columns come
from the file's header with their types guessed from the cells), and ``compile check`` runs on
it as a whole process, as an editor would run it. Each run is judged on what the toolkit
promises: exit 0 or 1 (never 70, the toolkit's own bug), no traceback, the file named in the
output, the input unchanged, no number printed other than the file holds (each numeric cell the
reader gives against the model's printed text, as exact decimals), peak memory under 600 MiB,
and its time, number of lines and peak memory (the process's own, from the kernel:
``tests/support/peak.py``) are listed. A summary by outcome and by diagnostic code, with the
largest peak, ends the listing. ``tests/test_corpus_data.py`` holds a sample of these files to the
same promises.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.corpus_edition import changed_numbers, make_edition  # noqa: E402
from tests.support.peak import run_measured  # noqa: E402

MAX_PEAK_MIB = 600
"""Peak memory one input may cost (issue 21)."""


@dataclass
class Outcome:
    """What one ``compile check`` did with one file."""

    file: str
    exit_code: int
    seconds: float
    lines: int
    codes: dict[str, int] = field(default_factory=dict)
    peak_mib: float = 0.0
    """Peak resident memory of the ``compile check`` process."""
    traceback: bool = False
    named: bool = False
    """The data file is named in the listing (when anything is said about it)."""
    unchanged: bool = True
    changed: list[str] = field(default_factory=list)
    """Numeric cells the edition would print as another number than the file holds."""

    @property
    def kept_promises(self) -> bool:
        """Exit 0 or 1, no traceback, the file named when there is something to say, input unchanged."""
        return (
            self.exit_code in (0, 1)
            and not self.traceback
            and self.unchanged
            and self.named
            and self.peak_mib < MAX_PEAK_MIB
            and not self.changed
        )


def digest(path: Path) -> str:
    """SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_one(data: Path, work: Path, timeout: float) -> Outcome:
    """``compile check`` on a tiny edition holding ``data``, in its own process (text, then JSON)."""
    folder = work / data.stem
    copy = make_edition(data, folder)
    before = digest(copy)
    command = [sys.executable, "-m", "toolkit.cli", "check", str(folder)]
    text = run_measured(command, cwd=work, timeout=timeout)
    if text.peak_kib < 0:
        return Outcome(data.name, -1, timeout, 0)
    seconds = text.seconds
    shown = text.output
    codes: dict[str, int] = {}
    about = False
    listing = subprocess.run(command + ["--format", "json"], capture_output=True, timeout=timeout, cwd=work)
    try:
        for item in json.loads(listing.stdout.decode("utf-8"))["diagnostics"]:
            codes[item["code"]] = codes.get(item["code"], 0) + 1
            about = about or Path(item["location"].get("file", "")).stem == copy.stem
    except (ValueError, KeyError):
        codes["(no JSON)"] = 1
    return Outcome(
        data.name,
        text.returncode,
        seconds,
        shown.count("\n"),
        codes,
        text.peak_mib,
        traceback="Traceback (most recent call last)" in shown,
        named=copy.name in shown or not about,
        unchanged=digest(copy) == before and digest(data) == digest(copy),
        changed=changed_numbers(folder) if text.returncode in (0, 1) else [],
    )


def default_folder() -> Path:
    shared = ROOT.parent.parent / "shared" / "corpus" / "data"
    return shared if shared.is_dir() else ROOT / "tests" / "corpus" / "data"


def summarise(outcomes: list[Outcome]) -> str:
    """The listing's last part: outcomes, codes, slowest and longest runs."""
    by_exit = collections.Counter(o.exit_code for o in outcomes)
    files_by_code = collections.Counter(code for o in outcomes for code in o.codes)
    broken = [o for o in outcomes if not o.kept_promises]
    seconds = sorted(o.seconds for o in outcomes)
    lines = [
        f"{len(outcomes)} files: " + ", ".join(f"exit {k}: {v}" for k, v in sorted(by_exit.items())),
        f"promises kept: {len(outcomes) - len(broken)}; broken: "
        + (
            ", ".join(
                f"{o.file} (exit {o.exit_code}{', traceback' if o.traceback else ''}"
                f"{', not named' if not o.named else ''}{', changed' if not o.unchanged else ''}"
                f"{f', peak {o.peak_mib:.0f} MiB' if o.peak_mib >= MAX_PEAK_MIB else ''}"
                f"{f', numbers changed: {o.changed[0]}' if o.changed else ''})"
                for o in broken
            )
            or "none"
        ),
        f"time per file: median {seconds[len(seconds) // 2]:.2f} s, max {seconds[-1]:.2f} s, "
        f"total {sum(seconds):.1f} s",
        f"peak memory per file: median {sorted(o.peak_mib for o in outcomes)[len(outcomes) // 2]:.0f} MiB, "
        f"max {max(o.peak_mib for o in outcomes):.0f} MiB ({max(outcomes, key=lambda o: o.peak_mib).file})",
        f"output lines: max {max(o.lines for o in outcomes)} ({max(outcomes, key=lambda o: o.lines).file})",
        "files per code: " + ", ".join(f"{code} {n}" for code, n in sorted(files_by_code.items())),
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--json", type=Path, default=None, help="also write every outcome to this file")
    args = parser.parse_args()
    folder: Path = args.folder or default_folder()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="corpus-check-") as work:
        for data in files:
            outcome = check_one(data, Path(work), args.timeout)
            outcomes.append(outcome)
            codes = " ".join(f"{c}×{n}" if n > 1 else c for c, n in sorted(outcome.codes.items())) or "-"
            mark = "ok " if outcome.kept_promises else "BAD"
            print(
                f"{mark} exit {outcome.exit_code:>2} {outcome.seconds:6.2f} s {outcome.peak_mib:5.0f} MiB "
                f"{outcome.lines:>6} lines  "
                f"{data.name}: {codes}",
                flush=True,
            )
    print()
    print(summarise(outcomes))
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(o.kept_promises for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
