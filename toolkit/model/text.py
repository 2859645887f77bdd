"""The model's plain-text view, in reading order: every word the report prints, and nothing else.

``compile text`` prints it; the carried-over share (:mod:`toolkit.carried`), the case length
checks and the redline's model diff (:mod:`toolkit.review.diff`) read it; the coverage tests
measure with it how much of a published edition an edition folder holds. It belongs to the
model, not to a renderer, so that every stage may use it without importing a renderer.
"""
from __future__ import annotations

from collections.abc import Iterator

from toolkit.model import (Block, Callout, CalloutGrid, CaseBox, Chapter, Chart, ColumnBox, Edition, Epigraph,
                           Feature, Figure, FigureGroup, Focus, Heading, ListBlock, MediaPrompt, Paragraph, Phase,
                           Pillar, Quote, QuoteWall, Statistic, TableRef, Thanks, Timeline, Wanted, plain_text)


def edition_text(edition: Edition) -> str:
    """The whole report as text, one paragraph or element per line."""
    return "\n".join(_edition_lines(edition)) + "\n"


def _edition_lines(edition: Edition) -> Iterator[str]:
    config = edition.config
    yield f"{config.title} {config.year}"
    for chapter in edition.chapters:
        yield from chapter_lines(edition, chapter)


def chapter_lines(edition: Edition, chapter: Chapter) -> Iterator[str]:
    """One chapter's text."""
    yield chapter.title
    for block in chapter.intro:
        yield from block_lines(edition, block)
    for section in chapter.sections:
        yield section.full_title
        for block in section.blocks:
            yield from block_lines(edition, block)


def block_lines(edition: Edition, block: Block) -> Iterator[str]:
    """The text one block prints."""
    if isinstance(block, (Paragraph, Heading)):
        yield plain_text(block.inlines)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for child in item:
                yield from block_lines(edition, child)
    elif isinstance(block, TableRef):
        table = edition.tables.get(block.table_id)
        if table is not None:
            yield _labelled(block.label, block.caption or table.title)
            yield " ".join(c.heading for c in table.columns)
            for row in table.rows:
                yield " ".join(cell.text for cell in row)
            if table.source_note:
                yield f"资料来源：{table.source_note}"
    elif isinstance(block, Chart):
        table = edition.tables.get(block.table_id)
        title = block.title or (table.title if table else "")
        yield _labelled(block.label, f"{title} {table.unit}" if table and table.unit else title)
    elif isinstance(block, Figure):
        yield _labelled(block.label, (f"{block.title} " if block.title else "") + block.caption +
                        (f"（{block.credit}）" if block.credit else ""))
    elif isinstance(block, FigureGroup):
        for figure in block.figures:
            yield from block_lines(edition, figure)
        if block.caption or block.label:
            yield _labelled(block.label, block.caption or "")
    elif isinstance(block, Epigraph):
        yield from _children(edition, block.blocks)
        yield f"——{block.source_text}"
    elif isinstance(block, Quote):
        yield from _children(edition, block.blocks)
        yield block.attribution
    elif isinstance(block, QuoteWall):
        if block.title:
            yield block.title
        for quote in block.quotes:
            yield from block_lines(edition, quote)
    elif isinstance(block, CaseBox):
        case = edition.cases.get(block.case_id)
        if case is not None:
            yield case.title
            yield from _children(edition, case.blocks)
            for photo in case.photos:
                yield photo.caption
            if case.quote:
                yield case.quote.text
                yield case.quote.attribution
            yield case.organisation
    elif isinstance(block, (Feature, ColumnBox)):
        yield block.title
        yield from _children(edition, block.blocks)
    elif isinstance(block, Pillar):
        yield block.label
        yield from _children(edition, block.blocks)
    elif isinstance(block, CalloutGrid):
        if block.title:
            yield block.title
        for callout in block.callouts:
            yield from block_lines(edition, callout)
    elif isinstance(block, Callout):
        value = block.value if block.awaiting else block.value + (block.unit or "")
        yield " ".join(p for p in (block.period, block.lead, value, block.label) if p)
    elif isinstance(block, Timeline):
        if block.title:
            yield block.title
        for phase in block.phases:
            yield from block_lines(edition, phase)
    elif isinstance(block, Phase):
        yield block.period
        yield block.title
        yield from _children(edition, block.blocks)
    elif isinstance(block, MediaPrompt):
        yield block.prompt
    elif isinstance(block, Focus):
        if not block.run_in:
            yield block.title
        yield from _children(edition, block.blocks)
    elif isinstance(block, (Thanks, Statistic)):
        yield from _children(edition, block.blocks)
    elif isinstance(block, Wanted):
        yield f"【待补充：{block.what}】"
        yield from _children(edition, block.blocks)


def _children(edition: Edition, blocks: list[Block]) -> Iterator[str]:
    for child in blocks:
        yield from block_lines(edition, child)


def _labelled(label: str | None, caption: str) -> str:
    """A caption with its number (``表 3　…``) when captions are numbered."""
    return f"{label}\u3000{caption}".rstrip("\u3000") if label else caption
