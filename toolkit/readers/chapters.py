"""Reader for chapter files: Markdown with a YAML front matter becomes a :class:`Chapter`."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from toolkit.diagnostics import Diagnostics
from toolkit.model import Block, Chapter, ChapterKind, Section, SourceRef
from toolkit.readers.common import read_text
from toolkit.readers.directives import ReadContext
from toolkit.readers.markdown import PARSER, BlockBuilder, FrontMatterCodes, SectionStart, read_front_matter


class FrontMatter(BaseModel):
    """Keys of a chapter file's front matter."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    title: str = Field(min_length=1)
    """The chapter title as printed."""
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", examples=["practice"])
    """Stable ASCII id used in links and cross-references; default: the file name."""
    kind: ChapterKind = "chapter"
    """``preface`` (序言), ``chapter``, ``outlook`` (未来展望) or ``appendix``."""
    tab: str | None = None
    """Short name for the running header; default: the title."""
    opener: bool = True
    """Open the chapter with a page listing its sections and their page numbers (chapters with sections)."""
    carried_from: int | None = Field(default=None, ge=2000, le=2100, examples=[2021])
    """The edition whose text this chapter still is (``compile new`` sets it); remove it once revised."""


CHAPTER_CODES = FrontMatterCodes(syntax="MD001", unknown="MD002", invalid="MD003", missing="MD004", absent="MD004")


def read_chapter(path: Path, edition_dir: Path, diagnostics: Diagnostics) -> Chapter | None:
    """Read one chapter file; problems go to ``diagnostics``."""
    text = read_text(path, diagnostics)
    if text is None:
        return None
    tokens = PARSER.parse(text)
    front, body = read_front_matter(tokens, path, FrontMatter, CHAPTER_CODES, diagnostics)
    if front is None and tokens and tokens[0].type == "front_matter":
        return None  # a front matter that cannot be read may hold the id others refer to: no guessing
    if front is None:
        # No front matter at all (MD004): the body is still read and checked, so that one run lists every
        # problem of a new chapter; the MD004 error keeps it from being printed.
        front = FrontMatter.model_construct(title=_first_heading(body) or path.stem)
    relative = path.relative_to(edition_dir).as_posix()
    chapter_id = front.id or _id_from_name(path)
    ctx = ReadContext(chapter_id=chapter_id, path=path, relative=relative, diagnostics=diagnostics)
    items = BlockBuilder(body, ctx, text.splitlines()).blocks(close=None, top=True)
    intro, sections = _split_sections(items, ctx)
    return Chapter(
        id=chapter_id,
        title=front.title,
        kind=front.kind,
        tab=front.tab or front.title,
        opener=front.opener,
        carried_from=front.carried_from,
        intro=intro,
        sections=sections,
        source=SourceRef(path=relative, line=1),
    )


def _first_heading(tokens: list) -> str | None:
    """The text of the body's first heading (a new chapter's title is often written as ``# 标题``)."""
    for index, token in enumerate(tokens[:-1]):
        if token.type == "heading_open":
            return tokens[index + 1].content.strip() or None
    return None


def _id_from_name(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-")
    return stem or "chapter"


def _split_sections(items: list[Block | SectionStart], ctx: ReadContext) -> tuple[list[Block], list[Section]]:
    intro: list[Block] = []
    sections: list[Section] = []
    for item in items:
        if isinstance(item, SectionStart):
            sections.append(
                Section(
                    id=item.id or ctx.auto_id("s"),
                    title=item.title,
                    kicker=item.kicker,
                    blocks=[],
                    source=ctx.source(item.line0),
                )
            )
        elif sections:
            sections[-1].blocks.append(item)
        else:
            intro.append(item)
    return intro, sections
