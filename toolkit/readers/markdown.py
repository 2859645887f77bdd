"""The Markdown dialect shared by chapter and case files, read into model blocks.

What an editor may use: paragraphs, ``**bold**``, ``*italic*``, links, lists,
``##`` sections, ``###``/``####`` headings, ``[[table:row:column]]`` cell
references, and ``:::`` directives for every other report element. Markdown
images, pipe tables and raw HTML are reported with the way to do it instead;
indented lines are ordinary text (editors indent paragraphs out of habit),
never code blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from pydantic import BaseModel, ValidationError

from toolkit.diagnostics import Diagnostics, Location, suggestion
from toolkit.messages import FieldName, Language, Text
from toolkit.model import (
    CELL_REFERENCE,
    Block,
    CellRef,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    Paragraph,
    Span,
    parse_cell_reference,
)
from toolkit.model.element import Directive
from toolkit.readers.common import SchemaCodes, SchemaProblem, report_schema, yaml_reason
from toolkit.readers.directive_syntax import Field as DirectiveField
from toolkit.readers.directive_syntax import directive_plugin
from toolkit.readers.directives import RULES, ReadContext, broken_lines, children
from toolkit.text import is_cjk


def make_parser() -> MarkdownIt:
    """The Markdown dialect of chapter and case files."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable("table")
    md.disable(["code", "fence"])
    # Keep escapes apart so that an escaped \[\[...\]\] stays text, never a cell reference.
    md.disable("text_join")
    md.use(front_matter_plugin)
    md.use(directive_plugin)
    return md


PARSER = make_parser()
_HEADING_ID = re.compile(r"\s*\{#([A-Za-z0-9][\w-]*)\}\s*$")
_KICKER = re.compile(r"\s*[|｜]\s*")


@dataclass(frozen=True)
class FrontMatterCodes:
    """The diagnostic codes a kind of file uses for front matter problems."""

    syntax: str
    unknown: str
    invalid: str
    missing: str
    absent: str
    """No front matter at all."""


_FIELD_CODES = SchemaCodes(unknown="MD008", missing="MD007", invalid="MD009")
"""A directive's fields."""


def _top(problem: SchemaProblem) -> str:
    """A directive field's problem is told by its key alone."""
    return str(problem.loc[0]) if problem.loc else ""


Labels = Callable[[tuple[str | int, ...]], Text]
"""What a form calls the field at a location (:func:`toolkit.messages.case_field_label`)."""


def read_front_matter(
    tokens: list[Token],
    path: Path,
    model: type[BaseModel],
    codes: FrontMatterCodes,
    diagnostics: Diagnostics,
    organisation: str | None = None,
    labels: Labels | None = None,
) -> tuple[Any, list[Token]]:
    """The front matter validated by ``model`` (or ``None``), and the body tokens.

    ``labels`` name the keys for people who fill in a form rather than a file
    (案例标题 for ``title``): problems then name the field that way and carry it.
    """

    def report(code: str, line: int | None, column: int | None = None, **args: Any) -> None:
        diagnostics.add(code, Location(path, line, column), organisation=organisation, **args)

    if not tokens or tokens[0].type != "front_matter":
        report(codes.absent, 1, 1)
        return None, tokens
    token, body = tokens[0], tokens[1:]
    try:
        raw: Any = yaml.safe_load(token.content) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening ---, +1 to be 1-based
        report(
            codes.syntax,
            line,
            mark.column + 1 if mark else None,
            reason=yaml_reason(getattr(exc, "problem", None) or str(exc)),
        )
        return None, body
    if not isinstance(raw, dict):
        report(codes.syntax, 2, 1, reason=Text("应为“键: 值”的形式", "not key: value lines"))
        return None, body
    lines = token.content.splitlines()
    return validate_fields(
        raw,
        model,
        codes,
        diagnostics,
        lambda loc, field: Location(path, *_yaml_place(lines, loc), field=field),
        organisation,
        labels,
    ), body


def validate_fields(
    raw: dict[str, Any],
    model: type[BaseModel],
    codes: FrontMatterCodes,
    diagnostics: Diagnostics,
    where: Any,
    organisation: str | None = None,
    labels: Labels | None = None,
) -> Any:
    """``raw`` validated by ``model``, or ``None`` with one diagnostic per problem.

    ``where(loc, field)`` gives the location of a problem; ``field`` is the top
    key when ``labels`` are given (a form's field), else ``None``.
    """

    def named(loc: tuple[str | int, ...], dotted: str) -> str | Text:
        """A field as the form names it: 案例标题（title）, 照片一图注（photos[0].caption）."""
        if not labels or not loc or labels(loc[:1]).zh == str(loc[0]):
            return dotted  # not a field of the form: named as written
        label = labels(loc)
        return FieldName(f"{label.zh}（{dotted}）", f"{label.en} ({dotted})", label)

    def located(problem: SchemaProblem) -> Location:
        top = str(problem.loc[0]) if problem.loc else ""
        location = where(problem.loc, top if labels else None)
        if problem.kind == "missing" and len(problem.loc) == 1 and location.line:
            location = Location(location.path, 1, field=location.field)
        return location

    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        report_schema(
            exc,
            model,
            SchemaCodes(codes.unknown, codes.missing, codes.invalid),
            diagnostics,
            located,
            key_as=lambda problem: named(problem.loc, problem.key),
            suggestion_as=lambda problem: _labelled(problem.expected, labels, problem.loc[:-1]),
            organisation=organisation,
        )
        return None


def _labelled(hint: Text, labels: Labels | None, owner: tuple[str | int, ...]) -> Text:
    """“Did you mean “photos”?” → “Did you mean “照片（photos）”?” for form fields."""
    if not labels:
        return hint

    def name(lang: Language) -> Callable[[re.Match[str]], str]:
        def label(match: re.Match[str]) -> str:
            key = match.group(1)
            shown = labels(owner + (key,)).pick(lang)
            return f"“{shown}（{key}）”" if lang == "zh" else f"“{shown} ({key})”"

        return label

    return Text(_QUOTED_KEY.sub(name("zh"), hint.zh), _QUOTED_KEY.sub(name("en"), hint.en))


_QUOTED_KEY = re.compile(r"“([A-Za-z_][A-Za-z0-9_]*)”")


def _yaml_place(lines: list[str], loc: tuple[str | int, ...]) -> tuple[int, int | None]:
    """The file line and column (1-based) of the key (or list item) at ``loc`` in a front matter's ``lines``."""
    start = 0
    found: tuple[int, int | None] = (1, None)
    for part in loc:
        if isinstance(part, int):
            items = [n for n in range(start, len(lines)) if lines[n].lstrip().startswith("- ")]
            if part < len(items):
                start = items[part]
                found = start + 2, len(lines[start]) - len(lines[start].lstrip()) + 3  # after the "- "
            continue
        pattern = re.compile(rf"^(\s*(?:- )?){re.escape(part)}\s*:")
        for number in range(start, len(lines)):
            match = pattern.match(lines[number])
            if match:
                start = number
                found = number + 2, len(match.group(1)) + 1  # the opening --- is line 1
                break
    return found


@dataclass
class SectionStart:
    """Marks a ``##`` heading in the top-level block stream."""

    title: str
    kicker: str | None
    id: str | None
    line0: int


class BlockBuilder:
    """Walks markdown-it's flat token stream and builds model blocks."""

    def __init__(self, tokens: list[Token], ctx: ReadContext, lines: list[str]) -> None:
        self.tokens = tokens
        self.ctx = ctx
        self.lines = lines
        self.pos = 0
        self.parents: list[str] = []

    def blocks(self, close: str | None, top: bool = False) -> list[Any]:
        """Blocks up to the token of type ``close`` (consumed), or to the end."""
        out: list[Any] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if close is not None and token.type == close:
                self.pos += 1
                return out
            item = self._block(token, top)
            if isinstance(item, list):
                out.extend(item)
            elif item is not None:
                out.append(item)
        return out

    def _block(self, token: Token, top: bool) -> Any:
        handler = getattr(self, "_on_" + token.type, None)
        if handler is None:
            self.pos += 1  # hr and other tokens without a place in the report
            return None
        return handler(token, top)

    # -- Markdown constructs ---------------------------------------------------------
    def _on_paragraph_open(self, token: Token, top: bool) -> Block | None:
        inline = self.tokens[self.pos + 1]
        self.pos += 3
        inlines = self._inlines(inline)
        if not inlines:
            return None
        return Paragraph(inlines=inlines, source=self.ctx.source(_line0(token)))

    def _on_heading_open(self, token: Token, top: bool) -> Any:
        inline = self.tokens[self.pos + 1]
        self.pos += 3
        level = int(token.tag[1])
        raw_text = inline.content
        match = _HEADING_ID.search(raw_text)
        explicit_id = match.group(1) if match else None
        title = _HEADING_ID.sub("", raw_text).strip()
        line0 = _line0(token)
        if level == 1:
            self.ctx.report("MD010", line0)
        if level <= 2:
            if top:
                parts = _KICKER.split(title, maxsplit=1)
                kicker, theme = (parts[0], parts[1]) if len(parts) == 2 else (None, title)
                return SectionStart(title=theme, kicker=kicker or None, id=explicit_id, line0=line0)
            level = 3
        if level > 4:
            self.ctx.report("MD011", line0, level=level)
            level = 4
        inlines = [Span(text=title)] if title else []
        return Heading(
            level=level, inlines=inlines, id=explicit_id or self.ctx.auto_id("h"), source=self.ctx.source(line0)
        )

    def _on_bullet_list_open(self, token: Token, top: bool) -> Block:
        return self._list(token, ordered=False, close="bullet_list_close")

    def _on_ordered_list_open(self, token: Token, top: bool) -> Block:
        return self._list(token, ordered=True, close="ordered_list_close")

    def _list(self, token: Token, ordered: bool, close: str) -> Block:
        self.pos += 1
        start = int(token.attrs.get("start", 1) or 1)
        items: list[list[Block]] = []
        while self.tokens[self.pos].type != close:
            self.pos += 1  # list_item_open
            items.append(self.blocks(close="list_item_close"))
        self.pos += 1
        return ListBlock(ordered=ordered, start=start, items=items, source=self.ctx.source(_line0(token)))

    def _on_table_open(self, token: Token, top: bool) -> None:
        self.ctx.report("MD016", _line0(token))
        self._skip_to("table_close")

    def _on_blockquote_open(self, token: Token, top: bool) -> Any:
        # A bare ``>`` has no element of its own (quotes are directives); keep its text.
        self.pos += 1
        return self.blocks(close="blockquote_close")

    def _on_html_block(self, token: Token, top: bool) -> Block | None:
        self.pos += 1
        self.ctx.report("MD013", _line0(token))
        text = token.content.strip()
        return Paragraph(inlines=[Span(text=text)], source=self.ctx.source(_line0(token))) if text else None

    def _on_directive_open(self, token: Token, top: bool) -> Block | None:
        meta = token.meta
        name: str = meta["name"]
        line0 = _line0(token)
        self.pos += 1
        if not meta["closed"]:
            self.ctx.report("MD006", line0, name=name)
        rule = RULES.get(name)
        parent = self.parents[-1] if self.parents else None
        self.parents.append(name)
        body = self.blocks(close="directive_close")
        self.parents.pop()
        if rule is None:
            reported = self.ctx.report("MD005", line0, name=name, suggestion=suggestion(name, RULES))
            last = token.map[1] + (1 if meta["closed"] else 0) if token.map else line0 + 1
            return broken_lines(self.lines[line0:last], reported, self.ctx.source(line0))
        if rule.parents is not None and parent not in rule.parents:
            self.ctx.report("MD029", line0, name=name, allowed="、".join(sorted(rule.parents)))
        return self._build_directive(rule, meta, body, line0)

    def _build_directive(self, rule: Directive, meta: dict[str, Any], body: list[Block], line0: int) -> Block | None:
        fields: list[DirectiveField] = meta["fields"]
        arg: str | None = meta["arg"] or None
        ok = True
        if rule.argument == "required" and not arg:
            self.ctx.report(
                "MD018",
                line0,
                name=rule.name,
                what=rule.argument_label.zh,
                what_en=rule.argument_label.en,
                example=rule.argument_example,
            )
            ok = False
        elif rule.argument == "none" and arg:
            self.ctx.report("MD020", line0, name=rule.name, arg=arg)
        if rule.body == "required" and not body:
            self.ctx.report("MD019", line0, name=rule.name)
            ok = False
        elif rule.body == "none" and body:
            self.ctx.report("MD021", body[0].source.line - 1 if body[0].source.line else line0, name=rule.name)
        if rule.children is not None:
            body = children(self.ctx, body, rule.children, rule.name)
        values = {f.key: f.value for f in fields}
        where = {f.key: f.line for f in fields}
        try:
            parsed = rule.fields.model_validate(values)
        except ValidationError as exc:
            ok = False
            report_schema(
                exc,
                rule.fields,
                _FIELD_CODES,
                self.ctx.diagnostics,
                lambda problem: self.ctx.location(where.get(_top(problem), line0), 1),
                key_as=_top,
                organisation=self.ctx.organisation,
                name=rule.name,
            )
        if not ok:
            return None
        return rule.build(self.ctx, parsed, arg, body, self.ctx.source(line0))

    def _skip_to(self, close: str) -> None:
        while self.tokens[self.pos].type != close:
            self.pos += 1
        self.pos += 1

    # -- inline content --------------------------------------------------------------
    def _inlines(self, inline: Token) -> list[Inline]:
        pieces: list[Span | LineBreak | None] = []  # None marks a soft line break
        bold = italic = 0
        href: str | None = None
        line0 = _line0(inline)
        stand_ins = _StandIns.avoiding(inline.content)
        for child in inline.children or []:
            kind = child.type
            if kind == "text" or kind == "code_inline":
                pieces.append(Span(text=child.content, bold=bold > 0, italic=italic > 0, href=href))
            elif kind == "text_special":
                text = stand_ins.of(child.content) if child.info == "escape" else child.content
                pieces.append(Span(text=text, bold=bold > 0, italic=italic > 0, href=href))
            elif kind == "softbreak":
                pieces.append(None)
            elif kind == "hardbreak":
                pieces.append(LineBreak())
            elif kind in ("strong_open", "strong_close"):
                bold += 1 if kind.endswith("open") else -1
            elif kind in ("em_open", "em_close"):
                italic += 1 if kind.endswith("open") else -1
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
            elif kind == "link_close":
                href = None
            elif kind == "image":
                self.ctx.diagnostics.add("MD012", self._locate(line0, "!["), organisation=self.ctx.organisation)
            elif kind == "html_inline":
                self.ctx.diagnostics.add(
                    "MD013", self._locate(line0, child.content), organisation=self.ctx.organisation
                )
                pieces.append(Span(text=child.content, bold=bold > 0, italic=italic > 0))
        return [stand_ins.undone(i) for i in _cell_references(_merge(pieces))]

    def _locate(self, line0: int, needle: str) -> Location:
        """The first place ``needle`` occurs at or after ``line0``."""
        for number in range(line0, len(self.lines)):
            column = self.lines[number].find(needle)
            if column >= 0:
                return self.ctx.location(number, column + 1)
        return self.ctx.location(line0, 1)


@dataclass(frozen=True)
class _StandIns:
    """Characters that carry escaped brackets (``\\[``) through the search for cell references.

    They are private-use characters the paragraph itself does not contain: submitted text may hold
    any character (Word's symbol fonts write private-use ones), and a fixed pair would come back
    from such text as brackets.
    """

    opening: str
    closing: str

    @classmethod
    def avoiding(cls, text: str) -> _StandIns:
        """Two private-use characters absent from ``text``."""
        free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
        return cls(next(free), next(free))

    def of(self, escaped: str) -> str:
        """What an escaped character travels as."""
        return {"[": self.opening, "]": self.closing}.get(escaped, escaped)

    def undone(self, item: Inline) -> Inline:
        """``item`` with its stand-ins turned back into the brackets typed."""
        if isinstance(item, Span) and (self.opening in item.text or self.closing in item.text):
            text = item.text.replace(self.opening, "[").replace(self.closing, "]")
            return item.model_copy(update={"text": text})
        return item


def _cell_references(inlines: list[Inline]) -> list[Inline]:
    """Split ``[[table:row:column]]`` out of text spans into :class:`CellRef` inlines."""
    out: list[Inline] = []
    for item in inlines:
        if not isinstance(item, Span) or "[[" not in item.text:
            out.append(item)
            continue
        position = 0
        for match in CELL_REFERENCE.finditer(item.text):
            if match.start() > position:
                out.append(item.model_copy(update={"text": item.text[position : match.start()]}))
            address = parse_cell_reference(match.group(0))
            assert address is not None
            out.append(CellRef(address=address, bold=item.bold, italic=item.italic))
            position = match.end()
        if position < len(item.text):
            out.append(item.model_copy(update={"text": item.text[position:]}))
    return out


def _line0(token: Token) -> int:
    return token.map[0] if token.map else 0


def _merge(pieces: list[Span | LineBreak | None]) -> list[Inline]:
    """Resolve soft breaks (none between Chinese characters) and merge equal spans."""
    out: list[Inline] = []
    for index, piece in enumerate(pieces):
        if piece is None:
            before = out[-1].text[-1:] if out and isinstance(out[-1], Span) else ""
            after_piece = pieces[index + 1] if index + 1 < len(pieces) else None
            after = after_piece.text[:1] if isinstance(after_piece, Span) else ""
            if not before or not after or is_cjk(before) or is_cjk(after):
                continue
            piece = Span(text=" ", bold=out[-1].bold if isinstance(out[-1], Span) else False)
        if (
            out
            and isinstance(piece, Span)
            and isinstance(out[-1], Span)
            and (out[-1].bold, out[-1].italic, out[-1].href) == (piece.bold, piece.italic, piece.href)
        ):
            out[-1] = Span(text=out[-1].text + piece.text, bold=piece.bold, italic=piece.italic, href=piece.href)
        else:
            out.append(piece)
    return [p for p in out if not (isinstance(p, Span) and not p.text)]
