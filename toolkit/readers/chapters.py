"""Reader for chapter files: Markdown with a YAML front matter becomes a :class:`Chapter`.

What Markdown an editor may use: paragraphs, ``**bold**``, ``*italic*``, links,
lists, ``##`` sections, ``###``/``####`` headings, and ``:::`` directives for
every other report element. Markdown images, pipe tables and raw HTML are
reported with the directive to use instead; indented lines are ordinary text
(editors indent paragraphs out of habit), never code blocks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from toolkit.diagnostics import Diagnostics, Location
from toolkit.model import (Block, Chapter, ChapterKind, Heading, Inline, LineBreak, ListBlock,
                           Paragraph, Section, SourceRef, Span)
from toolkit.readers.common import read_text, schema_problems, suggestion
from toolkit.readers.directive_syntax import Field as DirectiveField
from toolkit.readers.directive_syntax import directive_plugin
from toolkit.readers.directives import RULES, ReadContext
from toolkit.text import is_cjk


class FrontMatter(BaseModel):
    """Keys of a chapter file's front matter."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    title: str = Field(min_length=1)
    """The chapter title as printed."""
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    """Stable ASCII id used in links and cross-references; default: the file name."""
    kind: ChapterKind = "chapter"
    """``preface`` (序言), ``chapter``, ``outlook`` (未来展望) or ``appendix``."""
    tab: str | None = None
    """Short name for the running header; default: the title."""


def make_parser() -> MarkdownIt:
    """The Markdown dialect of chapter files."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable("table")
    md.disable(["code", "fence"])
    md.use(front_matter_plugin)
    md.use(directive_plugin)
    return md


_PARSER = make_parser()
_HEADING_ID = re.compile(r"\s*\{#([A-Za-z0-9][\w-]*)\}\s*$")


def read_chapter(path: Path, edition_dir: Path, diagnostics: Diagnostics) -> Chapter | None:
    """Read one chapter file; problems go to ``diagnostics``."""
    text = read_text(path, diagnostics)
    if text is None:
        return None
    tokens = _PARSER.parse(text)
    relative = path.relative_to(edition_dir).as_posix()
    front, body = _front_matter(tokens, path, diagnostics)
    if front is None:
        return None
    chapter_id = front.id or _id_from_name(path)
    ctx = ReadContext(chapter_id=chapter_id, path=path, relative=relative, diagnostics=diagnostics)
    lines = text.splitlines()
    builder = _BlockBuilder(body, ctx, lines)
    items = builder.blocks(close=None, top=True)
    intro, sections = _split_sections(items, ctx)
    return Chapter(id=chapter_id, title=front.title, kind=front.kind, tab=front.tab or front.title,
                   intro=intro, sections=sections, source=SourceRef(path=relative, line=1))


def _id_from_name(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-")
    return stem or "chapter"


def _front_matter(tokens: list[Token], path: Path,
                  diagnostics: Diagnostics) -> tuple[FrontMatter | None, list[Token]]:
    if not tokens or tokens[0].type != "front_matter":
        diagnostics.add("MD004", Location(path, 1, 1))
        return None, tokens
    token, body = tokens[0], tokens[1:]
    try:
        raw: Any = yaml.safe_load(token.content) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening ---, +1 to be 1-based
        diagnostics.add("MD001", Location(path, line, mark.column + 1 if mark else None),
                        reason=getattr(exc, "problem", None) or str(exc))
        return None, body
    if not isinstance(raw, dict):
        diagnostics.add("MD001", Location(path, 2), reason="not key: value lines")
        return None, body
    try:
        return FrontMatter.model_validate(raw), body
    except ValidationError as exc:
        lines = token.content.splitlines()
        for problem in schema_problems(exc, FrontMatter):
            key = str(problem.loc[0]) if problem.loc else ""
            line = next((n + 2 for n, text in enumerate(lines) if text.startswith(f"{key}:")), 1)
            where = Location(path, line)
            if problem.kind == "extra":
                diagnostics.add("MD002", where, key=key, suggestion=problem.expected)
            elif problem.kind == "missing" and key == "title":
                diagnostics.add("MD004", Location(path, 1, 1))
            else:
                diagnostics.add("MD003", where, key=key, reason=problem.reason, expected=problem.expected)
        return None, body


@dataclass
class _SectionStart:
    """Marks a ``##`` heading in the top-level block stream."""

    title: str
    id: str | None
    line0: int


def _split_sections(items: list[Block | _SectionStart], ctx: ReadContext) -> tuple[list[Block], list[Section]]:
    intro: list[Block] = []
    sections: list[Section] = []
    for item in items:
        if isinstance(item, _SectionStart):
            sections.append(Section(id=item.id or ctx.auto_id("s"), title=item.title, blocks=[],
                                    source=ctx.source(item.line0)))
        elif sections:
            sections[-1].blocks.append(item)
        else:
            intro.append(item)
    return intro, sections


class _BlockBuilder:
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
            self.ctx.diagnostics.add("MD010", self.ctx.location(line0, 1))
        if level <= 2:
            if top:
                return _SectionStart(title=title, id=explicit_id, line0=line0)
            level = 3
        if level > 4:
            self.ctx.diagnostics.add("MD011", self.ctx.location(line0, 1), level=level)
            level = 4
        inlines = [Span(text=title)] if title else []
        return Heading(level=level, inlines=inlines, id=explicit_id or self.ctx.auto_id("h"),
                       source=self.ctx.source(line0))

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
        self.ctx.diagnostics.add("MD016", self.ctx.location(_line0(token), 1))
        self._skip_to("table_close")

    def _on_blockquote_open(self, token: Token, top: bool) -> Any:
        # A bare ``>`` has no element of its own (quotes are directives); keep its text.
        self.pos += 1
        return self.blocks(close="blockquote_close")

    def _on_html_block(self, token: Token, top: bool) -> Block | None:
        self.pos += 1
        self.ctx.diagnostics.add("MD013", self.ctx.location(_line0(token), 1))
        text = token.content.strip()
        return Paragraph(inlines=[Span(text=text)], source=self.ctx.source(_line0(token))) if text else None

    def _on_directive_open(self, token: Token, top: bool) -> Block | None:
        meta = token.meta
        name: str = meta["name"]
        line0 = _line0(token)
        self.pos += 1
        if not meta["closed"]:
            self.ctx.diagnostics.add("MD006", self.ctx.location(line0, 1), name=name)
        rule = RULES.get(name)
        self.parents.append(name)
        body = self.blocks(close="directive_close")
        self.parents.pop()
        if rule is None:
            self.ctx.diagnostics.add("MD005", self.ctx.location(line0, 1), name=name,
                                     suggestion=suggestion(name, RULES))
            return None
        return self._build_directive(rule, meta, body, line0)

    def _build_directive(self, rule: Any, meta: dict[str, Any], body: list[Block], line0: int) -> Block | None:
        diagnostics = self.ctx.diagnostics
        fields: list[DirectiveField] = meta["fields"]
        arg: str | None = meta["arg"] or None
        ok = True
        if rule.argument == "required" and not arg:
            diagnostics.add("MD018", self.ctx.location(line0, 1), name=rule.name, what=rule.argument_label.zh,
                            what_en=rule.argument_label.en, example=rule.argument_example)
            ok = False
        values = {f.key: f.value for f in fields}
        where = {f.key: f.line for f in fields}
        try:
            parsed = rule.fields.model_validate(values)
        except ValidationError as exc:
            ok = False
            for problem in schema_problems(exc, rule.fields):
                key = str(problem.loc[0]) if problem.loc else ""
                location = self.ctx.location(where.get(key, line0), 1)
                if problem.kind == "extra":
                    diagnostics.add("MD008", location, name=rule.name, key=key, suggestion=problem.expected)
                elif problem.kind == "missing":
                    diagnostics.add("MD007", location, name=rule.name, key=key)
                else:
                    diagnostics.add("MD009", location, name=rule.name, key=key, reason=problem.reason,
                                    expected=problem.expected)
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
        for child in inline.children or []:
            kind = child.type
            if kind == "text" or kind == "code_inline":
                pieces.append(Span(text=child.content, bold=bold > 0, italic=italic > 0, href=href))
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
                self.ctx.diagnostics.add("MD012", self._locate(line0, "!["))
            elif kind == "html_inline":
                self.ctx.diagnostics.add("MD013", self._locate(line0, child.content))
                pieces.append(Span(text=child.content, bold=bold > 0, italic=italic > 0))
        return _merge(pieces)

    def _locate(self, line0: int, needle: str) -> Location:
        """The first place ``needle`` occurs at or after ``line0``."""
        for number in range(line0, len(self.lines)):
            column = self.lines[number].find(needle)
            if column >= 0:
                return self.ctx.location(number, column + 1)
        return self.ctx.location(line0, 1)


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
        if (out and isinstance(piece, Span) and isinstance(out[-1], Span)
                and (out[-1].bold, out[-1].italic, out[-1].href) == (piece.bold, piece.italic, piece.href)):
            out[-1] = Span(text=out[-1].text + piece.text, bold=piece.bold, italic=piece.italic, href=piece.href)
        else:
            out.append(piece)
    return [p for p in out if not (isinstance(p, Span) and not p.text)]

