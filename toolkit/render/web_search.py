"""The web edition's offline search: a Pagefind index of the site's pages, made at build time.

Pagefind's extended build segments Chinese text into words (jieba) as it indexes; the index and
Pagefind's search UI are static files under the site's ``pagefind/``, fetched by the browser only
when a search is made. The pages are indexed from memory (:func:`toolkit.render.web.render_site`'s
output), only their ``data-pagefind-body`` (the content, not the sidebar).
"""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

SEARCH_FOLDER = "pagefind"
"""The index's folder inside the site (the pages' script looks there)."""
TIMEOUT = 120.0
"""Seconds Pagefind may take (2021's ten pages take 1.5 s): its Python API waits for ever on a program that died."""


class SearchIndexError(Exception):
    """Pagefind could not make the index (not installed, or its program failed)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def missing_program() -> str | None:
    """Why Pagefind could not index here (its package or program is missing), or ``None`` when it can.

    Asked before a build lays anything out, so that a machine without it is told at once.
    """
    try:
        from pagefind.service import get_executable
    except ImportError:
        return "the Python package pagefind is not installed"
    program = get_executable()  # PAGEFIND_BINARY_PATH, else the pagefind-bin-extended wheel's program
    if program is None or not program.is_file() or not os.access(program, os.X_OK):
        return f"the program {program or 'pagefind_extended'} is missing"
    return None


def index_site(site: dict[str, bytes], folder: Path, timeout: float = TIMEOUT) -> int:
    """Write the search index of the site's pages to ``folder/pagefind/``; the number of pages indexed.

    ``folder`` is where the site is being written (a temporary folder until the build commits).
    Raises :class:`SearchIndexError` when Pagefind is missing, fails or takes over ``timeout`` seconds.
    """
    pages = {path: content.decode("utf-8") for path, content in site.items() if path.endswith(".html")}
    try:
        return asyncio.run(asyncio.wait_for(_index(pages, folder / SEARCH_FOLDER), timeout))
    except TimeoutError as error:
        raise SearchIndexError(f"no answer from Pagefind in {timeout:g} s") from error
    except Exception as error:  # noqa: BLE001 - Pagefind's service reports its failures as bare Exception
        raise SearchIndexError(str(error) or type(error).__name__) from error


async def _index(pages: dict[str, str], output: Path) -> int:
    # Imported here: only a build of the web edition needs it (compile's start-up stays short).
    from pagefind.index import IndexConfig, PagefindIndex

    # A program that died leaves the API's reading task failed and never awaited: its error is ours
    # (SearchIndexError, by the timeout), not a traceback for asyncio to print on the terminal.
    asyncio.get_running_loop().set_exception_handler(lambda loop, context: None)
    config = IndexConfig(force_language="zh", output_path=str(output))
    async with PagefindIndex(config=config) as index:
        for path, html in sorted(pages.items()):
            await index.add_html_file(content=html, url=f"/{path}")
    return len(pages)
