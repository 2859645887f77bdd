"""The edition folder's ingestion lock: one writer of ``cases/`` and ``submissions.toml`` at a time.

``compile ingest`` and the portal's workers (any number of processes, on one machine or on
several sharing the edition folder's volume) take it around every change of the register.
It is the kernel's ``flock`` on ``<edition>/.ingest.lock``: released when its holder exits,
even killed with SIGKILL, so no crash leaves the edition locked. Re-entrant within a process,
so that a function holding it may call another that takes it.
"""
from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".ingest.lock"
_held = threading.local()
_threads = threading.Lock()
_process_locks: dict[Path, threading.RLock] = {}


@contextmanager
def edition_lock(edition_dir: Path) -> Iterator[None]:
    """Hold the edition's lock for the duration of the block (waiting for another holder)."""
    path = (edition_dir / LOCK_FILE).resolve()
    with _threads:
        local = _process_locks.setdefault(path, threading.RLock())
    with local:  # threads of this process, one at a time; flock alone would let them all in
        depth: dict[Path, int] = getattr(_held, "depth", None) or {}
        _held.depth = depth
        if depth.get(path):
            depth[path] += 1
            try:
                yield
            finally:
                depth[path] -= 1
            return
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            depth[path] = 1
            try:
                yield
            finally:
                depth[path] = 0
                fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            os.close(descriptor)
