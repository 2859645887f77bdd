"""Small facts about Chinese text shared by readers, validators and renderers."""
from __future__ import annotations


def is_cjk(char: str) -> bool:
    """Chinese characters and full-width punctuation.

    A line break in the source next to one of these joins without a space:
    Chinese has no spaces between words.
    """
    if not char:
        return False
    code = ord(char[0])
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x3000 <= code <= 0x303F or code in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026))


def join_lines(left: str, right: str) -> str:
    """Join two pieces of a broken line: no space next to Chinese, one space otherwise."""
    if not left or not right:
        return left + right
    joiner = "" if is_cjk(left[-1]) or is_cjk(right[0]) else " "
    return left + joiner + right
