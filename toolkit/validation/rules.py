"""The edition-wide validation rules."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolkit.diagnostics import Diagnostics, Location
from toolkit.model import Edition, SourceRef, TableRef
from toolkit.readers.common import suggestion


@dataclass
class RuleContext:
    """What a rule sees: the model, where it came from, and where to report."""

    edition: Edition
    edition_dir: Path
    diagnostics: Diagnostics

    def location(self, source: SourceRef, column: int | None = None) -> Location:
        """A diagnostic location for a model element's source."""
        return Location(self.edition_dir / source.path, source.line, column)


Rule = Callable[[RuleContext], None]


def check_table_references(ctx: RuleContext) -> None:
    """Every ``::: table`` names a table that exists under ``data/``."""
    for _, block in ctx.edition.walk():
        if isinstance(block, TableRef) and block.table_id not in ctx.edition.tables:
            ctx.diagnostics.add("MD014", ctx.location(block.source, 1), table=block.table_id,
                                suggestion=suggestion(block.table_id, ctx.edition.tables))


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


RULES: list[Rule] = [check_table_references, check_unique_ids]


def validate(edition: Edition, edition_dir: Path, diagnostics: Diagnostics) -> None:
    """Run every rule on the edition, adding what they find to ``diagnostics``."""
    ctx = RuleContext(edition, edition_dir, diagnostics)
    for rule in RULES:
        rule(ctx)
