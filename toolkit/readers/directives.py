"""Reader rules for directives: what each ``::: name`` means in the model.

Each rule names its fields with a pydantic model (so missing, unknown and
malformed fields are reported like manifest settings) and builds one model
block from the fields, the argument and the already-read body.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import Text
from toolkit.model import Block, Figure, SourceRef, TableRef


@dataclass
class ReadContext:
    """What a rule may use while reading one chapter file."""

    chapter_id: str
    path: Path
    relative: str
    diagnostics: Diagnostics
    counters: dict[str, int] = field(default_factory=dict)

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


class Fields(BaseModel):
    """Base of every directive's field model."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


Builder = Callable[[ReadContext, Fields, "str | None", list[Block], SourceRef], Block | None]


@dataclass(frozen=True)
class DirectiveRule:
    """One directive: its fields, its argument, whether it takes a body, how it is built."""

    name: str
    fields: type[Fields]
    build: Builder
    argument: Literal["none", "optional", "required"] = "optional"
    argument_label: Text = Text("编号", "id")
    argument_example: str = "my-id"
    body: bool = False
    summary: str = ""


# --- figure -----------------------------------------------------------------------

class FigureFields(Fields):
    """Fields of ``::: figure``."""

    src: str | None = None
    """Image file relative to the edition folder (``images/...``); absent: a placeholder frame."""
    caption: str = Field(min_length=1)
    """Caption printed under the image."""
    credit: str | None = None
    """Photographer or source, printed after the caption."""


def _build_figure(ctx: ReadContext, fields: Fields, arg: str | None, body: list[Block],
                  source: SourceRef) -> Block:
    assert isinstance(fields, FigureFields)
    return Figure(id=arg or ctx.auto_id("fig"), src=fields.src, caption=fields.caption,
                  credit=fields.credit, source=source)


# --- table ------------------------------------------------------------------------

class TableFields(Fields):
    """Fields of ``::: table``."""

    caption: str | None = None
    """Title printed above the table; default: the title in the table's schema."""


def _build_table(ctx: ReadContext, fields: Fields, arg: str | None, body: list[Block],
                 source: SourceRef) -> Block:
    assert isinstance(fields, TableFields) and arg
    return TableRef(table_id=arg, caption=fields.caption, id=ctx.auto_id("table"), source=source)


RULES: dict[str, DirectiveRule] = {
    rule.name: rule
    for rule in [
        DirectiveRule("figure", FigureFields, _build_figure,
                      summary="图片及图注 / an image with its caption"),
        DirectiveRule("table", TableFields, _build_table, argument="required",
                      argument_label=Text("数据表名（data/ 中的文件名）", "table name (its file name in data/)"),
                      argument_example="industrial-value-added",
                      summary="数据表 / a data table from data/"),
    ]
}
