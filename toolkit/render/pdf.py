"""HTML → PDF with WeasyPrint, in two explicit steps: layout, then write.

Keeping the steps apart lets the benchmark time WeasyPrint alone on the very
HTML the toolkit produced, and lets tests look at the laid-out pages without
writing a file.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from toolkit.model import Asset
from toolkit.render import cjk_justify
from toolkit.render.fetcher import SafeFetcher
from toolkit.render.weasy import HTML, Document


class _Silence(logging.Filter):
    """WeasyPrint logs refused fetches as warnings; the fetcher keeps its own list."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "refused to fetch" not in record.getMessage()


logging.getLogger("weasyprint").addFilter(_Silence())


def layout(html: str, templates_dir: Path, edition_dir: Path, assets: Mapping[str, Asset],
           font_config: object | None = None) -> Document:
    """Lay the report out into pages."""
    cjk_justify.install()
    fetcher = SafeFetcher([templates_dir, edition_dir], assets)
    base_url = (templates_dir / "pdf").resolve().as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(font_config=font_config)


def write(document: Document, target: BinaryIO | Path, html: str) -> None:
    """Write the laid-out pages as PDF; the file identifier derives from the HTML, so it is stable."""
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    document.write_pdf(target, pdf_identifier=identifier)
