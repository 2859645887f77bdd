"""Processes a command starts end with it, however it ends: ``kill -9``, ``kill``, Ctrl+C.

Each test starts ``compile`` as a user does, in a session of its own (``start_new_session``): every
process it starts (the layout processes, their fork server and resource tracker, the binder) belongs
to that session whoever its parent becomes, so ``/proc`` tells which are still alive once the
command is stopped. The tests wait for the processes to exist before stopping the command.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT
from toolkit.render.web_search import SEARCH_FOLDER

COMPILE = str(Path(sys.executable).parent / "compile")
SEARCH_INDEX = f"{SEARCH_FOLDER}/index.js"
"""A file of the search index the preview makes when a page first asks for it."""
GONE_WITHIN = 5.0
"""Seconds the processes of a stopped command may take to end (the issue's promise)."""


def _session(sid: int) -> dict[int, tuple[int, str]]:
    """The living processes of session ``sid``: pid → (parent pid, command line)."""
    found: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:  # ended meanwhile
            continue
        if int(fields[3]) == sid and fields[0] not in ("Z", "X"):
            found[int(entry)] = (int(fields[1]), command)
    return found


def _start(*args: str) -> subprocess.Popen[bytes]:
    # Ctrl+C as in a terminal: whatever the test runner does with SIGINT, the command has the default
    return subprocess.Popen(
        [COMPILE, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _wait_for(process: subprocess.Popen[bytes], seen: object, what: str) -> dict[int, tuple[int, str]]:
    """Poll the command's session until ``seen(processes)`` holds; the processes then."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        processes = _session(process.pid)
        if seen(processes):  # type: ignore[operator]
            return processes
        time.sleep(0.02)
    process.kill()
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    pytest.fail(f"{what} never appeared (exit code {process.poll()}):\n{output[-3000:]}")


def _layout_processes(build: int) -> object:
    """Whether the layout processes exist: two processes forked by the build's fork server."""

    def seen(processes: dict[int, tuple[int, str]]) -> bool:
        servers = {
            pid
            for pid, (parent, command) in processes.items()
            if parent == build and "multiprocessing.forkserver" in command
        }
        return sum(1 for parent, _ in processes.values() if parent in servers) >= 2

    return seen


def _server_folders(processes: dict[int, tuple[int, str]]) -> set[Path]:
    """The folders of the fork servers' sockets (``/tmp/pymp-…``) among ``processes``, from ``/proc/net/unix``."""
    inodes = {
        link.split("[")[1].rstrip("]")
        for pid, (_, command) in processes.items()
        if "multiprocessing.forkserver" in command
        for link in _links(pid)
        if link.startswith("socket:[")
    }
    folders = set()
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[6] in inodes and "/pymp-" in fields[7]:
            folders.add(Path(fields[7]).parent)
    return folders


def _links(pid: int) -> list[str]:
    try:
        return [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return []


def _left_after_stop(process: subprocess.Popen[bytes], how: int) -> dict[int, tuple[int, str]]:
    """Stop the command (SIGINT to its whole group, as a terminal's Ctrl+C); what of its session is alive 5 s later."""
    if how == signal.SIGINT:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(how)
    process.wait(timeout=120)
    deadline = time.monotonic() + GONE_WITHIN
    while (left := _session(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:  # do not leave them on the machine: they are this test's own
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["kill-9", "kill", "ctrl-c"])
def test_a_stopped_build_leaves_no_layout_process_behind(how: int, tmp_path: Path) -> None:
    """The layout processes, their binder, fork server and resource tracker."""
    build = _start("edition", "2021", "--out", str(tmp_path), "--format", "pdf")
    before = _wait_for(build, _layout_processes(build.pid), "the layout processes")
    assert any("resource_tracker" in command for _, command in before.values())
    folders = _server_folders(before)
    assert len(folders) == 1, folders
    assert _left_after_stop(build, how) == {}
    assert not any(folder.exists() for folder in folders)  # the fork server's socket folder went too
    if how != signal.SIGKILL:  # stopped cleanly: no report, no temporary file, and it says so
        assert build.returncode == 130
        assert [path.name for path in tmp_path.iterdir() if path.name not in ("feedback", ".cache")] == []
        assert "已中止" in build.stdout.read().decode("utf-8")  # type: ignore[union-attr]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["kill-9", "kill", "ctrl-c"])
def test_a_stopped_preview_leaves_nothing_behind(how: int) -> None:
    """The preview indexes for search in a thread of its own (no process): stopped while it serves a
    page and the index, nothing of its session is left."""
    preview = _start("preview", "2021", "--port", "0")
    said = b""
    assert preview.stdout is not None
    while not (found := re.search(rb"(http://[^\s/]+/)", said)):
        line = preview.stdout.readline()
        assert line, said.decode("utf-8", "replace")
        said += line
    address = found.group(1).decode()
    _quietly(address)  # the contents page: built and served
    asking = threading.Thread(target=lambda: _quietly(address + SEARCH_INDEX), daemon=True)
    asking.start()  # the index is being made when the preview is stopped
    assert preview.poll() is None
    assert _left_after_stop(preview, how) == {}
    asking.join(timeout=30)


def _quietly(url: str) -> None:
    try:
        urllib.request.urlopen(url, timeout=60).read()
    except OSError:  # the preview was stopped under the request: that is the test
        pass
