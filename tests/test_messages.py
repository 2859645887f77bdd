"""The message catalog: complete in both languages and published in docs/."""
from __future__ import annotations

import re

from tests.conftest import ROOT
from toolkit.messages import CATALOG, catalog_markdown


def test_docs_table_is_in_step_with_the_catalog() -> None:
    assert (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8") == catalog_markdown(), (
        "run: .venv/bin/python -m toolkit.messages > docs/diagnostics.md")


def test_every_code_speaks_chinese_and_english() -> None:
    for spec in CATALOG.values():
        assert re.fullmatch(r"[A-Z]{2}\d{3}", spec.code)
        assert re.search(r"[\u4e00-\u9fff]", spec.zh), spec.code
        assert not re.search(r"[\u4e00-\u9fff]", spec.en), spec.code
        english = set(re.findall(r"\{(\w+)\}", spec.en))
        english |= {name.removesuffix("_en") for name in english}  # {reason} in zh ↔ {reason_en} in en
        assert set(re.findall(r"\{(\w+)\}", spec.zh)) <= english, spec.code


def test_codes_used_in_the_source_exist() -> None:
    used = set()
    for path in (ROOT / "toolkit").rglob("*.py"):
        used |= set(re.findall(r'add\(\s*"([A-Z]{2}\d{3})"', path.read_text(encoding="utf-8")))
    assert used <= set(CATALOG)
    assert used, "no codes found"
