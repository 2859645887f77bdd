"""The real editions compile, and their outputs carry their text."""
from __future__ import annotations

import pytest

from tests.conftest import pdf_pages
from toolkit.build import BuildResult


@pytest.fixture(params=["2020", "2021"])
def real_edition(request: pytest.FixtureRequest) -> BuildResult:
    return request.getfixturevalue(f"edition_{request.param}")


def test_real_editions_build_without_errors(real_edition: BuildResult) -> None:
    assert not real_edition.diagnostics.errors
    assert set(real_edition.outputs) == {"pdf", "docx"}


def test_real_edition_pdf_starts_with_its_preface(real_edition: BuildResult) -> None:
    pages = pdf_pages(real_edition.outputs["pdf"])
    year = real_edition.edition.config.year
    assert str(year) in pages[0]
    assert "序言" in pages[2]
    assert "衷心的感谢" in "".join(pages)
