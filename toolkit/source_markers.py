"""Names of the invisible source markers the DOCX carries, shared by writer and reader.

Every paragraph of the DOCX starts with a point bookmark naming the file and the
line it was made from. Bookmark names are limited to 40 characters of
``[A-Za-z0-9_]``, so a path is stood in for by a short key (the start of its
SHA-1); the key → path table travels in the document (a ``w:docVar``) and can
be rebuilt from the edition folder when a reviewer's program dropped it.
Names begin with an underscore: Word treats such bookmarks as hidden, so they do
not clutter a reviewer's bookmark list, yet keeps them when the file is saved.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "_Src_"
DOCVAR = "ToolkitSources"
"""Name of the document variable holding the JSON key → path table."""

_NAME = re.compile(r"^_Src_([0-9a-f]{8})_(\d+)(?:_\d+)?$")


def path_key(path: str) -> str:
    """The short stand-in for an edition-relative POSIX path."""
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Marker:
    """What a source marker says: a key standing for a file, and a line in it."""

    key: str
    line: int


def parse_marker(name: str) -> Marker | None:
    """The marker a bookmark name encodes, or ``None`` for any other bookmark."""
    match = _NAME.match(name)
    return Marker(match.group(1), int(match.group(2))) if match else None


@dataclass
class MarkerNames:
    """Hands out unique marker names for one document and remembers the paths they stand for."""

    paths: dict[str, str] = field(default_factory=dict)
    """Key → edition-relative path, for every path named so far."""
    _used: dict[tuple[str, int], int] = field(default_factory=dict)

    def name(self, path: str, line: int) -> str:
        """A new bookmark name for ``path:line`` (a suffix keeps repeated lines unique)."""
        key = path_key(path)
        self.paths[key] = path
        count = self._used.get((key, line), 0)
        self._used[(key, line)] = count + 1
        name = f"{PREFIX}{key}_{line}"
        return name if count == 0 else f"{name}_{count}"


def paths_in(
    edition_dir: Path, patterns: Iterable[str] = ("**/*.md", "**/*.csv", "**/*.xlsx", "*.toml")
) -> dict[str, str]:
    """Key → path for the files of an edition folder: the table when the document lost its own."""
    table: dict[str, str] = {}
    for pattern in patterns:
        for path in edition_dir.glob(pattern):
            relative = path.relative_to(edition_dir).as_posix()
            table[path_key(relative)] = relative
    return table
