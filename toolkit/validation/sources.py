"""Rules that read the Markdown sources: which parts are printed text, and how safe fixes are applied.

Source rules (typography, units after cell references) report each finding with
its line and column, and, when the correction cannot change the meaning, the
replacement ``compile check --fix`` applies. A finding may instead remove its
whole line (a directive field that must go). Fixes are applied per file, all at
once, and never two on the same characters: an overlapping one waits for the
next round.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.atomic import write_atomically
from toolkit.validation.context import RuleContext

MASK = "\uffff"  # stands for characters no rule may look at
TEXT_KEYS = frozenset(
    {
        "title",
        "caption",
        "credit",
        "label",
        "source",
        "speaker",
        "role",
        "organisation",
        "prompt",
        "text",
        "sources",
        "period",
        "lead",
        "tab",
        "unit",
    }
)
FIELD = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z][\w-]*)(\s*[:：]\s?)(.*)$")
DIRECTIVE = re.compile(r"^\s*:{3,}\s*([A-Za-z][\w-]*)?")


@dataclass(frozen=True)
class Finding:
    """One problem on one line of a source: where, which rule, and the safe replacement if any."""

    code: str
    line: int
    start: int
    end: int
    replacement: str | None
    args: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    delete_line: bool = False
    """The fix removes the whole line (``replacement`` is then ignored)."""

    @property
    def fixable(self) -> bool:
        """Whether ``--fix`` may apply it."""
        return self.delete_line or self.replacement is not None


@dataclass(frozen=True)
class Change:
    """One correction ``--fix`` made."""

    path: Path
    line: int
    column: int
    code: str
    before: str
    after: str


def source_files(ctx: RuleContext) -> list[str]:
    """The Markdown files of the edition, relative to its folder: chapters, then cases."""
    relatives = [chapter.source.path for chapter in ctx.edition.chapters]
    relatives += [case.source.path for case in ctx.edition.cases.values()]
    return relatives


def visible_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Each line with everything but printed text masked (same length, same positions)."""
    in_front = False
    in_directive_fields = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if index == 0 and stripped == "---":
            in_front = True
            yield index, MASK * len(line)
            continue
        if in_front:
            if stripped == "---":
                in_front = False
                yield index, MASK * len(line)
            else:
                yield index, field_value(line)
            continue
        if re.match(r"^\s*:{3,}", line):
            in_directive_fields = bool(re.match(r"^\s*:{3,}\s*[A-Za-z]", line))
            yield index, MASK * len(line)
            continue
        if in_directive_fields:
            if not stripped:
                in_directive_fields = False
            elif FIELD.match(line):
                yield index, field_value(line)
                continue
            elif line[:1].isspace():
                yield index, line  # a continued field value
                continue
            else:
                in_directive_fields = False
        yield index, markup_masked(line)


def directive_fields(lines: list[str], name: str) -> Iterator[dict[str, tuple[int, int, str]]]:
    """The fields of every ``::: name`` directive: key → (line index, column of the value, value)."""
    index = 0
    while index < len(lines):
        opening = DIRECTIVE.match(lines[index])
        index += 1
        if not opening or opening.group(1) != name:
            continue
        fields: dict[str, tuple[int, int, str]] = {}
        while index < len(lines) and lines[index].strip() and not DIRECTIVE.match(lines[index]):
            match = FIELD.match(lines[index])
            if match:
                fields.setdefault(match.group(2), (index, match.start(4), match.group(4)))
            index += 1
        yield fields


def field_value(line: str) -> str:
    """A ``key: value`` line with only the value of a text field left visible."""
    match = FIELD.match(line)
    if not match or match.group(2) not in TEXT_KEYS:
        return MASK * len(line)
    head = len(match.group(1)) + len(match.group(2)) + len(match.group(3))
    return MASK * head + match.group(4)


def markup_masked(line: str) -> str:
    """Markdown markers (headings, list bullets) masked."""
    match = re.match(r"^(\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)?)", line)
    head = len(match.group(1)) if match else 0
    return MASK * head + line[head:]


def apply_fixes(path: Path, lines: list[str], findings: list[Finding]) -> list[Change]:
    """Apply the fixable findings to ``lines`` of ``path`` and write it (atomically); return what changed."""
    changes: list[Change] = []
    by_line: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.fixable:
            by_line.setdefault(finding.line, []).append(finding)
    deleted: set[int] = set()
    for number, found in by_line.items():
        removal = next((f for f in found if f.delete_line), None)
        if removal is not None:
            deleted.add(number)
            changes.append(Change(path, number, removal.start + 1, removal.code, lines[number - 1], ""))
            continue
        lines[number - 1] = _fix_line(path, number, lines[number - 1], found, changes)
    if changes:
        kept = [line for number, line in enumerate(lines, start=1) if number not in deleted]
        write_atomically(path, "\n".join(kept))
    return sorted(changes, key=lambda c: (c.line, c.column))


def _fix_line(path: Path, number: int, line: str, findings: list[Finding], changes: list[Change]) -> str:
    taken_from = len(line) + 1
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        if finding.end > taken_from:
            continue  # overlaps a change already made on this line; the next run takes it
        before = line[finding.start : finding.end]
        line = line[: finding.start] + (finding.replacement or "") + line[finding.end :]
        taken_from = finding.start
        changes.append(Change(path, number, finding.start + 1, finding.code, before, finding.replacement or ""))
    return line
