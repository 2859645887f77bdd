"""Noticing a save: the edition folder's files, polled by modification time and size.

An edition is a few dozen files (2021: 51), so looking at each one's ``stat`` twenty times a
second costs about a millisecond a time and needs no library, no inotify limits and no
platform differences (network drives and containers included). What changed is not worked
out here: the reader memo (:mod:`toolkit.readers.memo`) re-reads only the files whose bytes
changed.
"""

from __future__ import annotations

import os
from pathlib import Path

Fingerprint = dict[str, tuple[int, int]]
"""Each file's path relative to the folder watched → (modification time in ns, size)."""


def ignored(name: str) -> bool:
    """Files an editor or office program leaves beside the real ones: hidden, lock, backup and swap files."""
    return name.startswith((".", "~$", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def fingerprint(folder: Path) -> Fingerprint:
    """The modification time and size of every file under ``folder`` (symbolic links to folders are not followed)."""
    found: Fingerprint = {}
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:  # removed meanwhile, or unreadable: the readers will say so
            continue
        for entry in entries:
            if ignored(entry.name):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                    continue
                status = entry.stat()
            except OSError:
                continue
            found[Path(entry.path).relative_to(folder).as_posix()] = (status.st_mtime_ns, status.st_size)
    return found


class Watcher:
    """Says whether anything under a folder changed since it last looked."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.last = fingerprint(folder)

    def changed(self) -> bool:
        """Whether a file was added, removed, written or touched since the last call."""
        now = fingerprint(self.folder)
        if now == self.last:
            return False
        self.last = now
        return True
