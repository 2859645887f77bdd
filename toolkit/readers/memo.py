"""Remembering what a reader made of one file, for as long as the file stays the same.

``compile preview`` reads the edition again after every save. Each Markdown file (a chapter,
a case) is read by its own reader on its own: its model and its diagnostics depend on its bytes
and nothing else. :class:`FileMemo` keeps them keyed by the file's path, modification time, size
and SHA-256, so that after a save only the file that changed is parsed again; the reader stays
the one reader of its kind, called as it always is. A build or a check passes no memo and reads
everything (:func:`read_file`).

What is kept is a private copy: the model is mutated after reading (references filled in,
captions numbered, paragraphs marked as carried over), so each use gets a fresh deep copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from toolkit.diagnostics import Diagnostic, Diagnostics

Model = TypeVar("Model", bound=BaseModel)
FileReader = Callable[[Path, Path, Diagnostics], Model | None]
"""A reader of one file: ``(path, edition_dir, diagnostics)`` → its model, or ``None``."""


@dataclass(frozen=True)
class _Entry:
    stamp: tuple[int, str]
    """Size and SHA-256 of the bytes read."""
    result: BaseModel | None
    diagnostics: tuple[Diagnostic, ...]


class FileMemo:
    """Each file's reading, kept by (path, size, SHA-256); read again only when its bytes change."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, Path, Path], _Entry] = {}
        self.reads = 0
        """How many files were actually parsed (the others came from the memo): for tests and the benchmark."""

    def read(self, reader: FileReader[Model], path: Path, edition_dir: Path, diagnostics: Diagnostics) -> Model | None:
        """What ``reader`` makes of ``path``, from the memo when the file has not changed since."""
        key = (f"{reader.__module__}.{reader.__qualname__}", path, edition_dir)
        stamp = _stamp(path)
        entry = self._entries.get(key)
        if entry is None or stamp is None or entry.stamp != stamp:
            found = Diagnostics()
            result = reader(path, edition_dir, found)
            self.reads += 1
            entry = _Entry(stamp or (0, ""), result.model_copy(deep=True) if result is not None else None, tuple(found))
            if stamp is not None:
                self._entries[key] = entry
            diagnostics.extend(entry.diagnostics)
            return result
        diagnostics.extend(entry.diagnostics)
        return entry.result.model_copy(deep=True) if entry.result is not None else None  # type: ignore[return-value]


def read_file(
    reader: FileReader[Model], path: Path, edition_dir: Path, diagnostics: Diagnostics, memo: FileMemo | None = None
) -> Model | None:
    """``reader`` on ``path``, through ``memo`` when there is one."""
    if memo is None:
        return reader(path, edition_dir, diagnostics)
    return memo.read(reader, path, edition_dir, diagnostics)


def _stamp(path: Path) -> tuple[int, str] | None:
    """The file's size and hash; ``None`` when it cannot be read (the reader says why)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return len(data), hashlib.sha256(data).hexdigest()
