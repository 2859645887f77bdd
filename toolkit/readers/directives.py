"""Reader rules for directives: what each ``::: name`` means in the model.

Each rule names its fields with a pydantic model (so missing, unknown and
malformed fields are reported like manifest settings), says what its argument
is, whether it needs a body, where it may stand, and builds one model block
from the fields, the argument and the already-read body.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import Text
from toolkit.model import (Block, Callout, CalloutGrid, CaseBox, CellAddress, Chart, ChartType, ColumnBox,
                           Epigraph, Feature, Figure, FigureGroup, Focus, MediaPrompt, Phase, Pillar, Quote,
                           QuoteWall, SourceRef, Statistic, TableRef, Thanks, Timeline, Paragraph, Wanted,
                           plain_text)

CELL_REFERENCE = re.compile(r"\[\[\s*([^\[\]:：]+?)\s*[:：]\s*([^\[\]:：]+?)\s*[:：]\s*([^\[\]]+?)\s*\]\]")


def parse_cell_reference(text: str) -> CellAddress | None:
    """``[[table:row:column]]`` as a cell address, or ``None`` if ``text`` is not exactly one."""
    match = CELL_REFERENCE.fullmatch(text.strip())
    return CellAddress(table=match.group(1), row=match.group(2), column=match.group(3)) if match else None


@dataclass
class ReadContext:
    """What a rule may use while reading one Markdown file (a chapter or a case)."""

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

    def report(self, code: str, line0: int | None, **args: Any) -> None:
        """Add a diagnostic at a line of the file being read."""
        self.diagnostics.add(code, self.location(line0, 1), organisation=self.organisation, **args)


class Fields(BaseModel):
    """Base of every directive's field model."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class NoFields(Fields):
    """A directive without fields."""


Builder = Callable[[ReadContext, Any, "str | None", list[Block], SourceRef], Block | None]


@dataclass(frozen=True)
class DirectiveRule:
    """One directive: its fields, its argument, its body, where it may stand, how it is built."""

    name: str
    fields: type[Fields]
    build: Builder
    summary: Text
    argument: Literal["none", "optional", "required"] = "optional"
    argument_label: Text = Text("编号", "id")
    argument_example: str = "my-id"
    body: Literal["none", "optional", "required"] = "none"
    children: frozenset[str] | None = None
    """Kinds of blocks allowed in the body (``None``: any)."""
    parents: frozenset[str] | None = None
    """Directives it may stand in (``None``: anywhere)."""


def children(ctx: ReadContext, body: list[Block], allowed: frozenset[str], parent: str) -> list[Any]:
    """The blocks of ``body`` a directive accepts; the others are reported and dropped."""
    kept = []
    for block in body:
        if block.kind in allowed:
            kept.append(block)
        else:
            line = block.source.line - 1 if block.source.line else None
            ctx.report("MD017", line, name=block.kind, parent=parent, allowed="、".join(sorted(allowed)))
    return kept


def _list_of_names(value: object) -> object:
    """``a, b、c`` → ``["a", "b", "c"]`` for list fields written on one line."""
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,，、]", value) if part.strip()]
    return value


# --- fields of each directive ----------------------------------------------------------

class FigureFields(Fields):
    """Fields of ``::: figure``."""

    src: str | None = None
    """Image file relative to the edition folder (``images/...``); absent: a placeholder frame."""
    title: str | None = None
    """A short name printed in bold before the caption."""
    caption: str = Field(min_length=1)
    """Caption printed under the image."""
    credit: str | None = None
    """Photographer or source, printed after the caption."""


class FigureGroupFields(Fields):
    """Fields of ``::: figures``."""

    caption: str | None = None
    """A caption shared by the whole group."""
    numbered: bool = True
    """Number the figures 1, 2, … (``false``: a group of unnumbered figures)."""


class TableFields(Fields):
    """Fields of ``::: table``."""

    caption: str | None = None
    """Title printed above the table; default: the title in the table's schema."""


class EpigraphFields(Fields):
    """Fields of ``::: epigraph``."""

    source: str = Field(min_length=1, examples=["2020 年《政府工作报告》"])
    """Where the quotation comes from; printed after “——”."""


class QuoteFields(Fields):
    """Fields of ``::: quote``."""

    speaker: str = Field(min_length=1, examples=["西亚尔托"])
    """The person quoted."""
    role: str | None = None
    """Their role: 外交与对外经济部部长."""
    organisation: str | None = None
    """Their organisation or country: 匈牙利."""


class TitleFields(Fields):
    """An optional title."""

    title: str | None = None
    """Printed above the element."""


class FeatureFields(Fields):
    """Fields of ``::: feature``."""

    title: str = Field(min_length=1)
    """The feature's title."""
    organisation: str = Field(min_length=1)
    """The organisation presenting its work."""


class ColumnFields(Fields):
    """Fields of ``::: column``."""

    title: str = Field(min_length=1)
    """The box's title."""
    label: Literal["专栏", "专题"] = "专栏"
    """The word printed on the box's tab."""


class PillarFields(Fields):
    """Fields of ``::: pillar``."""

    label: str = Field(min_length=1, examples=["夯实 产业发展基础"])
    """The pillar's label; a space sets the first word apart (夯实 / 产业发展基础)."""


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


class ChartFields(Fields):
    """Fields of ``::: chart``."""

    type: ChartType = "bar"
    """``bar`` (columns), ``barh`` (horizontal bars) or ``line``."""
    x: str | None = None
    """Column of the categories; default: the first column."""
    y: list[str] = []
    """Columns drawn, separated by commas; default: every numeric column."""
    title: str | None = None
    """Title; default: the table's title."""

    _split_y = field_validator("y", mode="before")(_list_of_names)


class PhaseFields(Fields):
    """Fields of ``::: phase``."""

    period: str = Field(min_length=1, examples=["2020 年 1 月 23 日起"])
    """The dates of the phase."""
    title: str = Field(min_length=1)
    """What happened in it."""


class MediaFields(Fields):
    """Fields of ``::: media``."""

    url: str | None = Field(default=None, pattern=r"^https?://\S+$", examples=["https://example.cn/video"])
    """Address the QR code opens; absent: a placeholder square (and a warning)."""
    prompt: str = Field(min_length=1, examples=["扫一扫，观看 5G 融合创新应用进展"])
    """The call to action printed beside the code."""


class FocusFields(Fields):
    """Fields of ``::: focus``."""

    title: str | None = Field(default=None, examples=["聚焦科技创新"])
    """The lead phrase; default: the start of the text up to its first “，” (聚焦科技创新，……)."""


# --- builders ----------------------------------------------------------------------------

def _figure(ctx: ReadContext, f: FigureFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return Figure(id=arg or ctx.auto_id("fig"), src=f.src, title=f.title, caption=f.caption, credit=f.credit,
                  source=src)


def _figures(ctx: ReadContext, f: FigureGroupFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    figures = [fig.model_copy(update={"number": n if f.numbered else None}) for n, fig in enumerate(body, start=1)]
    return FigureGroup(id=arg or ctx.auto_id("figs"), caption=f.caption, figures=figures, source=src)


def _table(ctx: ReadContext, f: TableFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    assert arg
    return TableRef(table_id=arg, caption=f.caption, id=ctx.auto_id("table"), source=src)


def _thanks(ctx: ReadContext, f: NoFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return Thanks(blocks=body, source=src)


def _epigraph(ctx: ReadContext, f: EpigraphFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return Epigraph(blocks=body, source_text=f.source, source=src)


def _quote(ctx: ReadContext, f: QuoteFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return Quote(blocks=body, speaker=f.speaker, role=f.role, organisation=f.organisation, source=src)


def _quote_wall(ctx: ReadContext, f: TitleFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return QuoteWall(id=arg or ctx.auto_id("quotes"), title=f.title, quotes=body, source=src)


def _case(ctx: ReadContext, f: NoFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    assert arg
    return CaseBox(case_id=arg, source=src)


def _feature(ctx: ReadContext, f: FeatureFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return Feature(id=arg or ctx.auto_id("feature"), title=f.title, organisation=f.organisation, blocks=body,
                   source=src)


def _column(ctx: ReadContext, f: ColumnFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return ColumnBox(id=arg or ctx.auto_id("column"), label=f.label, title=f.title, blocks=body, source=src)


def _pillar(ctx: ReadContext, f: PillarFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return Pillar(label=f.label, blocks=body, source=src)


def _callouts(ctx: ReadContext, f: TitleFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return CalloutGrid(id=arg or ctx.auto_id("callouts"), title=f.title, callouts=body, source=src)


def _callout(ctx: ReadContext, f: CalloutFields, arg: str | None, body: list[Block], src: SourceRef) -> Block | None:
    if not f.label and not f.lead:
        ctx.report("MD007", src.line - 1 if src.line else None, name="callout", key="label")
        return None
    ref = parse_cell_reference(f.value)
    return Callout(lead=f.lead, value="" if ref else f.value, ref=ref, unit=f.unit, label=f.label, period=f.period,
                   source=src)


def _statistic(ctx: ReadContext, f: NoFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return Statistic(blocks=body, source=src)


def _chart(ctx: ReadContext, f: ChartFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    assert arg
    return Chart(id=ctx.auto_id("chart"), table_id=arg, chart_type=f.type, x=f.x, y=f.y, title=f.title,
                 source=src)


def _timeline(ctx: ReadContext, f: TitleFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return Timeline(id=arg or ctx.auto_id("timeline"), title=f.title, phases=body, source=src)


def _phase(ctx: ReadContext, f: PhaseFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return Phase(period=f.period, title=f.title, blocks=body, source=src)


def _media(ctx: ReadContext, f: MediaFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    return MediaPrompt(id=arg or ctx.auto_id("media"), url=f.url, prompt=f.prompt, source=src)


def _focus(ctx: ReadContext, f: FocusFields, arg: str | None, body: list[Block], src: SourceRef) -> Block | None:
    title = f.title or _lead_phrase(body)
    if not title:
        ctx.report("MD007", src.line - 1 if src.line else None, name="focus", key="title")
        return None
    return Focus(title=title, blocks=body, source=src)


def _wanted(ctx: ReadContext, f: NoFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    assert arg
    return Wanted(what=arg, blocks=body, source=src)


def _lead_phrase(body: list[Block]) -> str | None:
    """The words before the first “，” of the first paragraph, if they are short enough to be a lead."""
    first = body[0] if body else None
    if not isinstance(first, Paragraph):
        return None
    lead, comma, _ = plain_text(first.inlines).partition("，")
    return lead if comma and 0 < len(lead) <= 20 else None


_TEXT = frozenset({"paragraph", "list", "heading"})

RULES: dict[str, DirectiveRule] = {
    rule.name: rule
    for rule in [
        DirectiveRule("figure", FigureFields, _figure, Text("图片及图注", "an image with its caption")),
        DirectiveRule("figures", FigureGroupFields, _figures, Text("编号的组图", "a numbered group of figures"),
                      body="required", children=frozenset({"figure"})),
        DirectiveRule("table", TableFields, _table, Text("数据表", "a data table from data/"),
                      argument="required",
                      argument_label=Text("数据表名（data/ 中的文件名）", "table name (its file name in data/)"),
                      argument_example="industrial-value-added"),
        DirectiveRule("thanks", NoFields, _thanks, Text("序言中的致谢与数据说明", "the preface's thanks and data note"),
                      argument="none", body="required", children=_TEXT),
        DirectiveRule("epigraph", EpigraphFields, _epigraph, Text("题记（引文及出处）", "a quotation and its source"),
                      argument="none", body="required", children=_TEXT),
        DirectiveRule("quote", QuoteFields, _quote, Text("署名引语", "words of a named person"),
                      argument="none", body="required", children=_TEXT),
        DirectiveRule("quote-wall", TitleFields, _quote_wall, Text("引语墙", "several short quotes"),
                      body="required", children=frozenset({"quote"})),
        DirectiveRule("case", NoFields, _case, Text("案例", "a case box from cases/"),
                      argument="required",
                      argument_label=Text("案例编号（cases/ 中的文件夹名）", "case id (its folder name in cases/)"),
                      argument_example="dewu-standards"),
        DirectiveRule("feature", FeatureFields, _feature, Text("企业专题", "a company feature"),
                      body="required"),
        DirectiveRule("column", ColumnFields, _column, Text("专栏/专题", "a 专栏/专题 box"), body="required"),
        DirectiveRule("pillar", PillarFields, _pillar, Text("专栏中的一项", "a labelled pillar of a 专栏"),
                      argument="none", body="required", children=_TEXT | {"statistic"},
                      parents=frozenset({"column"})),
        DirectiveRule("callouts", TitleFields, _callouts, Text("数据亮点组", "a grid of data callouts"),
                      body="required", children=frozenset({"callout"})),
        DirectiveRule("callout", CalloutFields, _callout, Text("数据亮点", "a big number with its label"),
                      argument="none", parents=frozenset({"callouts"})),
        DirectiveRule("statistic", NoFields, _statistic, Text("数据提示框", "a dated fact in a highlight box"),
                      argument="none", body="required", children=_TEXT),
        DirectiveRule("chart", ChartFields, _chart, Text("图表", "a chart drawn from a data table"),
                      argument="required",
                      argument_label=Text("数据表名（data/ 中的文件名）", "table name (its file name in data/)"),
                      argument_example="industrial-value-added"),
        DirectiveRule("timeline", TitleFields, _timeline, Text("时间线", "a timeline"),
                      body="required", children=frozenset({"phase"})),
        DirectiveRule("phase", PhaseFields, _phase, Text("时间线中的一个阶段", "a phase of a timeline"),
                      argument="none", body="required", children=_TEXT, parents=frozenset({"timeline"})),
        DirectiveRule("media", MediaFields, _media, Text("二维码及提示语", "a QR code with its call to action")),
        DirectiveRule("focus", FocusFields, _focus, Text("展望中的“聚焦”段落", "an outlook's focus item"),
                      argument="none", body="required", children=_TEXT),
        DirectiveRule("wanted", NoFields, _wanted, Text("待补充的内容（印作醒目的占位框）", "a gap still to fill, printed as a marked frame"),
                      argument="required", argument_label=Text("待补充的内容", "what is wanted"),
                      argument_example="案例", body="optional", children=_TEXT),
    ]
}
