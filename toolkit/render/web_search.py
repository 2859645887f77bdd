"""The web edition's offline search: a Pagefind index of the site's pages, made at build time.

Pagefind's extended build segments Chinese text into words (jieba) as it indexes; the index and
Pagefind's search UI are static files under the site's ``pagefind/``, fetched by the browser only
when a search is made. The pages are indexed from memory (:func:`toolkit.render.web.render_site`'s
output), only their ``data-pagefind-body`` (the content, not the sidebar).
"""
from __future__ import annotations

import asyncio
from pathlib import Path

SEARCH_FOLDER = "pagefind"
"""The index's folder inside the site (the pages' script looks there)."""


class SearchIndexError(Exception):
    """Pagefind could not make the index (not installed, or its program failed)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def index_site(site: dict[str, bytes], folder: Path) -> int:
    """Write the search index of the site's pages to ``folder/pagefind/``; the number of pages indexed.

    ``folder`` is where the site is being written (a temporary folder until the build commits).
    Raises :class:`SearchIndexError` when Pagefind is missing or fails.
    """
    pages = {path: content.decode("utf-8") for path, content in site.items() if path.endswith(".html")}
    try:
        return asyncio.run(_index(pages, folder / SEARCH_FOLDER))
    except Exception as error:  # noqa: BLE001 - Pagefind's service reports its failures as bare Exception
        raise SearchIndexError(str(error) or type(error).__name__) from error


async def _index(pages: dict[str, str], output: Path) -> int:
    # Imported here: only a build of the web edition needs it (compile's start-up stays short).
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language="zh", output_path=str(output))
    async with PagefindIndex(config=config) as index:
        for path, html in sorted(pages.items()):
            await index.add_html_file(content=html, url=f"/{path}")
    return len(pages)
