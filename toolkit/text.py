"""Small facts about Chinese text shared by readers, validators and renderers, and how every stage
after the readers reads an edition's text files again (one rule: UTF-8, a BOM dropped)."""

from __future__ import annotations

from pathlib import Path


def is_cjk(char: str) -> bool:
    """Chinese characters and full-width punctuation.

    A line break in the source next to one of these joins without a space:
    Chinese has no spaces between words.
    """
    if not char:
        return False
    code = ord(char[0])
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x3000 <= code <= 0x303F
        or code in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026)
    )


def join_lines(left: str, right: str) -> str:
    """Join two pieces of a broken line: no space next to Chinese, one space otherwise."""
    if not left or not right:
        return left + right
    joiner = "" if is_cjk(left[-1]) or is_cjk(right[0]) else " "
    return left + joiner + right


def source_text(path: Path) -> str | None:
    """A text file of an edition as the readers read it (UTF-8, a BOM dropped), or ``None`` when it is
    gone or not UTF-8 (the readers have reported that)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


class SourceLines:
    """The lines of an edition's text files, each file read once (:func:`source_text`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lines: dict[str, list[str] | None] = {}

    def get(self, relative: str) -> list[str] | None:
        """The lines of ``relative`` (a path inside the folder), or ``None`` if it cannot be read."""
        if relative not in self._lines:
            text = source_text(self.folder / relative)
            self._lines[relative] = None if text is None else text.splitlines()
        return self._lines[relative]
