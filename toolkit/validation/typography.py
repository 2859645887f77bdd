"""Chinese typesetting checks on the sources, and the safe fixes ``compile check --fix`` applies.

The rules read the Markdown files line by line (so that every finding has a
line and a column) and look only at text a reader will see: not at directive
names, field keys, ids, cell references, URLs or the edition's protected terms
(``[typography] protected`` in ``edition.toml``), which are masked first.

Each rule finds a span and, when the correction cannot change the meaning,
its replacement. ``--fix`` applies exactly those replacements and reports
each one; everything else is only reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.config import EditionConfig
from toolkit.diagnostics import Location
from toolkit.text import source_text
from toolkit.validation.context import RuleContext
from toolkit.validation.sources import MASK as _MASK
from toolkit.validation.sources import Change, Finding, apply_fixes, source_files, visible_lines
from toolkit.validation.units import unit_findings, unit_of, units_near

__all__ = ["Change", "Finding", "Settings", "check_typography", "fix_file", "scan", "source_files", "visible_lines"]

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
_UNITS = "万亿千百个家项件台辆人户座吨元米瓦度倍只次所亩张份条部篇"
_ALWAYS_MASKED = [
    re.compile(r"\[\[[^\]]*\]\]"),  # cell references
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<https?://[^>]*>"),  # autolinks
    re.compile(r"https?://\S+"),  # bare URLs
    re.compile(r"\{#[^}]*\}"),  # heading ids
    re.compile(r"`[^`]*`"),  # code
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),  # e-mail addresses
]


def _mask(text: str, spans: Iterator[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


def _protected_spans(text: str, terms: list[str]) -> Iterator[tuple[int, int]]:
    for pattern in _ALWAYS_MASKED:
        for match in pattern.finditer(text):
            yield match.span()
    for term in terms:
        start = text.find(term)
        while start >= 0:
            yield start, start + len(term)
            start = text.find(term, start + 1)


# --- the rules -------------------------------------------------------------------------------

Rule = Callable[[int, str, "Settings"], Iterator[Finding]]


@dataclass(frozen=True)
class Settings:
    """What the rules need from the manifest."""

    grouping: str
    protected: tuple[str, ...]

    @classmethod
    def of(cls, config: EditionConfig) -> Settings:
        """The settings of an edition."""
        return cls(config.numbers.grouping, tuple(config.typography.protected))


def _spacing(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY001: a space between Chinese and Latin letters or digits."""
    for match in re.finditer(rf"[{CJK}][A-Za-z0-9]|[A-Za-z0-9%][{CJK}]", text):
        pair = match.group(0)
        yield Finding(
            "TY001",
            line,
            match.start(),
            match.end(),
            f"{pair[0]} {pair[1]}",
            {"text": _context(text, match.start(), match.end()), "fixed": _spaced(text, match)},
        )


def _spaced(text: str, match: re.Match[str]) -> str:
    """The hint's words: the whole number or Latin word with its space (“2022 年”, not “2 年”)."""
    first, second = match.group(0)
    if re.match(rf"[{CJK}]", first):
        word = re.match(r"[A-Za-z0-9.%]+", text[match.start() + 1 :])
        return f"{first} {word.group(0) if word else second}"
    word = re.search(r"[A-Za-z0-9.%]+$", text[: match.start() + 1])
    return f"{word.group(0) if word else first} {second}"


def _percent(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY002: no space before %."""
    for match in re.finditer(r"(\d)[ \u3000]+[%％]", text):
        fixed = match.group(1) + "%"
        yield Finding("TY002", line, match.start(), match.end(), fixed, {"text": match.group(0), "fixed": fixed})


def _half_width(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY003: half-width , ; : ? ! ( ) in Chinese text, and a full stop typed as “.” after Chinese."""
    for match in re.finditer(rf"(?<=[{CJK}])[,;:?!]|[,;:?!](?=[{CJK}])|(?<=[{CJK}])\.(?=\s|$|[{CJK}])", text):
        mark = match.group(0)
        yield Finding(
            "TY003", line, match.start(), match.end(), _HALF_TO_FULL[mark], {"mark": mark, "fixed": _HALF_TO_FULL[mark]}
        )
    for match in re.finditer(rf"\(([^()]*[{CJK}][^()]*)\)", text):
        if _MASK in match.group(0):
            continue
        fixed = f"（{match.group(1)}）"
        yield Finding("TY003", line, match.start(), match.end(), fixed, {"mark": "( )", "fixed": "（ ）"})


def _repeated(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY004: the same punctuation twice."""
    for match in re.finditer(r"([，。、；：？！])\1+", text):
        safe = match.group(1) in "，。、；："
        yield Finding(
            "TY004", line, match.start(), match.end(), match.group(1) if safe else None, {"text": match.group(0)}
        )


def _quotes(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY005: straight double quotes in Chinese text."""
    if not re.search(f"[{CJK}]", text):
        return
    positions = [m.start() for m in re.finditer('"', text)]
    if not positions:
        return
    paired = len(positions) % 2 == 0
    for number, position in enumerate(positions):
        replacement = ("“" if number % 2 == 0 else "”") if paired else None
        yield Finding("TY005", line, position, position + 1, replacement, {})


def _book_titles(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY006: titles in < > instead of 《》, and unbalanced 《》."""
    for match in re.finditer(rf"<([^<>]*[{CJK}][^<>]*)>", text):
        fixed = f"《{match.group(1)}》"
        yield Finding("TY006", line, match.start(), match.end(), fixed, {"text": match.group(0)})
    yield from _unbalanced(line, text, "《", "》", "TY006", {"text": "《》"})


def _pairs(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY007: unbalanced （） and “”."""
    yield from _unbalanced(line, text, "（", "）", "TY007", {"mark": "括号（）", "mark_en": "parentheses （）"})
    yield from _unbalanced(line, text, "“", "”", "TY007", {"mark": "引号“”", "mark_en": "quotes “”"})


def _unbalanced(line: int, text: str, opening: str, closing: str, code: str, args: dict[str, Any]) -> Iterator[Finding]:
    depth = 0
    first_open = -1
    for position, char in enumerate(text):
        if char == opening:
            if depth == 0:
                first_open = position
            depth += 1
        elif char == closing:
            if depth == 0:
                yield Finding(code, line, position, position + 1, None, args)
                return
            depth -= 1
    if depth > 0:
        yield Finding(code, line, first_open, first_open + 1, None, args)


def _ellipsis(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY008: the ellipsis is ……"""
    for match in re.finditer(r"\.{3,}|。{3,}|(?<!…)…(?!…)|…{3,}", text):
        yield Finding("TY008", line, match.start(), match.end(), "……", {"text": match.group(0)})


def _grouping(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY009: thousands grouped as the edition groups them."""
    for match in re.finditer(r"(?<![\w.,/\-])(\d{1,3}(?:,\d{3})+|\d{4,})(\.\d+)?(?![\d,])", text):
        whole, fraction = match.group(1), match.group(2) or ""
        digits = whole.replace(",", "")
        after = text[match.end() : match.end() + 2].lstrip()
        yearlike = len(digits) == 4 and 1900 <= int(digits) <= 2100 and not (after[:1] and after[0] in _UNITS)
        if yearlike or digits.startswith("0"):
            continue
        if settings.grouping == "comma":
            if "," in whole or (len(digits) == 4 and not (after[:1] and after[0] in _UNITS)):
                continue
            fixed = f"{int(digits):,}" + fraction
            style, style_en = "用千位分隔符，如 5,000", "thousands separated: 5,000"
        else:
            if "," not in whole:
                continue
            fixed = digits + fraction
            style, style_en = "不用千位分隔符，如 5000", "no thousands separator: 5000"
        yield Finding(
            "TY009",
            line,
            match.start(),
            match.end(),
            fixed,
            {"number": match.group(0), "fixed": fixed, "style": style, "style_en": style_en},
        )


def _full_width(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY011: full-width digits and letters."""
    for match in re.finditer(r"[０-９Ａ-Ｚａ-ｚ]+", text):
        fixed = unicodedata.normalize("NFKC", match.group(0))
        yield Finding("TY011", line, match.start(), match.end(), fixed, {"text": match.group(0), "fixed": fixed})


def _spaced_characters(line: int, text: str, settings: Settings) -> Iterator[Finding]:
    """TY012: 联 合 国 — spaces left by justification between Chinese characters."""
    for match in re.finditer(rf"[{CJK}](?: [{CJK}]){{2,}}", text):
        fixed = match.group(0).replace(" ", "")
        yield Finding("TY012", line, match.start(), match.end(), fixed, {"text": match.group(0), "fixed": fixed})


RULES_BY_CODE: dict[str, Rule] = {
    "TY001": _spacing,
    "TY002": _percent,
    "TY003": _half_width,
    "TY004": _repeated,
    "TY005": _quotes,
    "TY006": _book_titles,
    "TY007": _pairs,
    "TY008": _ellipsis,
    "TY009": _grouping,
    "TY011": _full_width,
    "TY012": _spaced_characters,
}


def _protected_variants(line: int, original: str, settings: Settings) -> Iterator[Finding]:
    """TY010: a protected term written with other spacing or width."""
    for term in settings.protected:
        pattern = r"\s*".join(re.escape(unicodedata.normalize("NFKC", ch)) for ch in term)
        normalised = unicodedata.normalize("NFKC", original)
        if len(normalised) != len(original):
            continue  # offsets would not match the source
        for match in re.finditer(pattern, normalised):
            if original[match.start() : match.end()] != term:
                yield Finding(
                    "TY010",
                    line,
                    match.start(),
                    match.end(),
                    term,
                    {"text": original[match.start() : match.end()], "term": term},
                )


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - 4) : end + 4].replace(_MASK, "")


def scan(lines: list[str], settings: Settings, skip: frozenset[str] = frozenset()) -> list[Finding]:
    """Every typographic finding in a file's lines, in reading order."""
    findings: list[Finding] = []
    for index, visible in visible_lines(lines):
        if "TY010" not in skip:
            findings.extend(_protected_variants(index + 1, lines[index], settings))
        text = _mask(visible, _protected_spans(visible, list(settings.protected)))
        if not text.strip(_MASK + " "):
            continue
        for code, rule in RULES_BY_CODE.items():
            if code not in skip:
                findings.extend(f for f in rule(index + 1, text, settings) if _MASK not in text[f.start : f.end])
    return sorted(findings, key=lambda f: (f.line, f.start, f.code))


def check_typography(ctx: RuleContext) -> None:
    """Report every typographic finding with its place and, when safe, its fix."""
    settings = Settings.of(ctx.edition.config)
    skip = frozenset(ctx.edition.config.typography.skip)
    organisations = {case.source.path: case.organisation for case in ctx.edition.cases.values()}
    tables = ctx.edition.tables
    for relative in source_files(ctx):
        path = ctx.edition_dir / relative
        lines = ctx.lines(relative)
        # A unit typed twice after a reference is NR003's: its spacing is not worth a second report.
        doubled = [f for f in unit_findings(lines, lambda address: unit_of(tables, address)) if f.code == "NR003"]
        for finding in scan(lines, settings, skip):
            if any(d.line == finding.line and d.start < finding.end and finding.start < d.end for d in doubled):
                continue
            ctx.diagnostics.add(
                finding.code,
                Location(path, finding.line, finding.start + 1),
                organisation=organisations.get(relative),
                **finding.args,
            )


def fix_file(path: Path, settings: Settings, skip: frozenset[str] = frozenset()) -> list[Change]:
    """Apply the safe corrections to one file (atomically); return what changed.

    Besides the typography, a unit typed after a cell reference that prints it already
    (:mod:`toolkit.validation.units`) is removed: the edition's tables say which ones do.
    """
    text = source_text(path)
    if text is None:
        return []
    lines = text.split("\n")  # not splitlines: the file is written back with its own line ends
    findings = scan(lines, settings, skip) + unit_findings(lines, units_near(path))
    return apply_fixes(path, lines, sorted(findings, key=lambda f: (f.line, f.start, f.code)))


RULES = [check_typography]
