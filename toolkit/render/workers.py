"""Processes that lay out the PDF's parts at the same time.

A cold build spends most of its time in WeasyPrint, one part at a time, on one core.
The chapters do not depend on each other (see :mod:`toolkit.render.book`), so they are laid
out by a pool of processes, one per processor available. The pool is started first thing
(:func:`toolkit.build.compile_edition`): its fork server imports
WeasyPrint, and its first process parses the stylesheet and loads the fonts while the build
reads and checks the edition, so that start-up is not paid twice in a row. The other
processes start when more parts wait than processes are free (a cold build's chapters; not a
rebuild's one chapter). The book is bound in a process of its own too (:data:`BINDING_MODULE`),
while the build's process writes the DOCX and the web edition.

The layout module, :mod:`toolkit.render.layout`, is imported by name (:data:`LAYOUT_MODULE`),
by the processes that lay out: the build's process never imports WeasyPrint when others lay
out, and this module stays light (no WeasyPrint, no model).

**The processes end with the build, however it ends.** A build killed outright (``kill -9``, the
out-of-memory killer) tells nobody: the layout processes would wait for work for ever, holding the
fork server and its resource tracker alive too (the pipes each waits on are held open by the
others). So each process of the pool (the layout processes, the binder) watches a *lifeline*, a pipe
whose only writing end is the build's: the kernel closes it when the build ends, the process reads
the end of it, removes the fork server's socket folder and leaves at once; then the fork server and
the resource tracker, left without clients, leave too (the fork server once it has imported
WeasyPrint, if the build ended that early).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import shutil
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

from toolkit.render.parts import BindRequest, Part, PartRequest

LAYOUT_MODULE = "toolkit.render.layout"
BINDING_MODULE = "toolkit.render.binding"
"""Binding with pypdf, imported by name too: the build's process needs neither WeasyPrint nor pypdf."""


def lay_out(request: PartRequest) -> Part:
    """Lay out one part in this process (:func:`toolkit.render.layout.lay_out`, imported on first use)."""
    return importlib.import_module(LAYOUT_MODULE).lay_out(request)  # type: ignore[no-any-return]


def bind(request: BindRequest) -> dict[str, bytes]:
    """Bind a book in this process (:func:`toolkit.render.binding.bind`, imported on first use)."""
    return importlib.import_module(BINDING_MODULE).bind(request)  # type: ignore[no-any-return]


def prepare(pdfs: list[bytes]) -> None:
    """Read parts now for the bind to come, in this process (:func:`toolkit.render.binding.prepare`)."""
    importlib.import_module(BINDING_MODULE).prepare(pdfs)


class Layouts(Protocol):
    """Where parts are laid out and bound: :class:`InProcess`, or a :class:`LayoutPool` of processes."""

    processes: int

    def submit(self, request: PartRequest) -> Future[Part]:
        """Lay out ``request``; its part when the future is asked for it."""
        ...

    def bind(self, request: BindRequest) -> Future[dict[str, bytes]]:
        """Bind the book of ``request``; its PDF for each medium when the future is asked for it."""
        ...

    def prepare(self, parts: list[Part]) -> None:
        """Parts already laid out (kept from a build before) that the book will bind: read them meanwhile."""
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

    def bind(self, request: BindRequest) -> Future[dict[str, bytes]]:
        """Bind the book now."""
        future: Future[dict[str, bytes]] = Future()
        future.set_result(bind(request))
        return future

    def prepare(self, parts: list[Part]) -> None:
        """Nothing to do ahead: binding reads them (here, after the layouts)."""

    def close(self, cancel: bool = False) -> None:
        """Nothing to stop."""


ORPHANED = 143
"""The exit code of a layout process whose build ended under it (as if terminated)."""


def end_with(lifeline: Connection) -> None:
    """End this process as soon as nobody holds the writing end of ``lifeline`` any more (its build ended).

    A daemon thread waits on the pipe: nothing is ever written to it, so the only thing it can
    read is its end, when the build's process is gone (or closed it on purpose).
    """

    def wait() -> None:
        try:
            lifeline.recv_bytes()
        except (EOFError, OSError):
            pass
        _remove_server_folder()
        os._exit(ORPHANED)

    threading.Thread(target=wait, name="lifeline", daemon=True).start()


def _remove_server_folder() -> None:
    """Remove the folder of the fork server's socket, which the build removes on its way out and a killed
    build leaves behind (``/tmp/pymp-…``): this process, forked by the server, knows where it is."""
    try:
        from multiprocessing import forkserver
    except ImportError:  # no fork server here (Windows)
        return
    address = getattr(forkserver._forkserver, "_forkserver_address", None)
    folder = Path(address).parent if isinstance(address, str) else None
    if folder is not None and folder.name.startswith("pymp-"):
        shutil.rmtree(folder, ignore_errors=True)


def _joined(interruptible: bool, lifeline: Connection) -> None:
    """What every process of the pool does first: end with the build, and with Ctrl-C as it does."""
    end_with(lifeline)  # first: a build killed while this process warms up ends it too
    # Ctrl-C reaches every process of the terminal's group: a layout process leaves at once and
    # quietly, and the build's process says that it stopped (unless it ignores Ctrl-C: then so do they).
    signal.signal(signal.SIGINT, (lambda number, frame: os._exit(130)) if interruptible else signal.SIG_IGN)


def _started(templates_dir: Path, interruptible: bool, lifeline: Connection) -> None:
    _joined(interruptible, lifeline)
    importlib.import_module(LAYOUT_MODULE).warm_up(templates_dir)


def _binder_started(interruptible: bool, lifeline: Connection) -> None:
    _joined(interruptible, lifeline)
    importlib.import_module(BINDING_MODULE)  # here, not in the fork server: the first layout process starts sooner


class LayoutPool:
    """Up to ``processes`` layout processes, and a binder process.

    ``started`` layout processes start now, warming up while the edition is read, the others as soon
    as more parts wait than processes are free: a rebuild lays out a chapter or two, and a process
    warming up for nothing would take a core from them. The binder reads the parts kept from the
    build before while the changed ones are laid out (:meth:`prepare`), then binds the book; binding
    in a process of its own, it never takes a layout process (nor makes the pool start another).
    """

    def __init__(self, processes: int, templates_dir: Path, started: int = 1) -> None:
        self.processes = processes
        self._started = min(started, processes)
        # A fork server that has imported WeasyPrint once forks the processes: each starts with it
        # imported, and no process forks from the build's, whatever threads that one runs.
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([LAYOUT_MODULE])
        else:  # Windows: each process imports on its own
            context = multiprocessing.get_context("spawn")
        interruptible = signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
        # the lifeline's reading end travels to each process; its writing end never leaves this one
        self._lifeline, self._holding = context.Pipe(duplex=False)
        self._executor = ProcessPoolExecutor(
            processes, mp_context=context, initializer=_started, initargs=(templates_dir, interruptible, self._lifeline)
        )
        self._binder = ProcessPoolExecutor(
            1, mp_context=context, initializer=_binder_started, initargs=(interruptible, self._lifeline)
        )
        # Starting a process waits for the fork server to have imported WeasyPrint (a second or so):
        # a thread waits, while this process goes on reading the edition. The binder starts later (prepare).
        self._launching = threading.Thread(target=self._launch, name="start layout processes", daemon=True)
        self._launching.start()

    def _launch(self) -> None:
        try:
            for _ in range(self._started):  # processes start on demand: one per task waiting
                self._executor.submit(os.getpid)
        except (BrokenProcessPool, RuntimeError):
            pass  # a process died starting, or the build already stopped: the next submit says so

    def submit(self, request: PartRequest) -> Future[Part]:
        """Lay out ``request`` in whichever process is free first."""
        self._launching.join()
        return self._executor.submit(lay_out, request)

    def prepare(self, parts: list[Part]) -> None:
        """Have the binder read these parts while the others are laid out.

        The binder starts here (importing pypdf), once the first parts are sent off: started with
        the pool, it took the processor from the build reading the edition and the first layout
        process warming up, both of which the first layout waits for."""
        self._launching.join()
        self._binder.submit(prepare, [part.pdf for part in parts])

    def bind(self, request: BindRequest) -> Future[dict[str, bytes]]:
        """Bind the book in the binder."""
        self._launching.join()
        return self._binder.submit(bind, request)

    def close(self, cancel: bool = False) -> None:
        """Let the processes finish and leave; with ``cancel``, end them now (a build that stopped)."""
        self._launching.join()
        for executor in (self._executor, self._binder):
            if cancel:
                # Python 3.14 has ProcessPoolExecutor.terminate_workers() for this
                for process in list(getattr(executor, "_processes", {}).values()):
                    process.terminate()
            executor.shutdown(wait=True, cancel_futures=True)
        self._holding.close()
        self._lifeline.close()


DEFAULT_MOST = 8
"""Layout processes by default at most: each holds a chapter's layout (a few hundred MiB), and a
report has a few dozen chapters at most; ``--jobs`` asks for more."""


def start(jobs: int | None, templates_dir: Path) -> Layouts:
    """The layouts for ``--jobs``: a pool of ``jobs`` processes (default: one per processor, at most
    :data:`DEFAULT_MOST`), or in this process for one."""
    processes = jobs or min(available_processors(), DEFAULT_MOST)
    return LayoutPool(processes, templates_dir) if processes > 1 else InProcess()
