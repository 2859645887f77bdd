"""Bytes kept between builds by key: in memory for this process, on disk (``<output>/.cache``) for the next.

The book's union font subsets and page counts (:mod:`toolkit.render.book`) and the charts' drawings
(:mod:`toolkit.render.charts`) are kept here, under keys that hash everything they depend on.
Files are written atomically and touched when read, so that pruning keeps what is used.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, MutableMapping
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from toolkit.atomic import write_atomically


class BlobCache(MutableMapping[str, bytes]):
    """Bytes by key, in memory and (when a folder is given) on disk as `blob-KEY.bin`."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}

    def _path(self, key: str) -> Path | None:
        return self.folder / f"blob-{key}.bin" if self.folder else None

    def __getitem__(self, key: str) -> bytes:
        if key not in self.memory:
            path = self._path(key)
            if path is None or not path.is_file():
                raise KeyError(key)
            self.memory[key] = path.read_bytes()
            os.utime(path)
        return self.memory[key]

    def __setitem__(self, key: str, data: bytes) -> None:
        self.memory[key] = data
        path = self._path(key)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)

    def __delitem__(self, key: str) -> None:
        self.memory.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.memory)

    def __len__(self) -> int:
        return len(self.memory)

    def __contains__(self, key: object) -> bool:
        try:
            self[str(key)]
            return True
        except KeyError:
            return False

    def made(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes kept under ``key``, made (and kept) now if there are none.

        Kept in memory only (made for another folder, earlier in this process), they are written to
        this folder too: the next build, another process, finds them there."""
        try:
            data = self[key]
        except KeyError:
            data = self[key] = make()
            return data
        path = self._path(key)
        if path is not None and not path.is_file():
            self[key] = data
        return data


def code_digest(*distributions: str) -> str:
    """The toolkit's own source code and the versions of ``distributions``, hashed.

    Part of the key of whatever is kept of what the code makes (a drawing, a DOCX chapter, a web
    page): any change to the toolkit, or another version of the library, and it is made again.
    """
    digest = hashlib.sha256(_source_digest())
    for name in distributions:
        digest.update(f"\0{name}={version(name)}".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _source_digest() -> bytes:
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()
