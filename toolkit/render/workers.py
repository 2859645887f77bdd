"""Processes that lay out the PDF's parts at the same time.

A cold build spends most of its time in WeasyPrint, one part at a time, on one core.
The chapters do not depend on each other (see :mod:`toolkit.render.book`), so they are laid
out by a pool of processes, one per processor available. The build starts the pool first thing
(:func:`toolkit.build.compile_edition`), and its processes import WeasyPrint, parse the stylesheet
and load the fonts while the build reads and checks the edition, so that start-up is not paid
twice in a row.

The layout module, :mod:`toolkit.render.layout`, is imported by name (:data:`LAYOUT_MODULE`),
by the processes that lay out: the build's process never imports WeasyPrint when others lay
out, and this module stays light (no WeasyPrint, no model).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

from toolkit.render.parts import Part, PartRequest

LAYOUT_MODULE = "toolkit.render.layout"


def lay_out(request: PartRequest) -> Part:
    """Lay out one part in this process (:func:`toolkit.render.layout.lay_out`, imported on first use)."""
    return importlib.import_module(LAYOUT_MODULE).lay_out(request)  # type: ignore[no-any-return]


class Layouts(Protocol):
    """Where parts are laid out: :class:`InProcess`, or a :class:`LayoutPool` of processes."""

    processes: int

    def submit(self, request: PartRequest) -> Future[Part]:
        """Lay out ``request``; its part when the future is asked for it."""
        ...

    def close(self, cancel: bool = False) -> None:
        """Stop the processes (at once when ``cancel``)."""
        ...


def available_processors() -> int:
    """The processors this process may run on (its CPU affinity, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class InProcess:
    """Parts laid out here and now, one after another (``--jobs 1``, and library calls by default)."""

    processes = 1

    def submit(self, request: PartRequest) -> Future[Part]:
        """Lay out ``request`` now."""
        future: Future[Part] = Future()
        future.set_result(lay_out(request))
        return future

    def close(self, cancel: bool = False) -> None:
        """Nothing to stop."""


def _started(templates_dir: Path, interruptible: bool) -> None:
    # Ctrl-C reaches every process of the terminal's group: a layout process leaves at once and
    # quietly, and the build's process says that it stopped (unless it ignores Ctrl-C: then so do they).
    signal.signal(signal.SIGINT, (lambda number, frame: os._exit(130)) if interruptible else signal.SIG_IGN)
    importlib.import_module(LAYOUT_MODULE).warm_up(templates_dir)


class LayoutPool:
    """``processes`` layout processes, started now and warming up while the edition is read."""

    def __init__(self, processes: int, templates_dir: Path) -> None:
        self.processes = processes
        # A fork server that has imported WeasyPrint once forks the layout processes: each starts
        # with it imported, and no process forks from the build's, whatever threads that one runs.
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([LAYOUT_MODULE])
        else:  # Windows: each process imports on its own
            context = multiprocessing.get_context("spawn")
        interruptible = signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
        self._executor = ProcessPoolExecutor(
            processes, mp_context=context, initializer=_started, initargs=(templates_dir, interruptible)
        )
        # Starting a process waits for the fork server to have imported WeasyPrint (a second or so):
        # a thread waits, while this process goes on reading the edition.
        self._launching = threading.Thread(target=self._launch, name="start layout processes", daemon=True)
        self._launching.start()

    def _launch(self) -> None:
        try:
            for _ in range(self.processes):  # processes start on demand: one per task waiting
                self._executor.submit(os.getpid)
        except (BrokenProcessPool, RuntimeError):
            pass  # a process died starting, or the build already stopped: the next submit says so

    def submit(self, request: PartRequest) -> Future[Part]:
        """Lay out ``request`` in whichever process is free first."""
        self._launching.join()
        return self._executor.submit(lay_out, request)

    def close(self, cancel: bool = False) -> None:
        """Let the processes finish and leave; with ``cancel``, end them now (a build that stopped)."""
        self._launching.join()
        if cancel:
            # Python 3.14 has ProcessPoolExecutor.terminate_workers() for this
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.terminate()
        self._executor.shutdown(wait=True, cancel_futures=True)


DEFAULT_MOST = 8
"""Layout processes by default at most: each holds a chapter's layout (a few hundred MiB), and a
report has a few dozen chapters at most; ``--jobs`` asks for more."""


def start(jobs: int | None, templates_dir: Path) -> Layouts:
    """The layouts for ``--jobs``: a pool of ``jobs`` processes (default: one per processor, at most
    :data:`DEFAULT_MOST`), or in this process for one."""
    processes = jobs or min(available_processors(), DEFAULT_MOST)
    return LayoutPool(processes, templates_dir) if processes > 1 else InProcess()
