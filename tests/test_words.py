"""The report's printed words (资料来源, 单位, 待补充 …) are typed once, in toolkit/model/words.py."""

from __future__ import annotations

import dataclasses
import re

from tests.conftest import ROOT
from toolkit.model.words import WORDS

PRINTERS = [
    *sorted((ROOT / "templates" / "pdf" / "blocks").glob("*.html")),
    *sorted((ROOT / "templates" / "web" / "blocks").glob("*.html")),
    ROOT / "toolkit" / "render" / "docx_blocks.py",
    ROOT / "toolkit" / "render" / "charts.py",
    ROOT / "toolkit" / "readers" / "tables.py",
    *sorted((ROOT / "toolkit" / "model" / "elements").glob("*.py")),
]
"""What prints the words: the PDF's and the web edition's block templates, the DOCX writers, the charts,
the reader that fills in awaited cells, the elements' text views."""

_NOT_PRINTED = re.compile(r'aria-label="[^"]*"|"""[\s\S]*?"""|#[^\n]*|Text\(\s*f?"[^"]*",\s*f?"[^"]*"')
"""Accessible names (the alt-text work's), docstrings, comments and messages (``Text``, its strings on the line of
the call or, as the formatter wraps a long one, on the next) say the words without printing them in the report."""


def test_printed_words_are_typed_once() -> None:
    words = {field.name: getattr(WORDS, field.name) for field in dataclasses.fields(WORDS)}
    assert len(words) == len(set(words.values())) == 8
    typed = {
        f"{path.relative_to(ROOT)}: {word}"
        for path in PRINTERS
        for word in words.values()
        if word in _NOT_PRINTED.sub("", path.read_text(encoding="utf-8"))
    }
    assert typed == set()


def test_the_templates_and_writers_print_the_vocabulary() -> None:
    table = (ROOT / "templates" / "pdf" / "blocks" / "table.html").read_text(encoding="utf-8")
    assert "{{ words.source }}：{{ table.source_note }}" in table and "{{ words.unit }}：" in table
    docx = (ROOT / "toolkit" / "render" / "docx_blocks.py").read_text(encoding="utf-8")
    assert docx.count("WORDS.source") == 2 and "WORDS.awaiting" in docx
