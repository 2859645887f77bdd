#!/usr/bin/env python3
"""Typographic quality of a compiled PDF, measured on the page.

    .venv/bin/python -m tests.support.typo_quality build/2021/中国工业和信息化可持续发展报告2021.pdf [--json]

Prints:
- justification: the share of non-final body lines (body face and size, ending in a
  character rather than a punctuation mark) flush to both edges of their column within 0.5 pt;
- forbidden line starts: lines beginning with 、。，；：？！）》” and the like;
- missing glyphs: characters drawn with glyph 0 (.notdef, the “tofu” box);
- overflow: characters outside the page box;
- fonts: every embedded font and whether it is a subset.

The hard rules (no forbidden starts, no missing glyphs, no overflow) are asserted
by the tests on the real editions; the justification share is a target.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

FORBIDDEN_STARTS = set("、。，．；：？！）》」』〉】〕”’…%‰·")
PUNCTUATION = FORBIDDEN_STARTS | set("（《「『〈【〔“‘—,.;:?!)")
TOLERANCE = 0.5


@dataclass
class Line:
    page: int
    top: float
    x0: float
    x1: float
    text: str
    font: str
    size: float


@dataclass
class Report:
    body_lines: int = 0
    non_final_lines: int = 0
    flush_lines: int = 0
    forbidden_starts: list[str] = field(default_factory=list)
    missing_glyphs: int = 0
    overflow: list[str] = field(default_factory=list)
    fonts: dict[str, bool] = field(default_factory=dict)
    ragged: list[str] = field(default_factory=list)

    @property
    def flush_share(self) -> float:
        return self.flush_lines / self.non_final_lines if self.non_final_lines else 1.0


def lines_of(page: pdfplumber.page.Page, number: int) -> list[Line]:
    """Text lines: characters sharing a baseline, split where a wide gap shows another column."""
    rows: dict[float, list[dict]] = {}
    for char in (c for c in page.chars if c["text"].strip() and c.get("upright", True)):
        baseline = round(char["matrix"][5] * 2) / 2  # the glyph origin's y: one value per line
        key = next((k for k in rows if abs(k - baseline) <= 1.0), baseline)
        rows.setdefault(key, []).append(char)
    lines: list[Line] = []
    for row in rows.values():
        current: list[dict] = []
        for char in sorted(row, key=lambda c: c["x0"]):
            if current and char["x0"] - current[-1]["x1"] > 1.5 * current[-1]["size"]:
                lines.append(_line(current, number))
                current = []
            current.append(char)
        if current:
            lines.append(_line(current, number))
    return sorted(lines, key=lambda line: (line.x0 > page.width / 2, line.top))


def _line(chars: list[dict], number: int) -> Line:
    body = max(chars, key=lambda c: c["size"])
    return Line(
        number,
        min(c["top"] for c in chars),
        min(c["x0"] for c in chars),
        max(c["x1"] for c in chars),
        "".join(c["text"] for c in chars),
        body["fontname"],
        round(body["size"], 1),
    )


def _edges(values: list[float]) -> list[float]:
    """Positions shared by several lines: the edges of columns."""
    counts = Counter(round(v * 2) / 2 for v in values)
    return [v for v, n in counts.items() if n >= 2]


def measure(pdf_path: Path, body_size: float = 10.5) -> Report:
    report = Report()
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines = lines_of(page, number)
            for line in lines:
                if line.text[0] in FORBIDDEN_STARTS:
                    report.forbidden_starts.append(f"p{number}: {line.text[:20]}")
            for char in page.chars:
                if (
                    char["x0"] < -TOLERANCE
                    or char["x1"] > page.width + TOLERANCE
                    or char["top"] < -TOLERANCE
                    or char["bottom"] > page.height + TOLERANCE
                ):
                    report.overflow.append(f"p{number}: {char['text']}")
            body = [line for line in lines if "Serif" in line.font and abs(line.size - body_size) < 0.2]
            report.body_lines += len(body)
            rights, lefts = _edges([b.x1 for b in body]), _edges([b.x0 for b in body])
            for index, line in enumerate(body):
                following = body[index + 1] if index + 1 < len(body) else None
                if line.text[-1] in PUNCTUATION or not _continues(line, following, lefts, body_size):
                    continue
                report.non_final_lines += 1
                right_ok = any(abs(line.x1 - edge) <= TOLERANCE for edge in rights)
                left_ok = any(
                    abs(line.x0 - edge) <= TOLERANCE or abs(line.x0 - edge - 2 * body_size) <= TOLERANCE
                    for edge in lefts
                )
                if right_ok and left_ok:
                    report.flush_lines += 1
                else:
                    report.ragged.append(f"p{number} x0={line.x0:.1f} x1={line.x1:.1f}: {line.text}")
    report.missing_glyphs = count_notdef(pdf_path)
    report.fonts = embedded_fonts(pdf_path)
    return report


def _continues(line: Line, following: Line | None, lefts: list[float], size: float) -> bool:
    """Whether the paragraph goes on in the next line (so this line is not its last)."""
    if following is None or following.page != line.page or abs(following.x0 - line.x0) > 3 * size:
        return False
    close = 0 < following.top - line.top < 2.2 * size
    indented = any(abs(following.x0 - edge - 2 * size) <= TOLERANCE for edge in lefts)
    bullet = following.text[:1] in "•·-–—"
    return close and not indented and not bullet


class _NotdefCounter(PDFPageAggregator):
    """Counts characters drawn with glyph 0."""

    notdef = 0

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):  # type: ignore[override]
        if cid == 0:
            _NotdefCounter.notdef += 1
        return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)


def count_notdef(pdf_path: Path) -> int:
    _NotdefCounter.notdef = 0
    manager = PDFResourceManager()
    device = _NotdefCounter(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    with open(pdf_path, "rb") as handle:
        for page in PDFPage.get_pages(handle):
            interpreter.process_page(page)
    return _NotdefCounter.notdef


def embedded_fonts(pdf_path: Path) -> dict[str, bool]:
    """Base font name → whether it is subset (``ABCDEF+Name``)."""
    fonts: dict[str, bool] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            resources = page.page_obj.resources or {}
            font_dict = resources.get("Font", {})
            font_dict = font_dict.resolve() if hasattr(font_dict, "resolve") else font_dict
            for ref in font_dict.values():
                font = ref.resolve() if hasattr(ref, "resolve") else ref
                name = font.get("BaseFont")
                name = name.name if hasattr(name, "name") else str(name)
                fonts[name] = bool(re.match(r"^[A-Z]{6}\+", name))
    return fonts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--body-size", type=float, default=10.5, help="body text size in pt")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = measure(args.pdf, args.body_size)
    if args.json:
        print(json.dumps({**asdict(report), "flush_share": report.flush_share}, ensure_ascii=False, indent=2))
        return 0
    print(f"body lines                 {report.body_lines}")
    print(f"non-final body lines       {report.non_final_lines}")
    print(f"flush to both edges        {report.flush_lines}  ({100 * report.flush_share:.1f}%, target >= 97%)")
    for item in report.ragged[:10]:
        print(f"    not flush: {item}")
    print(f"forbidden line starts      {len(report.forbidden_starts)}")
    for item in report.forbidden_starts[:10]:
        print(f"    {item}")
    print(f"missing glyphs (.notdef)   {report.missing_glyphs}")
    print(f"text outside the page      {len(report.overflow)}")
    print("fonts embedded:")
    for name, subset in sorted(report.fonts.items()):
        print(f"    {name}  {'subset' if subset else 'FULL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
