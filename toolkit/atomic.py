"""Atomic output: a report appears complete or not at all.

Every output of a build is first written to a temporary file beside its final
name; only when all of them are written are they renamed into place
(``os.replace`` is atomic on one file system). A failed or interrupted build
leaves the previous report untouched and no temporary files behind. A single
file (a register, a letter, a cache entry, a corrected source) is written the
same way on its own (:func:`write_atomically`), and a folder is swapped in
whole (:func:`replace_folder`), as the web edition's folder is on commit.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType


def _temporary(final: Path) -> Path:
    """Where ``final`` is written before it is renamed: a hidden file beside it, this process's own."""
    return final.with_name(f".{final.name}.{os.getpid()}.tmp")


def write_atomically(path: Path, data: bytes | str) -> None:
    """Write one file (text as UTF-8) so that it appears complete or not at all."""
    temp = _temporary(path)
    try:
        if isinstance(data, str):
            temp.write_text(data, encoding="utf-8")
        else:
            temp.write_bytes(data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def replace_folder(folder: Path, fill: Callable[[Path], None]) -> None:
    """Write a folder in full (``fill`` writes into an empty one), then swap it in for ``folder``:
    a failure leaves the earlier version, and no half-written folder, behind."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would keep the folder from the rest of the team
        fill(staging)
        _replace_folder(staging, folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
        temp = _temporary(final)
        _remove_abandoned(self.directory, final_name)
        self._pending.append((temp, final))
        return temp

    def temporary_folder(self, final_name: str) -> Path:
        """An empty folder to write the files of folder ``final_name`` into; it replaces that folder on commit."""
        final = self.directory / final_name
        temp = self.directory / f".{final_name}.{os.getpid()}.tmp"
        _remove_abandoned(self.directory, final_name)
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

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        # Interrupts (Ctrl-C) count as failures too: nothing half-written survives.
        self.discard()


def _remove_abandoned(directory: Path, final_name: str) -> None:
    """Remove the temporary files and folders of ``final_name`` left by builds that were killed (their process
    is gone)."""
    for left in directory.glob(f".{final_name}.*.tmp"):
        pid = left.name[len(final_name) + 2 : -len(".tmp")]
        if pid.isdigit() and (int(pid) == os.getpid() or not _running(int(pid))):
            if left.is_dir() and not left.is_symlink():
                shutil.rmtree(left, ignore_errors=True)
            else:
                left.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


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
