"""Processes that lay out the PDF's parts at the same time.

A cold build spends most of its time in WeasyPrint, one part at a time, on one core.
The chapters do not depend on each other (see :mod:`toolkit.render.book`), so they are laid
out by a pool of processes, one per processor available. The pool is started first thing
(``compile edition`` starts it before it even imports the build), and each process
imports WeasyPrint and loads the fonts while the build reads and checks the edition, so
that start-up is not paid twice in a row.

This module stays light on purpose (no WeasyPrint, no model): the processes import the
layout module, :mod:`toolkit.render.parts`, by name (:data:`LAYOUT_MODULE`) when they start.
"""
from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

LAYOUT_MODULE = "toolkit.render.parts"
T = TypeVar("T")


class Layouts(Protocol):
    """Where parts are laid out: :class:`InProcess`, or a :class:`LayoutPool` of processes."""

    processes: int

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``function(*args)``; its result when the future is asked for it."""
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

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``function(*args)`` now."""
        future: Future[T] = Future()
        future.set_result(function(*args))
        return future

    def close(self, cancel: bool = False) -> None:
        """Nothing to stop."""


def _started() -> None:
    # Ctrl-C reaches every process of the terminal's group: a layout process leaves at once and
    # quietly, and the build's process says that it stopped.
    signal.signal(signal.SIGINT, lambda number, frame: os._exit(130))


def _warm_up() -> None:
    importlib.import_module(LAYOUT_MODULE).warm_up()


class LayoutPool:
    """``processes`` layout processes, started now and warming up while the edition is read."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        # "spawn": a fresh interpreter, whatever threads the build's process runs (a progress line)
        context = multiprocessing.get_context("spawn")
        self._executor = ProcessPoolExecutor(processes, mp_context=context, initializer=_started)
        for _ in range(processes):
            self._executor.submit(_warm_up)

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Lay out in whichever process is free first."""
        return self._executor.submit(function, *args)

    def close(self, cancel: bool = False) -> None:
        """Let the processes finish and leave; with ``cancel``, end them now (a build that stopped)."""
        if cancel:
            # Python 3.14 has ProcessPoolExecutor.terminate_workers() for this
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.terminate()
        self._executor.shutdown(wait=True, cancel_futures=True)


def start(jobs: int | None = None) -> Layouts:
    """The layouts for ``--jobs``: a pool of ``jobs`` processes (default: one per processor), or in process."""
    processes = jobs or available_processors()
    return LayoutPool(processes) if processes > 1 else InProcess()
