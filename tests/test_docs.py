"""The reference pages generated from the schemas (``python -m toolkit.docs``) are current, and say what they must."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT
from toolkit.docs import GENERATED, directives_markdown, main, manifest_markdown, stale
from toolkit.model import ELEMENTS

DOCS = ROOT / "docs"


def test_every_generated_page_is_current() -> None:
    assert stale(DOCS) == [], "run: .venv/bin/python -m toolkit.docs (then review git diff docs/)"


def test_a_stale_or_missing_page_is_told_and_written(tmp_path: Path, capsys) -> None:
    (tmp_path / "manifest.md").write_text("old\n", encoding="utf-8")
    assert stale(tmp_path) == sorted(GENERATED, key=list(GENERATED).index)
    assert main(["--check", str(tmp_path)]) == 1
    assert f"{tmp_path / 'manifest.md'} is stale" in capsys.readouterr().out
    assert main([str(tmp_path)]) == 0
    assert stale(tmp_path) == [] and main(["--check", str(tmp_path)]) == 0


def test_the_directive_reference_gives_every_element_its_fields_types_defaults_and_docstrings() -> None:
    text = directives_markdown()
    for element in ELEMENTS:
        if element.directive is not None:
            assert f"\n## `{element.directive.name}`\n" in text
        else:
            assert f"| `{element.kind}` | " in text
    assert "| `speaker` | text | **required** | The person quoted. (length ≥ `1`) Example: `西亚尔托`. |" in text
    assert '| `type` | one of `bar`, `line`, `barh` | `"bar"` |' in text
    assert "::: chart industrial-value-added\n" in text  # an example with its argument
    assert "reserved on every element model" in text and "`source`, where the block was written" in text


def test_the_manifest_reference_gives_every_setting() -> None:
    text = manifest_markdown()
    assert "| `year` | integer | **required** | The edition's year; must match the folder name" in text
    assert "## `[theme]`" in text and '| `accent` | text | `"#1f5f8b"` |' in text
    assert "pattern `^#[0-9a-fA-F]{6}$`" in text
    assert '| `docx_pages` | one of `libreoffice`, `none` | `"libreoffice"` |' in text
