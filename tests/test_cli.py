"""The ``compile`` command as editors use it (click's CliRunner)."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import FIXTURES, ROOT
from toolkit.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_edition_builds_both_outputs_and_says_where(tmp_path: Path) -> None:
    code, output = run("edition", str(FIXTURES / "minimal"), "--root", str(ROOT), "--out", str(tmp_path))
    assert code == 0, output
    assert "已生成" in output
    assert (tmp_path / "中国工业和信息化可持续发展报告2021.pdf").stat().st_size > 10_000
    assert (tmp_path / "中国工业和信息化可持续发展报告2021.docx").stat().st_size > 10_000
    assert "IM001" in output  # the missing photo is a warning, not a failure
    assert list(tmp_path.glob(".*.tmp")) == []


def test_format_option_builds_one_output(tmp_path: Path) -> None:
    code, output = run("edition", str(FIXTURES / "minimal"), "--root", str(ROOT), "--out", str(tmp_path),
                       "--format", "docx")
    assert code == 0, output
    assert [p.suffix for p in tmp_path.iterdir()] == [".docx"]


def test_strict_makes_warnings_stop_the_build(tmp_path: Path) -> None:
    code, output = run("edition", str(FIXTURES / "minimal"), "--root", str(ROOT), "--out", str(tmp_path),
                       "--strict")
    assert code == 1
    assert "--strict" in output
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


def test_messages_in_english_with_lang_en() -> None:
    code, output = run("check", str(FIXTURES / "broken-chapter"), "--root", str(ROOT), "--lang", "en")
    assert code == 1
    assert "unknown directive “figur”" in output
    assert "Did you mean “figure”?" in output
    assert "未知" not in output


def test_user_errors_never_print_a_traceback(tmp_path: Path) -> None:
    for fixture in ("bad-manifest", "broken-chapter", "image-outside-edition"):
        code, output = run("edition", str(FIXTURES / fixture), "--root", str(ROOT), "--out", str(tmp_path))
        assert code == 1, fixture
        assert "Traceback" not in output
        assert "报告未生成" in output


def test_missing_edition_is_a_located_error(tmp_path: Path) -> None:
    code, output = run("edition", "1999", "--root", str(tmp_path))
    assert code == 1
    assert "ED001" in output and "找不到版本文件夹" in output


def test_console_entry_point_turns_a_bug_into_a_logged_message(monkeypatch, capsys, tmp_path: Path) -> None:
    import toolkit.cli as cli_module

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("toolkit.check.run_check", explode)  # the CLI imports it when the command runs
    monkeypatch.setattr("sys.argv", ["compile", "check", "2021", "--root", str(ROOT)])
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    try:
        cli_module.main()
    except SystemExit as exit_:
        assert exit_.code == cli_module.INTERNAL_ERROR
    output = capsys.readouterr().out
    assert "工具内部出错" in output and "Traceback" not in output
    logs = list(tmp_path.glob("compile-crash-*.log"))
    assert logs and "RuntimeError: a bug" in logs[0].read_text()
