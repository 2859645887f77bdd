"""Structural checks across elements: ids are unique, since they become link targets.

What one kind of element must satisfy (a table or case that exists, a chart's columns, thanks
in the preface) is checked by that element (``toolkit/model/elements/<kind>.py``).
"""

from __future__ import annotations

from toolkit.model import SourceRef
from toolkit.validation.context import RuleContext


def check_unique_ids(ctx: RuleContext) -> None:
    """Chapter, section and element ids are unique: they become link targets."""
    seen: dict[str, SourceRef] = {}

    def claim(identifier: str, source: SourceRef) -> None:
        if identifier in seen:
            ctx.diagnostics.add("MD015", ctx.location(source, 1), id=identifier, other=seen[identifier].label())
        else:
            seen[identifier] = source

    for chapter in ctx.edition.chapters:
        claim(chapter.id, chapter.source)
        for section in chapter.sections:
            claim(section.id, section.source)
    for _, block in ctx.edition.walk():
        identifier = getattr(block, "id", None)
        if isinstance(identifier, str):
            claim(identifier, block.source)  # type: ignore[attr-defined]


RULES = [check_unique_ids]
