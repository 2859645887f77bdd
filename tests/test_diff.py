"""Draft rounds and ``compile diff``: known edits between two rounds, marked exactly, in the model and the PDF."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURES, ROOT
from toolkit.atomic import OutputBatch
from toolkit.build import BuildOptions, compile_edition
from toolkit.cli import cli
from toolkit.diagnostics import Diagnostics
from toolkit.drafts import add_record, list_rounds, round_dir
from toolkit.model import Cell, Draft
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.review.compare import DiffReport, compare
from toolkit.review.diff import CaseChange, Segment, diff_editions, diff_text

NEW_CASE = """---
title: 安徽新能源汽车产业集群
organisation: 安徽省经济和信息化厅
organisation_kind: 地方
consent: true
contact:
  name: 赵六
---

安徽省以合肥为中心，推动新能源汽车整车与零部件企业集聚发展。
"""
REMOVED = "中国克服自身大规模接种带来的挑战，向世界提供疫苗。"
INSERTED_GREEN = (10, 107, 44)
SLOW_FIXTURES = {"edited_2021"}  # the real 2021 edition, recorded and compared (tests/conftest.py marks its users)
DELETED_RED = (176, 0, 32)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Round 1 of a small edition, four known edits, round 2."""
    root = tmp_path_factory.mktemp("rounds")
    edition = root / "editions" / "2021"
    shutil.copytree(FIXTURES / "all-elements", edition)
    options = BuildOptions(formats=("docx",), draft=Draft(date=dt.date(2021, 10, 8)))
    compile_edition(Project.at(root), "2021", options)
    # 1. one character of a Chinese sentence
    _edit(edition / "chapters/02-practice.md", "本章介绍各地方、行业", "本章介绍各地区、行业")
    # 2. a case added
    (edition / "cases/anhui-nev").mkdir()
    (edition / "cases/anhui-nev/case.md").write_text(NEW_CASE, encoding="utf-8")
    _edit(
        edition / "chapters/02-practice.md",
        "::: case lishui-grid\n:::",
        "::: case lishui-grid\n:::\n\n::: case anhui-nev\n:::",
    )
    # 3. a table value changed
    _edit(edition / "data/value-added.csv", "2019,317109", "2019,317209")
    # 4. a paragraph removed
    _edit(edition / "chapters/01-covid.md", REMOVED + "\n\n", "")
    compile_edition(Project.at(root), "2021", BuildOptions(formats=("docx",), draft=Draft(date=dt.date(2021, 10, 20))))
    return root


@pytest.fixture(scope="module")
def report(project: Path) -> DiffReport:
    return compare(Project.at(project), "2021")


def test_each_draft_is_recorded_as_a_round(project: Path) -> None:
    rounds = list_rounds(project / "build" / "2021")
    assert [(r.version, r.date.isoformat()) for r in rounds] == [("1", "2021-10-08"), ("2", "2021-10-20")]
    for round_ in rounds:
        assert {p.name for p in round_.folder.iterdir()} == {
            "round.json",
            "model.json.gz",
            "中国工业和信息化可持续发展报告2021.docx",
        }
    assert json.loads((rounds[0].folder / "round.json").read_text(encoding="utf-8"))["edition"] == 2021


def test_the_diff_holds_exactly_the_four_edits(report: DiffReport) -> None:
    diff = report.diff
    # by default the latest round is what is there now, so round 2 is compared with round 1
    assert (diff.old_label, diff.new_label) == ("第 1 稿（2021-10-08）", "第 2 稿（2021-10-20）")
    changed = [(u.role, u.segments) for c in diff.chapters for u in c.units if u.status == "changed"]
    assert changed == [
        (
            "text",
            [
                Segment("same", "本章介绍各地"),
                Segment("del", "方"),
                Segment("ins", "区"),
                Segment("same", "、行业和企业的实践。"),
            ],
        ),
        # a number is replaced whole, not digit by digit
        ("table", [Segment("same", "2019 "), Segment("del", "317109"), Segment("ins", "317209")]),
    ]
    row = next(u for c in diff.chapters for u in c.units if u.status == "changed" and u.role == "table")
    assert row.headings == ["年份", "工业增加值"]  # the row says which column changed
    assert row.cells == [[Segment("same", "2019")], [Segment("del", "317109"), Segment("ins", "317209")]]
    assert row.edited_cells == [False, True]
    # each edit points at the line to look at: the sentence's line, the table's row in its data file
    assert [u.source.label() for c in diff.chapters for u in c.units if u.status == "changed"] == [
        "chapters/02-practice.md:6",
        "data/value-added.csv:5",
    ]
    removed = [u.old_text for c in diff.chapters for u in c.units if u.status == "removed"]
    assert removed == [REMOVED]
    added = [(u.role, u.new_text) for c in diff.chapters for u in c.units if u.status == "added"]
    assert added == [
        ("case", "安徽新能源汽车产业集群"),
        ("case", "安徽省以合肥为中心，推动新能源汽车整车与零部件企业集聚发展。"),
        ("case", "安徽省经济和信息化厅"),
    ]
    assert diff.cases == [CaseChange("added", "anhui-nev", "安徽新能源汽车产业集群", "安徽省经济和信息化厅")]
    assert [(n.table, n.row, n.column, n.old, n.new) for n in diff.numbers] == [
        ("value-added", "2019", "工业增加值", "317109", "317209")
    ]
    assert [c.title for c in diff.changed_chapters] == ["抗击新冠疫情 助力全球经济复苏", "可持续发展创新实践"]


def _runs(pdf: Path, colour: tuple[int, int, int]) -> list[str]:
    """Runs of consecutive characters printed in ``colour``, page by page."""
    runs: list[str] = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            current = ""
            for char in page.chars:
                fill = char.get("non_stroking_color") or ()
                rgb = tuple(round(255 * v) for v in fill) if len(fill) == 3 else ()
                if rgb == colour and char["text"].strip():
                    current += char["text"]
                elif current and char["text"].strip():
                    runs.append(current)
                    current = ""
            if current:
                runs.append(current)
    return runs


def test_the_redline_pdf_marks_those_edits_and_nothing_else(report: DiffReport) -> None:
    pdf = report.outputs["pdf"]
    assert pdf.name == "修订对照-2021-对比第1稿.pdf"
    inserted = _runs(pdf, INSERTED_GREEN)
    deleted = _runs(pdf, DELETED_RED)
    # the legend, the summary's number table, then the body: 区, the table's new value, the new case
    assert inserted[:4] == ["新增的文字", "317209", "区", "317209"]
    assert (
        "".join(inserted[4:])
        == "安徽新能源汽车产业集群安徽省以合肥为中心，推动新能源汽车整车与零部件企业集聚发展。安徽省经济和信息化厅"
    )
    assert deleted[:2] == ["删除的文字", "317109"] and sorted(deleted[2:]) == sorted(["方", "317109", REMOVED])
    with pdfplumber.open(pdf) as document:
        summary = document.pages[0].extract_text()
        body = "\n".join(page.extract_text() for page in document.pages[1:])
    lines = summary.splitlines()
    assert lines[1] == "第 1 稿（2021-10-08） → 第 2 稿（2021-10-20）"
    assert lines[lines.index("章节 修改 新增 删除") + 1 : lines.index("案例")] == [
        "抗击新冠疫情 助力全球经济复苏 0 0 1",
        "可持续发展创新实践 2 3 0",
        "没有改动的章节：序言、未来展望",
    ]
    assert "新增 安徽新能源汽车产业集群（安徽省经济和信息化厅）" in lines
    assert "中国工业增加值 2019 工业增加值 317109 317209" in lines
    # changed paragraphs are flagged in the left margin: two changed, one removed, the three of the new case
    assert (body.count("修改"), body.count("删除"), body.count("新增")) == (2, 1, 3)
    html = report.outputs["html"].read_text(encoding="utf-8")
    assert "<del>方</del><ins>区</ins>" in html


def test_diff_command_prints_counts_and_refuses_unknown_rounds(project: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["diff", "2021", "--against", "1", "--root", str(project)])
    assert shown.exit_code == 0, shown.output
    folder = project / "build" / "2021" / "diff"
    assert shown.output.splitlines() == [
        "2021 年版当前稿 对比 第 1 稿（2021-10-08）：",
        "  文字：2 章有改动，修改 2 段，新增 3 段，删除 1 段",
        "    抗击新冠疫情 助力全球经济复苏：修改 0，新增 0，删除 1",
        "    可持续发展创新实践：修改 2，新增 3，删除 0",
        "  案例：新增 1 个，删除 0 个",
        "  数值：1 处变化",
        "已生成：",
        f"  {folder / '修订对照-2021-对比第1稿.html'}",
        f"  {folder / '修订对照-2021-对比第1稿.pdf'}",
    ]
    missing = runner.invoke(cli, ["diff", "2021", "--against", "9", "--root", str(project)])
    assert missing.exit_code == 1
    assert (
        f"  {project / 'build' / '2021' / 'drafts'} 错误 DF002 找不到第 9 稿（已有：1、2）"
        in missing.output.splitlines()
    )
    assert "Traceback" not in missing.output


def test_diff_without_any_round_says_what_to_do(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "editions" / "2021")
    result = CliRunner().invoke(cli, ["diff", "2021", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "DF001 还没有记录任何草稿，无法比较" in " ".join(result.output.split())


def test_one_character_edits_mark_one_character_and_numbers_whole() -> None:
    assert diff_text("本章介绍各地方、行业", "本章介绍各地区、行业") == [
        Segment("same", "本章介绍各地"),
        Segment("del", "方"),
        Segment("ins", "区"),
        Segment("same", "、行业"),
    ]
    assert diff_text("中国工业增加值连续11年位居世界第一", "中国工业增加值连续12年位居世界第一") == [
        Segment("same", "中国工业增加值连续"),
        Segment("del", "11"),
        Segment("ins", "12"),
        Segment("same", "年位居世界第一"),
    ]
    # decimals and thousands grouping belong to their number; a full stop after one does not
    assert diff_text("达到 372575 亿元，增长 2.4%。", "达到 374546 亿元，增长 2.6%。") == [
        Segment("same", "达到 "),
        Segment("del", "372575"),
        Segment("ins", "374546"),
        Segment("same", " 亿元，增长 "),
        Segment("del", "2.4"),
        Segment("ins", "2.6"),
        Segment("same", "%。"),
    ]
    assert diff_text("共 5,000 家，2020.", "共 5,100 家，2021.") == [
        Segment("same", "共 "),
        Segment("del", "5,000"),
        Segment("ins", "5,100"),
        Segment("same", " 家，"),
        Segment("del", "2020"),
        Segment("ins", "2021"),
        Segment("same", "."),
    ]


def test_a_table_reads_as_in_the_report_and_points_at_its_files() -> None:
    """Caption, heading row, rows and source note are compared; rows point at the data file."""
    from toolkit.diagnostics import Diagnostics
    from toolkit.readers import read_edition
    from toolkit.review.diff import diff_editions

    old = read_edition(FIXTURES / "minimal", Diagnostics())
    new = old.model_copy(deep=True)
    new.tables["value-added"].source_note = "国家统计局年度数据"
    diff = diff_editions(old, new, "旧", "新")
    changed = [u for c in diff.chapters for u in c.units if u.status == "changed"]
    assert [(u.old_text, u.new_text, u.source.path) for u in changed] == [
        ("资料来源：国家统计局", "资料来源：国家统计局年度数据", "data/value-added.toml")
    ]


@pytest.mark.slow
def test_diff_against_the_previous_edition_runs_on_the_real_editions(tmp_path: Path) -> None:
    report = compare(Project.at(ROOT), "2021", against_edition="2020", out_dir=tmp_path)
    diff = report.diff
    assert (diff.old_label, diff.new_label) == ("2020 年版", "2021 年版")
    # every chapter of both editions changed: 2021 renamed or rewrote them all
    assert [c.title for c in diff.changed_chapters] == [
        "序言",
        "理解中国工业和信息化可持续发展",
        "助力抗击全球新冠疫情",
        "抗击新冠疫情 助力全球经济复苏",
        "坚持协调发展 积极推进共同富裕",
        "迈向可持续发展",
        "实现可持续发展：经验与挑战",
        "可持续发展“大数据”",
        "贡献全球可持续发展的具体行动",
        "可持续发展创新实践",
        "未来展望",
    ]
    added = {c.case_id for c in diff.cases if c.status == "added"}
    assert len(added) == 24 and len([c for c in diff.cases if c.status == "removed"]) == 11
    with pdfplumber.open(report.outputs["pdf"]) as document:
        assert len(document.pages) == 55
        assert document.pages[0].extract_text().splitlines()[:2] == ["修订对照", "2020 年版 → 2021 年版"]
    # the table both editions print is compared cell by cell (2020 printed it without values)
    assert [(n.table, n.row, n.column, n.old, n.new) for n in diff.numbers] == [
        ("bigdata-industrial-value-added", year, "工业增加值", "", value)
        for year, value in (
            ("2016", "247860"),
            ("2017", "279997"),
            ("2018", "305160"),
            ("2019", "317109"),
            ("2020", "313071"),
        )
    ]
    assert report.outputs["pdf"] == tmp_path / "diff" / "修订对照-2021-对比2020年版.pdf"


@pytest.fixture(scope="module")
def edited_2021(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real 2021 edition recorded as round 1; then a cell of a table and a number of the text edited."""
    root = tmp_path_factory.mktemp("edited-2021")
    shutil.copytree(ROOT / "editions", root / "editions")
    edition = read_edition(root / "editions" / "2021", Diagnostics())
    with OutputBatch(round_dir(root / "build" / "2021", "1")) as batch:
        add_record(batch, edition, Draft(version="1", date=dt.date(2021, 11, 1)), [])
        batch.commit()
    _edit(
        root / "editions/2021/data/bigdata-rd-2016-2019.csv", "2019,129198,34.2,13971.10", "2019,129198,34.2,14012.35"
    )
    _edit(
        root / "editions/2021/chapters/05-big-data.md",
        "全国发电装机容量 220058 万千瓦",
        "全国发电装机容量 220358 万千瓦",
    )
    return root


def test_compile_diff_of_a_2021_table_cell_shows_whole_numbers_under_their_headings(edited_2021: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", "2021", "--root", str(edited_2021)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:6] == [
        "  文字：1 章有改动，修改 2 段，新增 0 段，删除 0 段",
        "    可持续发展“大数据”：修改 2，新增 0，删除 0",
        "  案例：新增 0 个，删除 0 个",
        "  数值：1 处变化",
        "已生成：",
    ]
    pdf = edited_2021 / "build" / "2021" / "diff" / "修订对照-2021-对比第1稿.pdf"
    # whole numbers: the summary's table, then the body's row and sentence, old and new each in one piece
    assert _runs(pdf, INSERTED_GREEN) == ["新增的文字", "14012.35", "14012.35", "220358"]
    assert _runs(pdf, DELETED_RED) == ["删除的文字", "13971.10", "13971.10", "220058"]
    # the changed row is printed under the table's column headings: the new value sits below its own
    with pdfplumber.open(pdf) as document:
        page = next(p for p in document.pages[1:] if "14012.35" in p.extract_text())
        words = page.extract_words()
    value = next(w for w in words if w["text"].startswith("14012.35") or w["text"].endswith("14012.35"))
    heading = next(w for w in words if "R&D经费支出" in w["text"])
    assert heading["bottom"] < value["top"] < heading["bottom"] + 40
    assert heading["x0"] - 30 < value["x0"] < heading["x1"]
    for other in ("年份", "新产品开", "技术改造"):  # headings wrap in their cells
        assert any(other in w["text"] for w in words), other
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert '<th class="edited">R&amp;D经费支出</th>' in html
    assert '<del>13971.10</del><span class="arrow">→</span><ins>14012.35</ins>' in html
    assert "<del>220058</del><ins>220358</ins>" in html


def test_a_row_added_to_a_table_is_shown_under_its_headings() -> None:
    old = read_edition(FIXTURES / "minimal", Diagnostics())
    new = old.model_copy(deep=True)
    table = new.tables["value-added"]
    table.rows.append([Cell(value=2021, text="2021"), Cell(value=372575, text="372575")])
    diff = diff_editions(old, new, "旧", "新")
    added = [u for c in diff.chapters for u in c.units if u.status == "added"]
    assert [(u.role, u.new_text, u.headings, u.cells) for u in added] == [
        ("table", "2021 372575", ["年份", "工业增加值"], [[Segment("ins", "2021")], [Segment("ins", "372575")]])
    ]
    assert added[0].edited_cells == [False, False]  # a row added is new as a whole, no cell stands out
