"""Listings an editor can act on: errors first, counts of every kind, filters, no floods."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from rich.console import Console

from tests.conftest import FIXTURES, ROOT
from toolkit.cli import cli
from toolkit.console import Reporter
from toolkit.diagnostics import Diagnostics, Location
from toolkit.review.comments import Remark
from toolkit.submissions.register import Entry, save, summarise

MIXED = FIXTURES / "bad-elements"
"""Errors, warnings, notices and gaps (MD026, MD028) in chapters and cases."""
LEVELS = {"错误": "error", "警告": "warning", "说明": "info"}
ENTRY = re.compile(r"^  (\S+?)(?::\d+(?::\d+)?)?(?: \S.*?)? (错误|警告|说明) ([A-Z]{2}\d{3}) ")


def check(*args: str, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args, "--root", str(ROOT), "--out", str(out)], catch_exceptions=False)
    return result.exit_code, result.output


def entries(output: str) -> list[tuple[str, str]]:
    """(severity, code) of each diagnostic line of a text listing, in the order printed."""
    return [(LEVELS[m.group(2)], m.group(3)) for m in map(ENTRY.match, output.splitlines()) if m]


def as_json(*args: str, out: Path) -> dict:
    code, output = check(*args, "--format", "json", out=out)
    return json.loads(output)


def test_errors_come_first_then_warnings_then_notices_each_by_file_and_line(tmp_path: Path) -> None:
    code, output = check(str(MIXED), out=tmp_path)
    assert code == 1
    everything = as_json(str(MIXED), out=tmp_path)["diagnostics"]  # reading order: file, then line
    rank = {"error": 0, "warning": 1, "info": 2}
    expected = [(d["severity"], d["code"]) for d in sorted(everything, key=lambda d: rank[d["severity"]])]
    assert entries(output) == expected
    assert [s for s, _ in expected].count("error") == 11 and expected[-1] == ("info", "CS014")
    # a heading names each part and how many it holds, in that order
    headings = [line for line in output.splitlines() if re.fullmatch(r"(错误|警告|说明)（\d+ [个条]）", line)]
    assert headings == ["错误（11 个）", "警告（13 个）", "说明（3 条）"]
    # within the errors: the case files, then the chapter, by line
    chapter_errors = [
        line.split()[0] for line in output.splitlines() if " 错误 MD" in line and "chapters/01-body.md" in line
    ]
    lines = [int(where.split(":")[1]) for where in chapter_errors]
    assert lines == sorted(lines) and len(lines) == 6


def test_the_summary_names_errors_warnings_notices_and_gaps(tmp_path: Path) -> None:
    _, output = check(str(MIXED), out=tmp_path)
    data = as_json(str(MIXED), out=tmp_path)
    assert (data["errors"], data["warnings"], data["notices"], data["gaps"]) == (11, 13, 3, 2)
    assert "发现 11 个错误、13 个警告、3 条说明；仍有 2 处待补充" in output
    assert sorted(d["code"] for d in data["diagnostics"] if d.get("gap")) == ["MD026", "MD028"]
    _, english = check(str(MIXED), "--lang", "en", out=tmp_path)
    assert "11 error(s), 13 warning(s), 3 note(s); 2 gap(s) still to fill" in english
    assert english.index("Errors (11)") < english.index("Warnings (13)") < english.index("Notes (3)")


def test_only_narrows_the_listing_never_the_exit_code(tmp_path: Path) -> None:
    code, output = check(str(MIXED), "--only", "warnings", out=tmp_path)
    assert code == 1  # the errors still count
    assert {s for s, _ in entries(output)} == {"warning"} and len(entries(output)) == 13
    assert "发现 11 个错误、13 个警告、3 条说明；仍有 2 处待补充（按筛选条件列出了其中 13 条）" in output
    code, output = check(str(MIXED), "--only", "errors", "--only", "notices", out=tmp_path)
    assert code == 1 and [s for s, _ in entries(output)] == ["error"] * 11 + ["info"] * 3
    gaps = as_json(str(MIXED), "--only", "gaps", out=tmp_path)
    assert [d["code"] for d in gaps["diagnostics"]] == ["MD026", "MD028"] and gaps["listed"] == 2
    assert gaps["errors"] == 11  # the counts are of everything found


def test_code_takes_whole_codes_and_prefixes(tmp_path: Path) -> None:
    _, output = check(str(MIXED), "--code", "CS01", out=tmp_path)
    assert sorted({c for _, c in entries(output)}) == ["CS012", "CS013", "CS014"]
    data = as_json(str(MIXED), "--code", "md024", "--code", "MD026,MD028", out=tmp_path)
    assert [d["code"] for d in data["diagnostics"]] == ["MD024", "MD026", "MD028"]
    code, output = check(str(MIXED), "--code", "QQ1", out=tmp_path)
    assert code == 2 and "no diagnostic code starts with QQ1" in output


def test_path_takes_files_folders_and_patterns(tmp_path: Path) -> None:
    folder = as_json(str(MIXED), "--path", "cases/unplaced", out=tmp_path)["diagnostics"]
    assert {Path(d["location"]["file"]).parent.name for d in folder} == {"unplaced"}  # not unplaced-twice
    assert [d["code"] for d in folder] == ["CS007", "CS013", "CS014", "CS009"]
    pattern = as_json(str(MIXED), "--path", "cases/*/case.md", out=tmp_path)["diagnostics"]
    assert {Path(d["location"]["file"]).parent.name for d in pattern} == {
        "empty-case",
        "no-title",
        "unplaced",
        "unplaced-twice",
    }
    # the path as the listing shows it (relative to the current folder) works too
    shown = str((MIXED / "chapters" / "01-body.md").relative_to(ROOT))
    chapter = as_json(str(MIXED), "--path", shown, "--only", "errors", out=tmp_path)["diagnostics"]
    assert [d["code"] for d in chapter] == ["MD029", "MD019", "MD022", "MD023", "MD024", "MD025"]


def test_a_failed_build_lists_what_was_asked_and_still_fails(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["edition", str(MIXED), "--root", str(ROOT), "--out", str(tmp_path), "--code", "MD02", "--only", "errors"]
    )
    assert result.exit_code == 1 and "报告未生成" in result.output
    assert [c for _, c in entries(result.output)] == ["MD029", "MD022", "MD023", "MD024", "MD025"]
    assert "（按筛选条件列出了其中 5 条）" in result.output
    assert list(tmp_path.glob("*.pdf")) == []


def _merged_xlsx(count: int) -> bytes:
    """A sheet with ``count`` merged pairs of cells, as some statistical exports come."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["年份", "东部", "西部"])
    for year in range(2000, 2000 + count):
        sheet.append([year, 1, 2])
    for row in range(2, 2 + count):
        sheet.merge_cells(f"B{row}:C{row}")
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def flood(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("flood") / "flood"
    shutil.copytree(FIXTURES / "xlsx-merged-cells", folder)
    (folder / "data" / "output.xlsx").write_bytes(_merged_xlsx(40))
    (folder / "data" / "second.xlsx").write_bytes(_merged_xlsx(7))
    shutil.copyfile(folder / "data" / "output.toml", folder / "data" / "second.toml")
    return folder


def test_a_flood_of_one_code_is_listed_a_few_times_then_counted(flood: Path, tmp_path: Path) -> None:
    code, output = check(str(flood), out=tmp_path)
    assert code == 1
    assert entries(output) == [("error", "TB019")] * 10  # five in each file
    lines = output.splitlines()
    assert "  另有 35 处同类问题（TB019；加 --all 全部列出）" in lines
    assert "  另有 2 处同类问题（TB019；加 --all 全部列出）" in lines
    assert lines.index("  另有 35 处同类问题（TB019；加 --all 全部列出）") < next(
        i for i, line in enumerate(lines) if line.endswith("second.xlsx")
    )
    assert "发现 47 个错误、0 个警告、0 条说明" in output
    assert len(lines) < 40
    everything = as_json(str(flood), out=tmp_path)["diagnostics"]
    assert [d["location"]["row"] for d in everything] == list(range(2, 42)) + list(range(2, 9))  # JSON keeps all
    _, unfolded = check(str(flood), "--all", out=tmp_path)
    assert entries(unfolded) == [("error", "TB019")] * 47 and "另有" not in unfolded
    _, english = check(str(flood), "--lang", "en", out=tmp_path)
    assert "35 more of the same (TB019; --all lists them all)" in english


# --- narrow terminals and pipes ----------------------------------------------------------------

LONG_ID = "practice-sgcc-laos-vientiane-electricity"
LONG_PATH = "cases/practice-sgcc-laos-vientiane-electricity/case.md:12"


def _entries() -> list[Entry]:
    return [
        Entry(
            LONG_ID,
            "国家电网公司助力老挝万象电网升级改造，服务当地经济社会发展",
            "国家电网有限公司国际合作部",
            "企业",
            "needs-changes",
            "a.docx",
            "00",
            dt.date(2021, 10, 8),
            "global-contribution",
            [7, 9, 17],
        ),
        Entry(
            "covid-textile-industry",
            "纺织服装行业协力抗击疫情",
            "中国纺织工业联合会",
            "协会",
            "received",
            "b.docx",
            "00",
            dt.date(2021, 10, 9),
            "innovation",
            [3, 9],
        ),
    ]


def _remarks() -> list[Remark]:
    return [
        Remark(
            1,
            "comment",
            "王审阅",
            dt.datetime(2021, 10, 8, 10, 0),
            text="老挝万象电网",
            comment="请核实项目名称",
            path=LONG_PATH.rsplit(":", 1)[0],
            line=12,
        ),
        Remark(
            2,
            "replacement",
            "李编辑",
            dt.datetime(2021, 10, 9, 9, 30),
            text="严重冲击",
            old_text="明显影响",
            path="data/bigdata-rd-2016-2019.csv",
            line=2,
            column="新产品销售收入（亿元）",
        ),
    ]


def _printed(console: Console, show: Callable[[Reporter], None]) -> str:
    show(Reporter("zh", console))
    return console.file.getvalue()  # type: ignore[attr-defined]


def _pipe(width: int = 60) -> Console:
    return Console(file=StringIO(), width=width, highlight=False, soft_wrap=True, color_system=None)


def _terminal(width: int) -> Console:
    return Console(
        file=StringIO(), width=width, force_terminal=True, highlight=False, soft_wrap=True, color_system=None
    )


@pytest.mark.parametrize(
    "console",
    [_pipe(60), _pipe(80), _terminal(60), _terminal(200)],
    ids=["pipe-60", "pipe-80", "terminal-60", "terminal-200"],
)
def test_the_register_keeps_ids_sections_and_dates_whole(console: Console) -> None:
    entries = _entries()
    printed = _printed(console, lambda r: r.register(entries, summarise(entries)))
    for whole in (LONG_ID, "global-contribution", "covid-textile-industry", "2021-10-08", "7、9、17"):
        assert re.search(rf"(^|[\s│]){re.escape(whole)}($|[\s│])", printed, re.M), (whole, printed)
    assert "…" not in printed
    # the counts speak Chinese like the table
    assert "按状态　已收到：1，待修改：1" in printed
    assert "按可持续发展目标　目标 3：1，目标 7：1，目标 9：2，目标 17：1" in printed
    assert "received" not in printed and "needs-changes" not in printed
    # a narrow terminal gets records (one value a line), a wide one or a pipe the table
    assert ("┃ 编号" in printed) == (console.width > 60 or not console.is_terminal)
    if console.is_terminal:
        assert max(len(line.rstrip()) for line in printed.splitlines()) <= console.width


@pytest.mark.parametrize(
    "console", [_pipe(60), _terminal(60), _terminal(200)], ids=["pipe-60", "terminal-60", "terminal-200"]
)
def test_remarks_keep_their_source_file_and_line_whole(console: Console) -> None:
    printed = _printed(console, lambda r: r.remarks(_remarks(), None))
    for whole in (LONG_PATH, "data/bigdata-rd-2016-2019.csv:2", "2021-10-08 10:00"):
        assert whole in printed, (whole, printed)
    assert "请核实项目" in printed and "…" not in printed
    assert "共 2 条意见：批注 1 条，修订 1 处" in printed


def test_cases_piped_into_another_program_keeps_ids_whole(tmp_path: Path) -> None:
    """The real command through a real pipe, COLUMNS=60 as a narrow window would set."""
    edition = tmp_path / "editions" / "2021"
    shutil.copytree(FIXTURES / "minimal", edition)
    save(edition, _entries())
    done = subprocess.run(
        [str(ROOT / ".venv/bin/compile"), "cases", "2021", "--root", str(tmp_path)],
        capture_output=True,
        env={**os.environ, "COLUMNS": "60"},
        check=True,
    )
    printed = done.stdout.decode("utf-8")
    assert f"│ {LONG_ID} │" in printed and "│ global-contribution │" in printed
    assert "按状态　已收到：1，待修改：1" in printed


def test_check_piped_at_60_columns_keeps_every_location_on_one_line(tmp_path: Path) -> None:
    result = CliRunner(env={"COLUMNS": "60"}).invoke(
        cli, ["check", str(MIXED), "--root", str(ROOT), "--out", str(tmp_path)]
    )
    located = [line for line in result.output.splitlines() if line.startswith("  tests/fixtures/")]
    assert len(located) == 27  # every diagnostic, its file:line:column whole at the start of its line
    assert any(len(line) > 60 for line in located)  # nothing was wrapped to fit the 60 columns


def test_a_command_without_all_still_counts_a_flood_in_one_line() -> None:
    """``ingest`` lists a DOCX's 2,774 pieces of text outside the form as five and one line."""
    found = Diagnostics()
    for number in range(2774):
        found.add("SB011", Location(ROOT / "收件箱" / "长文档.docx", field="表格之外"), text=f"第 {number} 段")
    found.add("SB002", Location(ROOT / "收件箱" / "空文件.docx"), file="空文件.docx")
    printed = _printed(_pipe(100), lambda r: r.diagnostics(found))
    assert printed.count(" 警告 SB011 ") == 5 and printed.count(" 错误 SB002 ") == 1
    assert "  另有 2769 处同类问题（SB011）\n" in printed and "--all" not in printed
    assert printed.index("错误 SB002") < printed.index("警告 SB011")  # the error is not buried
