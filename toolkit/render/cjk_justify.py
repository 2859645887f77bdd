"""Chinese justification for WeasyPrint: stretch between characters, not only at spaces.

WeasyPrint justifies a line by widening its spaces (``justify_line`` in
``layout/inline.py``), so Chinese lines, which have no spaces, stay ragged.
Chinese typesetting spreads the extra width over the gaps between characters.
This module teaches WeasyPrint to do that, in two places:

- counting: every Chinese character (ideographs, full-width punctuation) of a
  text box becomes a stretch point, so ``justify_line`` shares the line's extra
  width among them as well as among spaces;
- drawing: when a text box is drawn justified, each Chinese character gets the
  per-point spacing as Pango letter spacing.

Pango splits letter spacing half before and half after a character and drops
the outer halves at the ends of a text, so a character at either end of a box
counts as half a point; the total drawn is exactly what was counted. Line
breaking is untouched (justification only happens after lines are broken), so
kinsoku still holds, and no character is inserted: text extracted from the PDF
reads as typed.

A line holding a piece of a web address, or broken just before one (``<span class="url">``,
see :func:`toolkit.render.html.url_html`), is not justified: its room is what the next piece of
the address did not fit in, often most of the line, and spread over the few Chinese characters
beside the address it would set them letter-spaced (更 多 信 息 请 见 ：). Such a line is set
flush left, like a paragraph's last.

Written against WeasyPrint 70 (``pyproject.toml`` pins the major version);
:func:`install` is idempotent.
"""

from __future__ import annotations

import re
from typing import Any

from toolkit.render.weasy import boxes, inline, line_break, text_ffi

TO_UNITS, ffi, pango = text_ffi.TO_UNITS, text_ffi.ffi, text_ffi.pango

# Ideographs, CJK symbols and punctuation, full-width forms, and the curly quotes, dash and
# ellipsis that Chinese text sets full width.
_CJK = re.compile(
    "[\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026]"
)
_installed = False
_original_count = inline.count_expandable_spaces
_original_set_text = line_break.Layout.set_text
_original_split = inline.split_inline_box
_original_align = inline.text_align
URL_CLASS = "url"


def cjk_units(text: str) -> float:
    """Stretch points a text offers between its Chinese characters (see the module docstring)."""
    positions = [m.start() for m in _CJK.finditer(text)]
    if not positions:
        return 0.0
    units = float(len(positions))
    if positions[0] == 0:
        units -= 0.5
    if positions[-1] == len(text) - 1:
        units -= 0.5
    return units


def _count_expandable(box: Any) -> float:
    if isinstance(box, boxes.TextBox):
        return _original_count(box) + cjk_units(box.text)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(_count_expandable(child) for child in box.children)
    return 0


def _set_text(self: Any, text: str, justify: bool = False) -> None:
    _original_set_text(self, text, justify)
    spacing = self.justification_spacing
    if not (justify and spacing and _CJK.search(self.text)):
        return
    attr_list = pango.pango_layout_get_attributes(self.layout)
    if attr_list == ffi.NULL:
        attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    amount = int(spacing * TO_UNITS)
    encoded = self.text.encode()
    for match in _CJK.finditer(self.text):
        start = len(self.text[: match.start()].encode())
        end = start + len(match.group(0).encode())
        if end > len(encoded):
            break
        attr = pango.pango_attr_letter_spacing_new(amount)
        attr.start_index, attr.end_index = start, end
        pango.pango_attr_list_change(attr_list, attr)
    pango.pango_layout_set_attributes(self.layout, attr_list)


def breaks_at_url(line: Any, resume_at: dict[int, Any] | None) -> bool:
    """Whether the line ``line`` (the paragraph's line box, all of it) ends where ``resume_at``
    resumes inside a web address or at its start."""
    box, stack = line, resume_at
    while stack and isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        index, stack = next(iter(stack.items()))
        if index >= len(box.children):
            return False
        box = box.children[index]
        if _is_url(box):
            return True
    return False


def _is_url(box: Any) -> bool:
    element = getattr(box, "element", None)
    return (
        isinstance(box, boxes.InlineBox) and element is not None and URL_CLASS in (element.get("class") or "").split()
    )


def holds_url(box: Any) -> bool:
    """Whether a laid-out line (or inline box) holds a piece of a web address."""
    return _is_url(box) or (
        isinstance(box, (boxes.LineBox, boxes.InlineBox)) and any(holds_url(child) for child in box.children)
    )


def _split_inline_box(context: Any, box: Any, *args: Any, **kwargs: Any) -> Any:
    result = _original_split(context, box, *args, **kwargs)
    if isinstance(box, boxes.LineBox) and (breaks_at_url(box, result[1]) or holds_url(result[0])):
        result[0].by_url = True
    return result


def _text_align(context: Any, line: Any, available_width: float, last: bool) -> Any:
    return _original_align(context, line, available_width, last or getattr(line, "by_url", False))


def install() -> None:
    """Make WeasyPrint justify Chinese text (once per process)."""
    global _installed
    if _installed:
        return
    inline.count_expandable_spaces = _count_expandable
    line_break.Layout.set_text = _set_text
    inline.split_inline_box = _split_inline_box
    inline.text_align = _text_align
    _installed = True
