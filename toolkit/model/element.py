"""What an element kind declares: one :class:`Element` per kind, in ``toolkit/model/elements/<kind>.py``.

An element is everything the model knows about one kind of block: its model class, how a
directive builds it (or which Markdown syntax does), the words it prints (its text view), the
checks of the model it owns, and the text alternative of a picture it prints. The renderers register
their own pieces by its kind (``templates/{pdf,web}/blocks/<kind>.html``, ``@docx_writer("<kind>")`` in
``toolkit/render/docx_blocks.py``). The stages that build, check and print elements
work through the small protocols here, so that an element module depends on the model alone:
readers implement :class:`BuildContext`, validation implements :class:`CheckContext`, the text
view (:mod:`toolkit.model.text`) implements :class:`TextContext`. ``tests/test_registry.py``
holds every registered kind to having all of its pieces.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol, get_args

from pydantic import BaseModel, ConfigDict

from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef, plain_text
from toolkit.model.block import Block
from toolkit.model.structure import Edition

TEXT_KINDS = frozenset({"paragraph", "list", "heading"})
"""The kinds Markdown itself writes: what the body of a text-only directive may hold."""


class BuildContext(Protocol):
    """What a directive's builder may use while a file is read (:class:`toolkit.readers.directives.ReadContext`)."""

    def auto_id(self, kind: str) -> str:
        """A stable id for an element the editor did not name: ``<chapter>-<kind>-<n>``."""

    def report(self, code: str, line0: int | None, **args: Any) -> None:
        """Add a diagnostic at a (0-based) line of the file being read."""


class CheckContext(Protocol):
    """What an element's checks may use (:class:`toolkit.validation.context.RuleContext`)."""

    @property
    def edition(self) -> Edition:
        """The whole edition, every file read."""

    @property
    def diagnostics(self) -> Diagnostics:
        """Where problems are reported."""

    def location(self, source: SourceRef, column: int | None = None) -> Location:
        """A diagnostic location for a model element's source."""


class TextContext(Protocol):
    """What a text view may use (:mod:`toolkit.model.text`): the edition, and the text of nested blocks."""

    @property
    def edition(self) -> Edition:
        """The whole edition: the tables and cases that placed elements print."""

    def lines(self, blocks: Iterable[Node]) -> Iterator[str]:
        """The text the blocks print, in reading order."""


class Fields(BaseModel):
    """Base of every directive's field model."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class NoFields(Fields):
    """A directive without fields."""


class TitleFields(Fields):
    """An optional title."""

    title: str | None = None
    """Printed above the element."""


Builder = Callable[[BuildContext, Any, str | None, list[Block], SourceRef], Block | None]
"""``build(ctx, fields, argument, body, source)``: the block, or ``None`` when a problem was reported."""
TextView = Callable[[Any, TextContext], Iterator[str]]
"""``text(block, ctx)``: the words a block prints, in reading order (one line per paragraph or caption)."""
AltView = Callable[[Any, Edition], str]
"""``alt(block, edition)``: the text alternative of the picture a block prints (a photo, a chart, a QR code)."""
Check = Callable[[CheckContext], None]
"""A check of every element of its kind in the edition, reporting what it finds."""


@dataclass(frozen=True)
class Directive:
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


@dataclass(frozen=True)
class Element:
    """One kind of element and every piece that makes it work, from reading to printing."""

    model: type[Node]
    """The model class; the value of its ``kind`` field names the element everywhere."""
    text: TextView
    """The words it prints: ``compile text``, the carried-over share, case lengths and the redline use them."""
    directive: Directive | None = None
    """How ``::: name`` reads it; ``None`` for an element Markdown itself writes (see ``markdown``)."""
    markdown: str | None = None
    """The Markdown syntax that writes it, for an element without a directive."""
    checks: tuple[Check, ...] = ()
    """Its checks of the model, run by validation with the rules across elements (:mod:`toolkit.validation`)."""
    alt: AltView | None = None
    """The text alternative of the picture it prints, for every renderer (:func:`toolkit.model.alt.alt_text`);
    ``None`` for an element that prints only text (a statistic, a callout: its words are its content)."""

    def __post_init__(self) -> None:
        if (self.directive is None) == (self.markdown is None):
            raise ValueError(f"{self.model.__name__}: an element is read from a directive or from Markdown syntax")
        reserved_field_problems(self.model)

    @property
    def kind(self) -> str:
        """``figure``, ``quote-wall`` ...: the model's tag, the directive's name, the template's name."""
        return str(self.model.model_fields["kind"].default)

    @property
    def pdf_template(self) -> str:
        """Its PDF template, under ``templates/pdf/`` (the chapter template includes it by kind)."""
        return f"blocks/{self.kind}.html"

    @property
    def web_template(self) -> str:
        """Its web template, under ``templates/web/`` (the web edition's pages include it by kind)."""
        return f"blocks/{self.kind}.html"


RESERVED_FIELDS = {
    "kind": 'the element\'s tag, one name: kind: Literal["pull-quote"] = "pull-quote"',
    "source": "where the block was written (file and line), for every message and marker: source: SourceRef",
}
"""Field names every element model has, with one meaning: no element may use them for anything else."""


def reserved_field_problems(model: type[Node]) -> None:
    """Raise when ``model`` uses a reserved field name for something else, or lacks one (at import: a
    mistake of the element's author, told with the names reserved)."""
    fields = model.model_fields
    kind, source = fields.get("kind"), fields.get("source")
    tags = get_args(kind.annotation) if kind is not None else ()
    wrong = [
        name
        for name, ok in (
            ("kind", len(tags) == 1 and isinstance(tags[0], str) and kind.default == tags[0]),
            ("source", source is not None and source.annotation is SourceRef),
        )
        if not ok
    ]
    if wrong:
        reserved = "; ".join(f"{name}: {meaning}" for name, meaning in RESERVED_FIELDS.items())
        raise TypeError(
            f"{model.__module__}.{model.__name__}: the field name{'s' if len(wrong) > 1 else ''} "
            f"{' and '.join(wrong)} {'are' if len(wrong) > 1 else 'is'} reserved on every element model "
            f"and must be declared as such (reserved: {reserved}). Give a value of your own another "
            "name (epigraph.py keeps its source: field as source_text)."
        )


def titled_group(model: type[Node], children: str, summary: Text, id_prefix: str) -> Element:
    """The element of a titled group of blocks of one kind (``callouts`` of ``callout`` s, ``quote-wall``,
    ``timeline``): ``::: <kind>`` with an optional ``title:``, its body the children, held in the model's list
    field ``children``; it prints its title, then each child."""
    kind = str(model.model_fields["kind"].default)
    child = str(typing.get_args(model.model_fields[children].annotation)[0].model_fields["kind"].default)

    def build(ctx: BuildContext, f: TitleFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
        return model(id=arg or ctx.auto_id(id_prefix), title=f.title, **{children: body}, source=src)

    def text(block: Any, ctx: TextContext) -> Iterator[str]:
        if block.title:
            yield block.title
        yield from ctx.lines(getattr(block, children))

    directive = Directive(kind, TitleFields, build, summary, body="required", children=frozenset({child}))
    return Element(model=model, directive=directive, text=text)


def body_builder(model: type[Node]) -> Builder:
    """The builder of an element that is its body and nothing else (a statistic, the thanks)."""

    def build(ctx: BuildContext, f: Fields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
        return model(blocks=body, source=src)

    return build


def body_text(block: Any, ctx: TextContext) -> Iterator[str]:
    """The text view of an element that prints its body and nothing else (a statistic, the thanks)."""
    yield from ctx.lines(block.blocks)


def attributed_text(block: Any, ctx: TextContext) -> Iterator[str]:
    """The text view of words and their source (an epigraph, a quote): the words, then ``block.attribution``."""
    yield from ctx.lines(block.blocks)
    yield block.attribution


def titled_text(block: Any, ctx: TextContext) -> Iterator[str]:
    """The text view of an element that prints its title, then its body (a column box, a feature)."""
    yield block.title
    yield from ctx.lines(block.blocks)


def inline_text(block: Any, ctx: TextContext) -> Iterator[str]:
    """The text view of an element of one run of inline content (a paragraph, a heading): its words."""
    yield plain_text(block.inlines)


def report_each(ctx: CheckContext, model: type[Node], missing: Callable[[Any], bool], code: str) -> None:
    """Report ``code`` at every block of ``model`` (in chapters and cases) for which ``missing`` holds, to the
    case's organisation too (a figure without its image, a QR code without its address)."""
    for organisation, block in blocks_and_submitters(ctx.edition):
        if isinstance(block, model) and missing(block):
            ctx.diagnostics.add(code, ctx.location(block.source, 1), organisation=organisation)


def labelled(label: str | None, caption: str) -> str:
    """A caption with its number (``表 3　…``) when captions are numbered."""
    return f"{label}\u3000{caption}".rstrip("\u3000") if label else caption


def blocks_and_submitters(edition: Edition) -> Iterator[tuple[str | None, Node]]:
    """Every block of chapters and cases, with the organisation that can fill a case's gaps."""
    yield from ((None, block) for _, block in edition.walk())
    yield from ((case.organisation, block) for case, block in edition.walk_cases())
