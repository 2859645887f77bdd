"""The PDF for reading on screen: the printed book without the blank pages that open chapters on the right.

A printed chapter opens on a right-hand page, so the book holds blank left-hand pages (2021: six)
that a reader scrolling on screen, or listening, only meets as empty pages. The screen PDF is the
same bound book without them: every other page, its structure tree, bookmarks, links and
metadata are the print PDF's own objects, so it is tagged and valid as the print PDF is.

It keeps the printed page numbers, on purpose: the contents, the case index, the chapter
openers and the footers print the numbers of the printed book, and a page is cited by them
(“见第 37 页”), so the screen PDF says the same page 37 as the printed copy on a reader's desk.
Its page labels (``/PageLabels``) give each page its printed number, so a viewer shows “37” in
its page box and “go to page 37” opens it; only the blank pages' numbers are missing.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pypdf is imported where the book is bound (the build's own process needs only the name)
    from pypdf import PdfWriter

SCREEN_SUFFIX = "-屏幕阅读版"
"""Ends the screen PDF's file name: ``中国工业和信息化可持续发展报告2021-屏幕阅读版.pdf``."""


def leave_out_blank_pages(writer: PdfWriter, blanks: list[int]) -> None:
    """Take the pages at indexes ``blanks`` (blank, outside the structure tree) out of the bound book,
    and label every page left with its printed number."""
    from pypdf.constants import PageLabelStyle
    from pypdf.generic import ArrayObject, ByteStringObject

    for index in sorted(blanks, reverse=True):
        page = writer.pages[index]
        del writer.pages[index]
        writer._objects[page.indirect_reference.idnum - 1] = None  # not written: nothing refers to it
    number, previous = 1, -1
    starts: list[tuple[int, int]] = []
    for index in range(len(writer.pages)):
        while number - 1 in blanks:
            number += 1
        if not starts or number != previous + 1:
            starts.append((index, number))
        previous, number = number, number + 1
    for (first, start), (following, _) in zip(starts, [*starts[1:], (len(writer.pages), 0)]):
        writer.set_page_label(first, following - 1, style=PageLabelStyle.DECIMAL, start=start)
    identifier = writer._ID
    if identifier is not None:  # the same document (its first identifier), another file of it (the second)
        other = hashlib.sha256(bytes(identifier[0]) + b"screen").digest()[:16]
        writer._ID = ArrayObject([identifier[0], ByteStringObject(other)])
