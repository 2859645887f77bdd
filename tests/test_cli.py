"""The ``compile`` command as editors use it (click's CliRunner)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from tests.conftest import FIXTURES, ROOT, pdf_pages
from toolkit.cli import cli

MINIMAL = FIXTURES / "minimal"
REPORT = "中国工业和信息化可持续发展报告2021"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_edition_builds_both_outputs_and_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths under the current folder are printed relative to it; tmp_path is not
    code, output = run("edition", str(MINIMAL), "--root", str(ROOT), "--out", str(tmp_path))
    assert code == 0, output
    lines = output.splitlines()
    assert lines[-5:] == ["发现 0 个错误、3 个警告、0 条说明；仍有 1 处待补充", "已生成：", f"  {tmp_path / REPORT}.docx",
                          f"  {tmp_path / REPORT}.pdf", "  PDF 共 7 页"]
    # the missing photo is a warning, not a failure
    assert "  tests/fixtures/editions/minimal/chapters/02-growth.md:31 警告 IM001 图片文件不存在：images/not-there.jpg；" \
           "报告中将显示占位框" in lines
    assert len(pdf_pages(tmp_path / f"{REPORT}.pdf")) == 7
    assert Document(str(tmp_path / f"{REPORT}.docx")).core_properties.title == REPORT
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", f"{REPORT}.docx", f"{REPORT}.pdf"]  # no temp files


def test_format_option_builds_one_output(tmp_path: Path) -> None:
    code, output = run("edition", str(MINIMAL), "--root", str(ROOT), "--out", str(tmp_path), "--format", "docx")
    assert code == 0, output
    assert [p.name for p in tmp_path.iterdir()] == [f"{REPORT}.docx"]


def test_strict_makes_warnings_stop_the_build(tmp_path: Path) -> None:
    code, output = run("edition", str(MINIMAL), "--root", str(ROOT), "--out", str(tmp_path), "--strict")
    assert code == 1
    assert output.splitlines()[-2:] == ["发现 0 个错误、3 个警告、0 条说明；仍有 1 处待补充",
                                        "报告未生成（--strict：警告也会中止生成），上一次生成的文件保持不变。"]
    assert list(tmp_path.iterdir()) == []


def test_bad_manifest_lists_every_problem_with_its_line() -> None:
    code, output = run("check", str(FIXTURES / "bad-manifest"), "--root", str(ROOT), "--format", "json")
    assert code == 1
    found = [(d["code"], d["location"].get("line")) for d in json.loads(output)["diagnostics"]]
    assert found == [("MF002", 1), ("MF004", 3), ("MF005", 8), ("MF006", 9), ("MF004", 13)]


def test_broken_chapter_lists_every_problem_located() -> None:
    code, output = run("check", str(FIXTURES / "broken-chapter"), "--root", str(ROOT), "--format", "json")
    assert code == 1
    data = json.loads(output)
    found = [(d["code"], Path(d["location"]["file"]).name, d["location"].get("line") or d["location"].get("row"),
              d["location"].get("column_name")) for d in data["diagnostics"]]
    assert found == [
        ("MD005", "01-body.md", 7, None),
        ("MD007", "01-body.md", 11, None),
        ("MD014", "01-body.md", 15, None),
        ("MD008", "01-body.md", 20, None),
        ("MD018", "01-body.md", 23, None),
        ("MD012", "01-body.md", 26, None),
        ("MD006", "01-body.md", 28, None),
        ("MD031", "01-body.md", 28, None),  # that figure has no image: a placeholder would print
        ("TB021", "output.csv", None, None),  # the table is not used anywhere
        ("TB007", "output.csv", 2, "产量"),
    ]
    messages = {d["code"]: d["message"] for d in data["diagnostics"]}
    assert messages["MD005"] == "未知的指令“figur”"
    assert messages["TB007"] == "单元格“71.8万”不是数字"


def test_messages_in_english_with_lang_en(tmp_path: Path) -> None:
    code, output = run("check", str(FIXTURES / "broken-chapter"), "--root", str(ROOT), "--lang", "en",
                       "--out", str(tmp_path))
    assert code == 1
    lines = output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith("chapters/01-body.md:7:1 error MD005 unknown directive “figur”"))
    assert lines[at + 1:at + 3] == ["      hint: Did you mean “figure”?",
                                    "            Every directive is listed under “Directive reference” in docs/authoring.md."]
    for word in ("未知", "错误", "提示", "发现"):  # the toolkit's own words; the fixture's column names stay Chinese
        assert word not in output, word


def test_user_errors_never_print_a_traceback(tmp_path: Path) -> None:
    summaries = {"bad-manifest": "发现 5 个错误、0 个警告、0 条说明",
                 "broken-chapter": "发现 8 个错误、2 个警告、0 条说明；仍有 1 处待补充",
                 "image-outside-edition": "发现 1 个错误、0 个警告、0 条说明"}
    for fixture, summary in summaries.items():
        code, output = run("edition", str(FIXTURES / fixture), "--root", str(ROOT), "--out", str(tmp_path))
        assert code == 1, fixture
        assert "Traceback" not in output
        assert output.splitlines()[-2:] == [summary, "报告未生成，上一次生成的文件保持不变。"]


def test_missing_edition_is_a_located_error(tmp_path: Path) -> None:
    code, output = run("edition", "1999", "--root", str(tmp_path))
    assert code == 1
    assert output.splitlines()[:3] == ["错误（1 个）", "（整个版本）",
                                       f"   错误 ED001 找不到版本文件夹 {tmp_path / 'editions' / '1999'}"]


def test_console_entry_point_turns_a_bug_into_a_logged_message(monkeypatch, capsys, tmp_path: Path) -> None:
    import toolkit.cli as cli_module

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("toolkit.check.run_check", explode)  # the CLI imports it when the command runs
    monkeypatch.setattr("sys.argv", ["compile", "check", "2021", "--root", str(ROOT)])
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with pytest.raises(SystemExit) as exit_:
        cli_module.main()
    assert exit_.value.code == cli_module.INTERNAL_ERROR == 70
    output = capsys.readouterr().out
    assert "工具内部出错" in output and "Traceback" not in output
    [log] = tmp_path.glob("compile-crash-*.log")
    assert "RuntimeError: a bug" in log.read_text() and str(log) in output
