"""A value's unit is printed once: by the table, whatever the editor typed next to the reference.

The fixture ``units-after-references`` types ``%`` (and ``％``, after a space, after bold) right
after references to a percent column, ``unit: %`` in callouts whose value prints ``%`` already,
and ``亿元`` after a number column in 亿元 (right: the reference prints only the number).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from tests.conftest import FIXTURES, ROOT, build, require_tool
from toolkit.build import BuildResult, run_check
from toolkit.model import Callout, CellRef, Paragraph, Span
from toolkit.project import Project
from toolkit.render.text import edition_text

SCENARIO = FIXTURES / "units-after-references"
# Every value that prints a percent sign, once each: four references in the text, three callouts.
PERCENT_SIGNS = 7


@pytest.fixture(scope="module")
def unfixed(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The fixture built as it is, doubled units still typed."""
    return build(SCENARIO, tmp_path_factory.mktemp("units"))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def reading_order(pdf: Path) -> str:
    """The PDF's text in reading order (column by column), whitespace dropped."""
    done = subprocess.run(
        [require_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    )
    return flat(done.stdout.decode("utf-8"))


def test_each_typed_unit_is_reported_where_it_is_typed() -> None:
    result = run_check(Project.at(ROOT), str(SCENARIO), out_dir=Path("/tmp/report-toolkit-test-units"))
    found = [(d.code, d.location.line, d.location.column) for d in result.diagnostics if d.code.startswith("NR")]
    assert found == [
        ("NR003", 7, 29),  # [[…占比]]%
        ("NR003", 8, 24),  # [[…占比]] ％: at the mark, after the space
        ("NR003", 10, 29),  # **[[…占比]]**%
        ("NR003", 11, 27),
        ("NR004", 16, 7),  # unit: % on a percent reference
        ("NR004", 28, 7),  # unit: ％ on a value typed with %
        ("NR004", 34, 7),  # unit: % written before the value
    ]  # 亿元 after a reference to a column in 亿元 (line 9, and its callout) is right: not reported
    messages = {d.location.line: d.message("zh") for d in result.diagnostics if d.code == "NR003"}
    assert messages[8] == "单元格引用 [[shares:2019:占比]] 印出的数值已带“%”，其后又写了“％”"
    # the doubled % is not also reported as a spacing problem (TY001) where NR003 is
    assert [(d.code, d.location.line) for d in result.diagnostics if d.code.startswith("TY")] == [("TY001", 11)]


def test_fix_removes_the_typed_unit_and_nothing_else(tmp_path: Path) -> None:
    scenario = tmp_path / "units"
    shutil.copytree(SCENARIO, scenario)
    before = (scenario / "chapters" / "01-text.md").read_text(encoding="utf-8").splitlines()
    result = run_check(Project.at(ROOT), str(scenario), fix=True, out_dir=tmp_path / "out")
    after = (scenario / "chapters" / "01-text.md").read_text(encoding="utf-8").splitlines()
    assert after[6] == "高技术制造业占比为 [[shares:2020:占比]]，比上年提高。"
    assert after[7] == "上年为 [[shares:2019:占比]]。"
    assert after[8] == before[8] == "增加值为 [[shares:2020:增加值]] 亿元，单位由正文写出，这是正确的写法。"
    assert after[9] == "强调的占比 **[[shares:2020:占比]]**也只印一个百分号。"
    assert after[10] == "2019 年占比 [[shares:2019:占比]]的水平。"  # with the typography fix on the same line
    # the callouts' repeated unit lines are gone, every other line of the file is as it was
    removed = [line for line in before if line not in after]
    assert [line for line in removed if line.startswith("unit:")] == ["unit: %", "unit: ％", "unit: %"]
    assert "unit: 亿元" in after
    assert len(after) == len(before) - 3
    assert sorted(c.code for c in result.changes) == ["NR003"] * 4 + ["NR004"] * 3 + ["TY001"]
    assert not [d for d in result.diagnostics if d.code in ("NR003", "NR004", "TY001")]
    # the fixture itself is untouched
    assert (SCENARIO / "chapters" / "01-text.md").read_text(encoding="utf-8").splitlines() == before


def test_the_model_holds_each_unit_once(unfixed: BuildResult) -> None:
    section = unfixed.edition.chapters[0].sections[0]
    paragraph = section.blocks[0]
    assert isinstance(paragraph, Paragraph)
    refs = [i for i in paragraph.inlines if isinstance(i, CellRef)]
    assert [r.text for r in refs] == ["15.1%", "14.4%", "47830", "15.1%", "14.4%"]
    after_first = paragraph.inlines[paragraph.inlines.index(refs[0]) + 1]
    assert isinstance(after_first, Span) and after_first.text.startswith("，")
    callouts = [b for b in section.blocks[1].callouts]  # type: ignore[attr-defined]
    assert all(isinstance(c, Callout) for c in callouts)
    assert [(c.value, c.unit) for c in callouts] == [("15.1", "%"), ("47830", "亿元"), ("12.5", "%"), ("14.4", "%")]


def test_a_doubled_unit_is_never_printed_in_the_pdf(unfixed: BuildResult) -> None:
    text = reading_order(unfixed.outputs["pdf"])
    assert "15.1%，比上年提高" in text and "上年为14.4%。" in text and "15.1%也只印" in text
    assert "47830亿元" in text
    assert not re.search(r"[%％]{2}", text)
    assert len(re.findall(r"[%％]", text)) == PERCENT_SIGNS


def test_a_doubled_unit_is_never_printed_in_the_docx(unfixed: BuildResult) -> None:
    document = docx.Document(str(unfixed.outputs["docx"]))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = flat("\n".join(texts))
    assert "15.1%，比上年提高" in text and "上年为14.4%。" in text
    assert not re.search(r"[%％]{2}", text)
    assert len(re.findall(r"[%％]", text)) == PERCENT_SIGNS
    value = next(
        p
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        if p.text.startswith("15.1")
    )
    assert [run.text for run in value.runs if run.text] == ["15.1", "%"]  # the unit once, in its own run


def test_a_doubled_unit_is_never_printed_in_the_text(unfixed: BuildResult) -> None:
    text = edition_text(unfixed.edition)
    assert "15.1% 高技术制造业占比" in text and "12.5% 手写的数值" in text
    assert not re.search(r"[%％]\s*[%％]", text)
    assert len(re.findall(r"[%％]", text)) == PERCENT_SIGNS
