"""Running a command as its own process and measuring its peak memory (resident set), as a user's run costs.

The peak comes from the kernel's accounting of that one child (``os.wait4``), not from sampling,
so a spike between two samples is not missed and other processes do not count. ``memory_limit``
runs the command under an address-space limit, as ``ulimit -v`` does, to prove a hostile input
is refused before it could need more. Used by ``tests/test_foreign_files.py`` and the corpus runners
in ``bench/``.
"""
from __future__ import annotations

import os
import resource
import signal
import subprocess
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


def run_measured(command: list[str], *, cwd: Path | None = None, timeout: float = 300.0,
                 memory_limit: int | None = None, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` to its end and measure it; ``memory_limit`` (bytes) caps its address space."""

    def limit() -> None:
        if memory_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   preexec_fn=limit, env=env)
        status, usage = _wait(process.pid, started + timeout)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status) if usage is not None else -signal.SIGKILL
        out.seek(0)
        err.seek(0)
        return Measured(process.returncode, out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"), seconds,
                        usage.ru_maxrss if usage is not None else -1)


def _wait(pid: int, deadline: float) -> tuple[int, resource.struct_rusage | None]:
    """The child's status and its own resource usage; killed (usage ``None``) past the deadline."""
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage
        if time.perf_counter() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status, _ = os.wait4(pid, 0)
            return status, None
        time.sleep(0.02)
