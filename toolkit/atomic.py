"""Atomic output: a report appears complete or not at all.

Every output of a build is first written to a temporary file beside its final
name; only when all of them are written are they renamed into place
(``os.replace`` is atomic on one file system). A failed or interrupted build
leaves the previous report untouched and no temporary files behind. A folder of
outputs (the web edition) is written the same way, as a temporary folder that takes
the place of the previous one on commit.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import TracebackType


class OutputBatch:
    """Temporary files that become the final outputs together, or vanish together."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._pending: list[tuple[Path, Path]] = []
        self._folders: list[tuple[Path, Path]] = []

    def __enter__(self) -> OutputBatch:
        self.directory.mkdir(parents=True, exist_ok=True)
        return self

    def temporary(self, final_name: str) -> Path:
        """A path to write ``final_name`` to; it is renamed on commit."""
        final = self.directory / final_name
        temp = self.directory / f".{final_name}.{os.getpid()}.tmp"
        self._pending.append((temp, final))
        return temp

    def temporary_folder(self, final_name: str) -> Path:
        """An empty folder to write the files of folder ``final_name`` into; it replaces that folder on commit."""
        final = self.directory / final_name
        temp = self.directory / f".{final_name}.{os.getpid()}.tmp"
        shutil.rmtree(temp, ignore_errors=True)  # left by a process of the same id killed earlier
        temp.mkdir()
        self._folders.append((temp, final))
        return temp

    def commit(self) -> list[Path]:
        """Flush every temporary file to disk and move each to its final name (folders last)."""
        for temp, _ in self._pending:
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
        finals = []
        for temp, final in self._pending:
            os.replace(temp, final)
            finals.append(final)
        self._pending.clear()
        for temp, final in self._folders:
            _replace_folder(temp, final)
            finals.append(final)
        self._folders.clear()
        _fsync_directory(self.directory)
        return finals

    def discard(self) -> None:
        """Remove every temporary file and folder written so far."""
        for temp, _ in self._pending:
            temp.unlink(missing_ok=True)
        self._pending.clear()
        for temp, _ in self._folders:
            shutil.rmtree(temp, ignore_errors=True)
        self._folders.clear()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        # Interrupts (Ctrl-C) count as failures too: nothing half-written survives.
        self.discard()


def _replace_folder(temp: Path, final: Path) -> None:
    """Put folder ``temp`` in the place of ``final``: two renames, the previous folder removed after.

    A folder cannot be renamed over a non-empty one, so the old one steps aside first; between the
    two renames (microseconds) the folder is absent, never half-written.
    """
    old = final.with_name(f".{final.name}.{os.getpid()}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(temp, final)
    shutil.rmtree(old, ignore_errors=True)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
