"""Submitted text is data: never a template, never HTML, never a URL to fetch."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint.urls import URLFetchingError

from tests.conftest import FIXTURES, ROOT, build, pdf_pages
from toolkit.diagnostics import Diagnostics
from toolkit.model import Asset
from toolkit.project import PACKAGE_TEMPLATES
from toolkit.readers import read_edition
from toolkit.render.fetcher import RefusedURL, SafeFetcher
from toolkit.render.html import render_html


@pytest.fixture(scope="module")
def hostile_html() -> str:
    diagnostics = Diagnostics()
    edition = read_edition(FIXTURES / "hostile-text", diagnostics)
    assert edition is not None and diagnostics.codes() == ["MD013"]
    return render_html(edition, PACKAGE_TEMPLATES)


def test_template_syntax_in_text_stays_literal(hostile_html: str) -> None:
    assert "{{ 7*7 }}" in hostile_html and "49" not in hostile_html
    assert "{% for x in range(3) %}循环{% endfor %}" in hostile_html
    assert "{{ config.publisher }} 不应被求值" in hostile_html


def test_raw_html_is_escaped(hostile_html: str) -> None:
    assert "<script>" not in hostile_html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in hostile_html


def test_hostile_edition_builds_and_prints_the_text_literally(tmp_path: Path) -> None:
    result = build(FIXTURES / "hostile-text", tmp_path)
    text = "".join(pdf_pages(result.outputs["pdf"]))
    assert "{{ 7*7 }}" in text and '<script>alert("x")</script>' in text


def test_image_path_outside_the_edition_is_refused() -> None:
    diagnostics = Diagnostics()
    read_edition(FIXTURES / "image-outside-edition", diagnostics)
    assert diagnostics.codes() == ["IM003"]


def _fetcher() -> SafeFetcher:
    asset = Asset(src="images/a.png", media_type="image/png", data=b"PNG", width=1, height=1)
    return SafeFetcher([PACKAGE_TEMPLATES, FIXTURES / "minimal"], {"images/a.png": asset})


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/tracker.png",
        "http://127.0.0.1:8080/",
        "ftp://example.com/x",
        "file:///etc/passwd",
        (ROOT / "pyproject.toml").as_uri(),
        (PACKAGE_TEMPLATES / ".." / "pyproject.toml").as_uri(),
        "file://otherhost/etc/passwd",
        "data:text/plain,hello",
        "asset:images/none.png",
    ],
)
def test_fetcher_refuses_everything_else(url: str) -> None:
    fetcher = _fetcher()
    with pytest.raises((RefusedURL, ValueError, URLFetchingError)):
        fetcher.fetch(url)


def test_fetcher_serves_templates_edition_files_and_assets() -> None:
    fetcher = _fetcher()
    assert fetcher.fetch((PACKAGE_TEMPLATES / "pdf" / "report.css").as_uri()).read().startswith(b"/*")
    assert fetcher.fetch((FIXTURES / "minimal" / "edition.toml").as_uri()).read().startswith(b"title")
    assert fetcher.fetch("asset:images/a.png").read() == b"PNG"
