"""Model → HTML for the PDF, through the Jinja templates in ``templates/pdf/``.

Text from the edition is only ever a template *value*: autoescaping is on and
no input is compiled as a template. Images are referenced as ``asset:`` URLs
that the PDF stage's fetcher serves from the model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from toolkit.case_index import case_index
from toolkit.chart_data import chart_series
from toolkit.model import (
    BrokenSpot,
    CellAddress,
    CellRef,
    Chapter,
    Chart,
    Draft,
    Edition,
    Heading,
    LineBreak,
    Paragraph,
    SourceRef,
    Span,
    as_written,
    drop_prefix,
    plain_text,
    walk_blocks,
)
from toolkit.model.alt import alt_text
from toolkit.model.words import WORDS
from toolkit.render.charts import DRAWINGS, chart_svg
from toolkit.render.pagination import opens_page
from toolkit.render.parts import ASSET_SCHEME
from toolkit.render.qr import qr_svg

# Links in the text become PDF link annotations only for these schemes.
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


def asset_url(src: str) -> str:
    """The URL under which an image of the model is served to WeasyPrint."""
    return ASSET_SCHEME + quote(src)


# Two full-width marks in a row (。” ，“ ）、) would leave a whole em of blank between them;
# the font's half-width forms (OpenType ``halt``) close it, as Chinese typesetting does.
_CLOSING = "，。、；：？！）》」』”’〉】"
_OPENING = "（《「『“‘〈【"
# A closing mark before another mark gives up its trailing half; an opening mark after another
# opening mark gives up its leading half (after a closing mark, the closing one already did).
_PAIR = re.compile(f"[{_CLOSING}](?=[{_CLOSING}{_OPENING}])|(?<=[{_OPENING}])[{_OPENING}]")


@dataclass(frozen=True)
class Opener:
    """Where a chapter opener's section list stands on its page, and the pages of its sections."""

    left: float
    top: float
    width: float
    """CSS pixels, from the top-left corner of the page's content area."""
    entries: list[tuple[str, int]]
    """(section title, page number) in list order."""


@dataclass(frozen=True)
class FolioPage:
    """The numbers printed on one chapter page: its own, and its opener's if it is one."""

    number: int
    opener: Opener | None = None


# A web address in the text, up to a space, a Chinese character or a full-width mark; the ASCII
# punctuation that ends a sentence after it is not part of it.
URL = re.compile(r"https?://[^\s<>\"\u2e80-\uffff]+?(?=[.,;:!?)\]']*(?:[\s<>\"\u2e80-\uffff]|$))")
# Where a long address may break: after a / (not inside ://), ?, & or =.
_URL_BREAK = re.compile(r"(?<=[?&=])|(?<=/)(?!/)(?<!://)")


def url_html(url: str) -> str:
    """An address as escaped HTML that breaks at its own break points (``<wbr>``: no character is
    added to the PDF's text), marked ``url``: the line broken inside it is not justified
    (:mod:`toolkit.render.cjk_justify`), so the Chinese before it is never stretched."""
    pieces = [str(escape(piece)) for piece in _URL_BREAK.split(url) if piece]
    return f'<span class="url">{"<wbr>".join(pieces)}</span>'


def text_html(text: str) -> str:
    """Text as escaped HTML: full-width marks in pairs compressed, web addresses breakable."""
    parts: list[str] = []
    end = 0
    for match in URL.finditer(text):
        parts.append(compress_punctuation(str(escape(text[end : match.start()]))))
        parts.append(url_html(match.group(0)))
        end = match.end()
    parts.append(compress_punctuation(str(escape(text[end:]))))
    return "".join(parts)


def compress_punctuation(escaped: str) -> str:
    """Mark the mark to set half width in each pair of adjacent full-width marks."""
    return _PAIR.sub(lambda m: f'<span class="halt">{m.group(0)}</span>', escaped)


def gap_attribute(source: SourceRef | None) -> Markup:
    """``data-gap="chapters/x.md:12"`` on a placeholder: the place ``check`` lists it at."""
    return Markup(f' data-gap="{escape(source.label())}"') if source is not None else Markup("")


def broken_attributes(spot: BrokenSpot | None) -> Markup:
    """`` class="broken" data-code="MD024" title="…"`` on what a reader could not make sense of (printed as
    written): the page shows it marked where it is, its problem on hover, as the overlay and ``check`` list it."""
    if spot is None:
        return Markup("")
    return Markup(f' class="broken" data-code="{escape(spot.code)}" title="{escape(spot.message)}"')


def inlines_html(
    inlines: list[Span | LineBreak | CellRef],
    source: SourceRef | None = None,
    *,
    describe: Callable[[CellAddress], str] = CellAddress.label,
    text: Callable[[str], str] = text_html,
) -> Markup:
    """Inline content as safe HTML: every text escaped, styles as tags.

    ``source`` is where the inlines were written: a value still awaited prints as a marked
    placeholder that names it. A broken spot (a reference that leads nowhere, a directive no one
    knows) prints as written, marked, with its problem as the title. A number from a table carries
    ``describe(address)`` as its ``title`` (the reference as written, unless a renderer says it in
    words); ``text`` turns each run of text into HTML (the web edition's titles add their line breaks
    there).
    """
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, LineBreak):
            parts.append("<br>")
            continue
        html = text(item.text)
        if item.broken is not None:
            html = f"<span{broken_attributes(item.broken)}>{html}</span>"
        elif isinstance(item, CellRef):
            gap = gap_attribute(source) if item.awaiting else ""
            kind = "cell awaiting" if item.awaiting else "cell"
            html = f'<span class="{kind}" title="{escape(describe(item.address))}"{gap}>{html}</span>'
        href = item.href if isinstance(item, Span) and _SAFE_LINK.match(item.href or "") else None
        if item.bold:
            html = f"<strong>{html}</strong>"
        if item.italic:
            html = f"<em>{html}</em>"
        if href:
            html = f'<a href="{escape(href)}">{html}</a>'
        parts.append(html)
    return Markup("".join(parts))


def inlines_after(inlines: list[Span | LineBreak | CellRef], skip: int, source: SourceRef | None = None) -> Markup:
    """Inline content without its first ``skip`` characters, as HTML."""
    return inlines_html(drop_prefix(inlines, skip), source)


PROSE = frozenset({"paragraph", "heading", "list"})
FULL_LINE_EMS = 45
"""Characters of body text in a full-width line (170 mm at 10.5 pt, less a little for safety)."""
SHORT_RUN_LINES = 3
"""A run of prose that fills no more full-width lines than this is not set in columns."""


def runs(blocks: list[Any]) -> list[tuple[str, list[Any]]]:
    """Blocks grouped into runs of prose and the boxes between them (full width).

    A run of prose is set in two columns (``prose``), unless it is short (``short``): two
    columns would spread a lone paragraph of two or three lines over both, or leave one empty.
    """
    grouped: list[tuple[str, list[Any]]] = []
    for block in blocks:
        kind = "prose" if block.kind in PROSE else "box"
        if grouped and kind == "prose" and grouped[-1][0] == "prose":
            grouped[-1][1].append(block)
        else:
            grouped.append((kind, [block]))
    return [
        ("short" if kind == "prose" and full_width_lines(group) <= SHORT_RUN_LINES else kind, group)
        for kind, group in grouped
    ]


def full_width_lines(blocks: list[Any]) -> int:
    """About how many lines some prose fills across the whole text width (a first-line indent each)."""
    lines = 0
    for block in blocks:
        for node in walk_blocks(block):
            if isinstance(node, (Paragraph, Heading)):
                ems = sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in plain_text(node.inlines)) + 2
                lines += math.ceil(ems / FULL_LINE_EMS)
    return lines


_SVG_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


def sized_by_css(svg: str) -> str:
    """An inline SVG without its own width and height: the stylesheet sizes it (its viewBox keeps the shape).

    WeasyPrint reads those attributes as declarations of the document itself, which would outweigh
    the report's stylesheet when a layout process supplies it already parsed (toolkit/render/layout.py).
    """
    end = svg.index(">")
    return _SVG_SIZE.sub("", svg[:end]) + svg[end:]


def with_alternative(svg: str, alt: str) -> str:
    """An inline SVG that says what it shows: ``role="img"``, ``aria-label`` and a ``<title>`` first child.

    The tagged PDF takes a figure's alternative text from an SVG's ``<title>``; the title is never drawn.
    """
    end = svg.index(">")
    text = escape(alt)
    return f'{svg[:end]} role="img" aria-label="{text}"><title>{text}</title>{svg[end + 1 :]}'


def drawing_helpers(edition: Edition) -> dict[str, Callable[..., Any]]:
    """What the block templates of every renderer (PDF, web) call to draw from the model: a chart's SVG
    saying what it shows (``chart_svg``: the print drawing, or another of ``charts.DRAWINGS`` by name),
    whether a chart has gaps (``chart_gaps``), and a picture's text alternative (``alt_text``)."""

    def chart(block: Chart, alt: str, drawing: str = "print") -> Markup:
        # The SVG is generated from the model's numbers; matplotlib escapes its text.
        svg = chart_svg(block, edition.tables[block.table_id], edition.config.theme, DRAWINGS[drawing])
        return Markup(with_alternative(sized_by_css(svg), alt))

    def chart_gaps(block: Chart) -> bool:
        return bool(chart_series(block, edition.tables[block.table_id]).missing())

    return {"chart_svg": chart, "chart_gaps": chart_gaps, "alt_text": lambda item: alt_text(item, edition)}


def make_environment(templates_dir: Path) -> Environment:
    """The Jinja environment of the PDF templates."""
    env = Environment(
        loader=FileSystemLoader(templates_dir / "pdf"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["inlines"] = inlines_html
    env.filters["inlines_after"] = inlines_after
    env.globals["asset_url"] = asset_url
    env.globals["gap"] = gap_attribute
    env.globals["broken"] = broken_attributes
    env.tests["raw_lines"] = lambda block: as_written(block.inlines)  # set flush, line by line
    env.globals["qr_svg"] = lambda url, alt: Markup(with_alternative(sized_by_css(qr_svg(url)), alt))
    env.globals["runs"] = runs
    env.globals["words"] = WORDS
    return env


class BookHtml:
    """The report's HTML, whole or in the parts the PDF is built from.

    Parts: the front (cover and contents), each chapter, and the case index.
    The front and the index start at a given page number; ``numbers`` (anchor → page)
    fill the contents and the index, whose targets lie in other parts (``ghosts`` keep
    those links alive until the book is assembled). Chapters are laid out without page
    numbers, and their folio parts print them.
    """

    def __init__(self, edition: Edition, templates_dir: Path, draft: Draft | None = None) -> None:
        self.edition = edition
        self.draft = draft
        self.env = make_environment(templates_dir)

    def _render(self, template: str, **values: object) -> str:
        edition = self.edition
        context = dict(
            edition=edition,
            config=edition.config,
            tables=edition.tables,
            cases=edition.cases,
            assets=edition.assets,
            draft=self.draft,
            numbers={},
            **drawing_helpers(edition),
            ghosts=[],
            first_page=None,
            stamped=False,
            folio=False,
            linked_stylesheet=True,
            opens_page=lambda chapter: opens_page(chapter, edition),
            case_index=case_index(edition) if edition.config.index.cases else None,
        )
        context.update(values)
        return self.env.get_template(template).render(**context)

    def whole(self) -> str:
        """The whole report as one document."""
        return self._render("report.html")

    def _part(self, template: str, **values: object) -> str:
        # Parts do not link the stylesheet: a layout process parses it once for all the parts it
        # lays out (toolkit/render/layout.py), not once per part.
        return self._render(template, linked_stylesheet=False, **values)

    def front(self, numbers: dict[str, int]) -> str:
        """Cover and contents; the contents' links point into the other parts."""
        return self._part("part-front.html", numbers=numbers, ghosts=sorted(numbers), first_page=1)

    def chapter(self, chapter: Chapter) -> str:
        """One chapter, without its page numbers: the same whatever page it starts on (see ``folio``)."""
        return self._part("part-chapter.html", chapter=chapter, stamped=True)

    def folio(self, pages: list[FolioPage]) -> str:
        """The page numbers of chapter pages laid out without them, one page for each."""
        return self._part("part-folio.html", pages=pages, folio=True, draft=None)

    def index(self, first_page: int, numbers: dict[str, int]) -> str:
        """The case index, with the pages of the case boxes it lists."""
        targets = sorted(n for n in numbers if n.startswith("case-") and n != "case-index")
        return self._part("part-index.html", first_page=first_page, numbers=numbers, ghosts=targets)


def render_html(edition: Edition, templates_dir: Path, draft: Draft | None = None) -> str:
    """The whole report as one HTML document; ``draft`` marks every page as a review draft."""
    return BookHtml(edition, templates_dir, draft).whole()
