"""Structural checks: references between files, unique ids, where cases and boxes stand."""
from __future__ import annotations

from toolkit.messages import Text
from toolkit.model import CaseBox, Chart, SourceRef, TableRef, Thanks
from toolkit.readers.common import suggestion
from toolkit.validation.context import RuleContext

NUMERIC = frozenset({"number", "integer", "percent"})


def check_table_references(ctx: RuleContext) -> None:
    """Every ``::: table`` names a table that exists under ``data/``."""
    for _, block in ctx.edition.walk():
        if isinstance(block, TableRef) and block.table_id not in ctx.edition.tables \
                and block.table_id not in ctx.edition.unreadable:
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


def check_case_placement(ctx: RuleContext) -> None:
    """Each ``::: case`` names an existing case; each case is placed once; unplaced cases are reported."""
    placed: dict[str, SourceRef] = {}
    for _, block in ctx.edition.walk():
        if not isinstance(block, CaseBox):
            continue
        if block.case_id in ctx.edition.unreadable:
            continue
        if block.case_id not in ctx.edition.cases:
            ctx.diagnostics.add("MD022", ctx.location(block.source, 1), case=block.case_id,
                                suggestion=suggestion(block.case_id, ctx.edition.cases))
        elif block.case_id in placed:
            ctx.diagnostics.add("MD023", ctx.location(block.source, 1), case=block.case_id,
                                other=placed[block.case_id].label())
        else:
            placed[block.case_id] = block.source
    for case in ctx.edition.cases.values():
        if case.id not in placed:
            ctx.diagnostics.add("CS007", ctx.location(case.source), case=case.id, organisation=case.organisation)
    withdrawn = {e.case for e in ctx.edition.submissions if e.status == "withdrawn"}
    for case_id, source in placed.items():
        if case_id in withdrawn:
            ctx.diagnostics.add("CS015", ctx.location(source, 1), case=case_id)


def check_charts(ctx: RuleContext) -> None:
    """A chart's table exists, and its columns exist and hold numbers."""
    for _, block in ctx.edition.walk():
        if not isinstance(block, Chart):
            continue
        table = ctx.edition.tables.get(block.table_id)
        if table is None and block.table_id in ctx.edition.unreadable:
            continue
        if table is None:
            ctx.diagnostics.add("MD014", ctx.location(block.source, 1), table=block.table_id,
                                suggestion=suggestion(block.table_id, ctx.edition.tables))
            continue
        columns = {c.name: c for c in table.columns}
        for name in [block.x] if block.x else []:
            if name not in columns:
                ctx.diagnostics.add("MD025", ctx.location(block.source, 1), chart=block.table_id, column=name,
                                    reason="不存在", reason_en="does not exist",
                                    suggestion=suggestion(name, columns))
        for name in block.y:
            if name not in columns:
                ctx.diagnostics.add("MD025", ctx.location(block.source, 1), chart=block.table_id, column=name,
                                    reason="不存在", reason_en="does not exist",
                                    suggestion=suggestion(name, columns))
            elif columns[name].type not in NUMERIC:
                ctx.diagnostics.add("MD025", ctx.location(block.source, 1), chart=block.table_id, column=name,
                                    reason="不是数字列", reason_en="is not numeric",
                                    suggestion=Text("图表只能画数字列（number、integer、percent）。",
                                                    "Charts draw numeric columns (number, integer, percent)."))


def check_thanks_in_preface(ctx: RuleContext) -> None:
    """Thanks are the preface's closing words."""
    for chapter, block in ctx.edition.walk():
        if isinstance(block, Thanks) and chapter.kind != "preface":
            ctx.diagnostics.add("MD027", ctx.location(block.source, 1))


RULES = [check_table_references, check_unique_ids, check_case_placement, check_charts, check_thanks_in_preface]


