"""Running a command as its own process and measuring its peak memory (resident set), as a user's run costs.

The peak comes from the kernel's accounting of that one process (``os.wait4``), not from sampling,
so a spike between two samples is not missed and other processes do not count. The kernel counts
a process's memory from its fork, before it runs the command: a child of the test process would
start with the test process's own resident set (a test that built a 1 GiB bomb in memory holds
hundreds of MiB). So a small wrapper (a bare ``python -I -S``, about 10 MiB) is started first, and
it forks the command and reports what the kernel says of it. ``memory_limit``
runs the command under an address-space limit, as ``ulimit -v`` does, to prove a hostile input
is refused before it could need more. Used by ``tests/test_foreign_files.py`` and the corpus runners
in ``bench/``.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measured:
    """How one process ended: its exit code, what it printed, its time and its peak memory."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_kib: int
    """Peak resident set of the process, in KiB (``ru_maxrss``); -1 when it timed out."""

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024


_WRAPPER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def run_measured(
    command: list[str],
    *,
    cwd: Path | None = None,
    timeout: float = 300.0,
    memory_limit: int | None = None,
    env: dict[str, str] | None = None,
) -> Measured:
    """Run ``command`` to its end and measure it; ``memory_limit`` (bytes) caps its address space."""

    def limit() -> None:
        if memory_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    with tempfile.TemporaryDirectory(prefix="peak-") as scratch:
        report = Path(scratch) / "peak"
        with open(Path(scratch) / "out", "w+b") as out, open(Path(scratch) / "err", "w+b") as err:
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _WRAPPER, str(report), *command],
                cwd=cwd,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                preexec_fn=limit,
                env=env,
                start_new_session=True,
            )
            try:
                returncode = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            seconds = time.perf_counter() - started
            peak = int(report.read_text()) if report.is_file() and report.read_text() else -1
            out.seek(0)
            err.seek(0)
            return Measured(
                returncode if peak >= 0 else -signal.SIGKILL,
                out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"),
                seconds,
                peak,
            )
