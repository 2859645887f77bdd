"""``::: case``: a submitted case placed in the text, printed as a box; the case lives in ``cases/<id>/``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from toolkit.diagnostics import suggestion
from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import (
    BuildContext,
    CheckContext,
    Directive,
    Element,
    NoFields,
    TextContext,
)


class CaseBox(Node):
    """A case placed in the text; the case itself lives in :attr:`Edition.cases`."""

    kind: Literal["case"] = "case"
    case_id: str
    source: SourceRef


def build(ctx: BuildContext, f: NoFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The case the argument names, placed here."""
    assert arg
    return CaseBox(case_id=arg, source=src)


def text(block: CaseBox, ctx: TextContext) -> Iterator[str]:
    """The case's title, text, photo captions, quote and organisation."""
    case = ctx.edition.cases.get(block.case_id)
    if case is not None:
        yield case.title
        yield from ctx.lines(case.blocks)
        for photo in case.photos:
            yield photo.caption
        if case.quote:
            yield case.quote.text
            yield case.quote.attribution
        yield case.organisation


def check_placement(ctx: CheckContext) -> None:
    """Each ``::: case`` names an existing case; each case is placed once; unplaced cases are reported;
    a case the submissions register marks withdrawn is not placed."""
    placed: dict[str, SourceRef] = {}
    for _, block in ctx.edition.walk():
        if not isinstance(block, CaseBox):
            continue
        if block.case_id in ctx.edition.unreadable:
            continue
        if block.case_id not in ctx.edition.cases:
            ctx.diagnostics.add(
                "MD022",
                ctx.location(block.source, 1),
                case=block.case_id,
                suggestion=suggestion(block.case_id, ctx.edition.cases),
            )
        elif block.case_id in placed:
            ctx.diagnostics.add(
                "MD023", ctx.location(block.source, 1), case=block.case_id, other=placed[block.case_id].label()
            )
        else:
            placed[block.case_id] = block.source
    for case in ctx.edition.cases.values():
        if case.id not in placed:
            ctx.diagnostics.add("CS007", ctx.location(case.source), case=case.id, organisation=case.organisation)
    withdrawn = {e.case for e in ctx.edition.submissions if e.status == "withdrawn"}
    for case_id, source in placed.items():
        if case_id in withdrawn:
            ctx.diagnostics.add("CS015", ctx.location(source, 1), case=case_id)


ELEMENT = Element(
    model=CaseBox,
    directive=Directive(
        "case",
        NoFields,
        build,
        Text("案例", "a case box from cases/"),
        argument="required",
        argument_label=Text("案例编号（cases/ 中的文件夹名）", "case id (its folder name in cases/)"),
        argument_example="dewu-standards",
    ),
    text=text,
    checks=(check_placement,),
)
