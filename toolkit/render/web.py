"""Model → the static web edition: one HTML page per chapter, through ``templates/web/``.

:func:`render_site` is pure: it reads no file but the templates, writes nothing, and returns
every file of the site (relative POSIX path → bytes). Image bytes come from the model
(``Edition.assets``), each written once under ``assets/`` and referenced by every page that
shows it. Text from the edition is only ever a template *value* (autoescaped, as for the PDF:
the inline helpers are :mod:`toolkit.render.html`'s). Every block carries its source as
``data-source="chapters/03-green.md:42"``, as the DOCX's source markers do, and a hash of its text,
``data-block="3f2a…"`` (:mod:`toolkit.render.web_blocks`), by which reviewers' comments find it again.

The search index is not part of the site returned here: the build adds it from the pages
(:mod:`toolkit.render.web_search`), keeping each page's share between builds.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from toolkit.case_index import case_index
from toolkit.model import (
    CaseBox,
    CellAddress,
    Chapter,
    Chart,
    DataTable,
    Draft,
    Edition,
    Inline,
    Node,
    Paragraph,
    SourceRef,
    TableRef,
    plain_text,
)
from toolkit.render.blobs import BlobCache
from toolkit.render.html import drawing_helpers, inlines_html, make_environment, text_html
from toolkit.render.inputs import RenderInputs
from toolkit.render.line_breaks import with_breaks
from toolkit.render.web_blocks import stamp_blocks

INDEX_PAGE = "index.html"
CASE_INDEX_PAGE = "case-index.html"
STATIC_FILES = ("web.css", "web.js", "search.css", "search.js")
"""Files of ``templates/web/static/`` copied as they are to the site's ``static/``."""


@dataclass(frozen=True)
class Page:
    """One page of the site: where it is, what it shows, and its title for the contents."""

    path: str
    """Relative POSIX path in the site: ``index.html``, ``chapters/01-covid.html``."""
    title: str
    chapter: Chapter | None = None


def chapter_page(chapter: Chapter) -> str:
    """A chapter's page, named after its file: ``chapters/01-covid.md`` → ``chapters/01-covid.html``."""
    return f"chapters/{PurePosixPath(chapter.source.path).stem}.html"


def asset_path(src: str) -> str:
    """Where an image of the model is in the site: ``images/x.jpg`` → ``assets/images/x.jpg``."""
    return f"assets/{src}"


def site_pages(edition: Edition) -> list[Page]:
    """The pages in reading order: the front matter and contents, each chapter, the case index."""
    pages = [Page(INDEX_PAGE, "封面与目录")]
    pages += [Page(chapter_page(chapter), chapter.title, chapter) for chapter in edition.chapters]
    if has_case_index(edition):
        pages.append(Page(CASE_INDEX_PAGE, edition.config.index.title))
    return pages


def has_case_index(edition: Edition) -> bool:
    """Whether the site has a case index page: whenever the report places a case.

    The PDF prints its index only when the manifest asks (``[index] cases``); on the screen it
    costs no paper, and the preview shows an unplaced case there.
    """
    return bool(edition.cases) and any(isinstance(block, CaseBox) for _, block in edition.walk())


def anchor_pages(edition: Edition) -> dict[str, str]:
    """Every link target of the report (chapter, section and case ids) → the page that holds it."""
    anchors: dict[str, str] = {}
    for chapter in edition.chapters:
        page = chapter_page(chapter)
        anchors[chapter.id] = page
        anchors.update((section.id, page) for section in chapter.sections)
    for chapter, block in edition.walk():
        if isinstance(block, CaseBox):
            anchors.setdefault(f"case-{block.case_id}", chapter_page(chapter))
    if has_case_index(edition):
        anchors["case-index"] = CASE_INDEX_PAGE
    return anchors


def page_for_source(edition: Edition, source_file: str) -> str:
    """The page of the site that shows what ``source_file`` (relative to the edition folder) holds.

    ``chapters/03-x.md`` → that chapter's page; ``cases/<id>/…`` (the case and its photos) → the
    page of the chapter that places the case (the case index if none does); ``data/<id>.csv`` (or
    ``.xlsx``, ``.toml``) → the first chapter page placing that table or a chart of it; an image
    → the first page showing it; anything else (``edition.toml``, an unused file) → ``index.html``.
    """
    path = PurePosixPath(source_file).as_posix()
    for chapter in edition.chapters:
        if chapter.source.path == path:
            return chapter_page(chapter)
    parts = PurePosixPath(path).parts
    if len(parts) >= 2 and parts[0] == "cases":
        fallback = CASE_INDEX_PAGE if has_case_index(edition) else INDEX_PAGE
        return anchor_pages(edition).get(f"case-{parts[1]}", fallback)
    for chapter, block in edition.walk():
        if _shows(block, path):
            return chapter_page(chapter)
    return INDEX_PAGE


def _shows(block: Node, path: str) -> bool:
    """Whether a block prints the table or the image of file ``path``."""
    if isinstance(block, (TableRef, Chart)):
        return PurePosixPath(path).parent.as_posix() == "data" and PurePosixPath(path).stem == block.table_id
    return getattr(block, "src", None) == path


DESCRIPTION_LENGTH = 120
"""Characters at most in a page's ``<meta name="description">`` (what search results show of it)."""


def page_description(edition: Edition, page: Page) -> str:
    """The page's summary for search engines: a chapter's first paragraph of text, in its intro or first
    section (a chapter of data boxes: its title and its sections'); the report's title, publisher and
    chapters (from the manifest) for the front page; what the case index lists for it."""
    config = edition.config
    chapter = page.chapter
    if chapter is not None:
        opening = [*chapter.intro, *chapter.sections[0].blocks] if chapter.sections else chapter.intro
        first = next((block for block in opening if isinstance(block, Paragraph)), None)
        if first is not None:
            return _shortened(" ".join(plain_text(first.inlines).split()))
        sections = "、".join(section.full_title for section in chapter.sections)
        return _shortened(f"{config.full_title}：{chapter.title}" + (f"。{sections}。" if sections else ""))
    if page.path == CASE_INDEX_PAGE:
        return _shortened(f"{config.full_title}{config.index.title}：报告收录的案例，按提交单位和可持续发展目标排列。")
    chapters = "、".join(chapter.title for chapter in edition.chapters)
    return _shortened(f"{config.full_title}，{config.publisher}编写。{config.subtitle or '目录'}：{chapters}。")


def _shortened(text: str) -> str:
    """``text`` cut to :data:`DESCRIPTION_LENGTH` characters, at the end of a sentence where there is one."""
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[:DESCRIPTION_LENGTH]
    end = max(cut.rfind(mark) for mark in "。！？；")
    return cut[: end + 1] if end >= DESCRIPTION_LENGTH // 2 else cut[: DESCRIPTION_LENGTH - 1] + "…"


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def outline(html: str) -> str:
    """A page's headings renumbered so that none skips a level: each is at most one below the one before.

    A ``####`` under a section's ``<h2>`` becomes an ``<h3>``, a box's title right under the chapter's
    ``<h1>`` an ``<h2>``: the templates keep each element's own look by its class, and screen readers
    and search engines read a whole outline. Headings never nest, so each closing tag closes the last.
    """
    level, opened = 0, []

    def renumber(tag: re.Match[str]) -> str:
        nonlocal level
        if tag.group(1):
            return f"</h{opened.pop()}"
        level = min(int(tag.group(2)), level + 1)
        opened.append(level)
        return f"<h{level}"

    return _HEADING_TAG.sub(renumber, html)


def source_attribute(source: SourceRef | None) -> Markup:
    """`` data-source="chapters/01.md:12"``: where a block was written, for the preview and reviewers."""
    return Markup(f' data-source="{escape(source.label())}"') if source is not None else Markup("")


def cell_description(tables: dict[str, DataTable], address: CellAddress) -> str:
    """What a number of the text is, in words, for its tooltip: ``表：…；行：2020 年；列：工业增加值（亿元）``."""
    table = tables.get(address.table)
    if table is None:
        return f"表：{address.table}；行：{address.row}；列：{address.column}"
    columns = {c.name: c for c in table.columns} | {c.heading: c for c in table.columns}
    column = columns.get(address.column)
    heading = address.column if column is None else column.heading + (f"（{column.unit}）" if column.unit else "")
    row = f"{address.row} 年" if table.columns[0].type == "year" else address.row
    return f"表：{table.title}；行：{row}；列：{heading}"


@pass_context
def _inlines(context: Context, inlines: list[Inline], source: SourceRef | None = None) -> Markup:
    """Inline content as on the PDF, each number from a table telling its table, row and column in words."""
    return inlines_html(inlines, source, describe=partial(cell_description, context["tables"]))


@pass_context
def _title_inlines(context: Context, inlines: list[Inline], source: SourceRef | None = None) -> Markup:
    """A heading's inline content, with its line breaks between words (:mod:`toolkit.render.line_breaks`)."""
    return inlines_html(
        inlines,
        source,
        describe=partial(cell_description, context["tables"]),
        text=partial(with_breaks, html=text_html),
    )


@lru_cache(maxsize=4)
def make_web_environment(templates_dir: Path) -> Environment:
    """The PDF's Jinja environment (autoescaped, its inline filters), loading the web templates instead.

    Titles get their line breaks between words (the ``breaks`` and ``title_inlines`` filters);
    numbers from tables are described in words. Kept for the process: the preview renders the site
    on every save, and compiling the templates again each time was a third of its latency (nothing
    is stored in the environment per render).
    """
    env = make_environment(templates_dir)
    env.loader = FileSystemLoader(templates_dir / "web")
    env.globals["src"] = source_attribute
    env.filters["inlines"] = _inlines
    env.filters["title_inlines"] = _title_inlines
    env.filters["breaks"] = with_breaks
    return env


class SiteRenderer:
    """Renders the pages of one edition (the links between pages are relative: any folder, any server)."""

    def __init__(self, edition: Edition, templates_dir: Path, draft: Draft | None) -> None:
        self.edition = edition
        self.draft = draft
        self.env = make_web_environment(templates_dir)
        self.pages = site_pages(edition)
        self.anchors = anchor_pages(edition)
        self.index = case_index(edition) if has_case_index(edition) else None

    def render(self, position: int) -> bytes:
        """The page at ``position`` of :attr:`pages`."""
        page = self.pages[position]
        here = posixpath.dirname(page.path)

        def url(target: str) -> str:
            return quote(posixpath.relpath(target, here or "."))

        def link(anchor: str) -> str:
            return f"{url(self.anchors[anchor])}#{quote(anchor)}" if anchor in self.anchors else f"#{quote(anchor)}"

        template = "chapter.html" if page.chapter else page.path
        edition = self.edition
        html = self.env.get_template(template).render(
            edition=edition,
            config=edition.config,
            tables=edition.tables,
            cases=edition.cases,
            assets=edition.assets,
            draft=self.draft,
            page=page,
            pages=self.pages,
            position=position,
            chapter=page.chapter,
            url=url,
            link=link,
            asset_url=lambda src: url(asset_path(src)),
            case_index=self.index,
            description=page_description(edition, page),
            **drawing_helpers(edition),
        )
        return stamp_blocks(outline(html)).encode("utf-8")


def render_site(
    edition: Edition, templates_dir: Path, *, draft: Draft | None = None, kept: BlobCache | None = None
) -> dict[str, bytes]:
    """Every file of the web edition (relative POSIX path → content); ``draft`` marks every page as a review draft.

    Pages (:func:`site_pages`), the files of :data:`STATIC_FILES` under ``static/``, and each image of the
    model once under ``assets/`` (:func:`asset_path`). :func:`page_for_source` says which page
    shows a given input file. With ``kept`` (a build's cache), a page whose inputs did not change
    is taken as rendered before (:func:`page_keys`).
    """
    renderer = SiteRenderer(edition, templates_dir, draft)
    if kept is None:
        site = {page.path: renderer.render(position) for position, page in enumerate(renderer.pages)}
    else:
        keys = page_keys(renderer, templates_dir)
        site = {
            page.path: kept.made(f"web-page-{keys[page.path]}", lambda position=position: renderer.render(position))
            for position, page in enumerate(renderer.pages)
        }
    for name in STATIC_FILES:
        site[f"static/{name}"] = (templates_dir / "web" / "static" / name).read_bytes()
    for src, asset in edition.assets.items():
        site[asset_path(src)] = asset.data
    return site


def page_keys(renderer: SiteRenderer, templates_dir: Path) -> dict[str, str]:
    """Each page's key (by path): everything it shows, hashed (:mod:`toolkit.render.inputs`).

    Every page shows the site's pages (the navigation) and links to any anchor; a chapter's page
    shows its chapter and the cases it places, the contents and the case index every chapter and case.
    """
    also = [f"{page.path}\0{page.title}" for page in renderer.pages]
    also += [f"{anchor}\0{path}" for anchor, path in sorted(renderer.anchors.items())]
    inputs = RenderInputs(
        renderer.edition, renderer.draft, templates_dir / "web", ("jinja2", "matplotlib", "rjieba"), also
    )
    whole = inputs.whole()
    return {
        page.path: inputs.chapter(page.chapter)
        if page.chapter
        else hashlib.sha256(f"{whole}\0{page.path}".encode()).hexdigest()
        for page in renderer.pages
    }
