"""``::: callout``: a big number with its unit and label (inside ``::: callouts``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from toolkit.messages import Text
from toolkit.model.base import (
    BrokenSpot,
    CellAddress,
    Node,
    SourceRef,
    parse_cell_reference,
)
from toolkit.model.block import Block
from toolkit.model.element import (
    BuildContext,
    CheckContext,
    Directive,
    Element,
    Fields,
    TextContext,
    blocks_and_submitters,
)


class Callout(Node):
    """A big number with its unit and label, and optionally the period it refers to."""

    kind: Literal["callout"] = "callout"
    lead: str | None = None
    """Words printed before the number (工业互联网平台接入设备总量已超过)."""
    value: str
    """The number as printed (from the table when ``ref`` is set), without its unit."""
    ref: CellAddress | None = None
    unit: str | None = None
    """Printed once after the value: the editor's ``unit``, or the unit the value itself carries
    (``%`` of a percent column), never both."""
    awaiting: bool = False
    """The referenced cell's data has not come yet: ``value`` is the placeholder 待补充, printed without unit."""
    broken: BrokenSpot | None = None
    """The reference leads nowhere: ``value`` is the reference as written."""
    label: str | None = None
    period: str | None = None
    source: SourceRef

    @property
    def printed_unit(self) -> str:
        """The unit printed after the value: none while the value is awaited (待补充 stands alone)."""
        return "" if self.awaiting else self.unit or ""


class CalloutFields(Fields):
    """Fields of ``::: callout``."""

    lead: str | None = None
    """Words printed before the number, when the sentence leads into it (……已超过)."""
    value: str = Field(min_length=1, examples=["[[key-figures:战略性新兴产业增加值:增速]]", "8.4"])
    """The number: a cell reference ``[[table:row:column]]`` (preferred) or the number itself."""
    unit: str | None = None
    """Printed after the number: %, 万吨, 亿元."""
    label: str | None = None
    """What the number is, printed under it (required unless ``lead`` says it)."""
    period: str | None = None
    """The date or period it refers to: 2020 年."""


def build(ctx: BuildContext, f: CalloutFields, arg: str | None, body: list[Block], src: SourceRef) -> Block | None:
    """The callout; its value is looked up later when it is a cell reference. It needs a label or a lead."""
    if not f.label and not f.lead:
        ctx.report("MD007", src.line - 1 if src.line else None, name="callout", key="label")
        return None
    ref = parse_cell_reference(f.value)
    return Callout(
        lead=f.lead, value="" if ref else f.value, ref=ref, unit=f.unit, label=f.label, period=f.period, source=src
    )


def text(block: Callout, ctx: TextContext) -> Iterator[str]:
    """Period, lead, the number with its unit, and label, on one line."""
    yield " ".join(p for p in (block.period, block.lead, block.value + block.printed_unit, block.label) if p)


def check_awaited(ctx: CheckContext) -> None:
    """A callout of a cell still awaiting data prints 待补充 where the number goes: a gap (NR005)."""
    for organisation, block in blocks_and_submitters(ctx.edition):
        if isinstance(block, Callout) and block.awaiting and block.ref is not None:
            ctx.diagnostics.add(
                "NR005", ctx.location(block.source, 1), organisation=organisation, ref=block.ref.label()
            )


ELEMENT = Element(
    model=Callout,
    directive=Directive(
        "callout",
        CalloutFields,
        build,
        Text("数据亮点", "a big number with its label"),
        argument="none",
        parents=frozenset({"callouts"}),
    ),
    text=text,
    checks=(check_awaited,),
)
