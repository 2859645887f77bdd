"""Reader rules for directives: what each ``::: name`` means, gathered from the element registry.

Each element declares its directive with its model (``toolkit/model/elements/<kind>.py``):
the fields it takes (a pydantic model, so that missing, unknown and malformed fields are
reported like manifest settings), what its argument is, whether it needs a body, where it
may stand, and how it builds one model block from the fields, the argument and the
already-read body. Here are the context a builder works in while a file is read
(:class:`ReadContext`, the model's ``BuildContext``) and the filter of a body's blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.diagnostics import Diagnostic, Diagnostics, Location
from toolkit.model import ELEMENTS, Block, BrokenSpot, LineBreak, Paragraph, SourceRef, Span, as_written
from toolkit.model.element import Directive


@dataclass
class ReadContext:
    """What a directive's builder may use while one Markdown file (a chapter or a case) is read.

    The model's :class:`toolkit.model.element.BuildContext`, with what the Markdown reader needs besides.
    """

    chapter_id: str
    path: Path
    relative: str
    diagnostics: Diagnostics
    counters: dict[str, int] = field(default_factory=dict)
    organisation: str | None = None
    """The submitting organisation, when reading a case: its problems go to its feedback letter."""

    def auto_id(self, kind: str) -> str:
        """A stable id for an element the editor did not name: ``<chapter>-<kind>-<n>``."""
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{self.chapter_id}-{kind}-{self.counters[kind]}"

    def source(self, line0: int) -> SourceRef:
        """A source reference from a 0-based markdown-it line."""
        return SourceRef(path=self.relative, line=line0 + 1)

    def location(self, line0: int | None, column: int | None = None) -> Location:
        """A diagnostic location from a 0-based markdown-it line."""
        return Location(self.path, None if line0 is None else line0 + 1, column)

    def report(self, code: str, line0: int | None, **args: Any) -> Diagnostic:
        """Add a diagnostic at a line of the file being read."""
        return self.diagnostics.add(code, self.location(line0, 1), organisation=self.organisation, **args)


def children(ctx: ReadContext, body: list[Block], allowed: frozenset[str], parent: str) -> list[Any]:
    """The blocks of ``body`` a directive accepts; the others are reported and dropped (a broken spot, told
    already, is dropped unreported: it has no place among the directive's own kinds)."""
    kept = []
    for block in body:
        if block.kind in allowed:
            kept.append(block)
        elif not (isinstance(block, Paragraph) and as_written(block.inlines)):
            line = block.source.line - 1 if block.source.line else None
            ctx.report("MD017", line, name=block.kind, parent=parent, allowed="、".join(sorted(allowed)))
    return kept


def broken_lines(lines: list[str], diagnostic: Diagnostic, source: SourceRef) -> Paragraph:
    """Lines the reader could not make an element of, as written, marked broken with ``diagnostic``'s message."""
    spot = BrokenSpot(
        code=diagnostic.code,
        message=diagnostic.message("zh"),
        line=diagnostic.location.line,
        column=diagnostic.location.column,
    )
    inlines: list[Span | LineBreak] = []
    for line in lines:
        if inlines:
            inlines.append(LineBreak())
        inlines.append(Span(text=line, broken=spot))
    return Paragraph(inlines=inlines, source=source)


RULES: dict[str, Directive] = {
    element.directive.name: element.directive for element in ELEMENTS if element.directive is not None
}
"""Every directive by name, from the element registry."""
