"""The ``compile`` command as editors use it (click's CliRunner)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from tests.conftest import FIXTURES, ROOT, pdf_pages
from toolkit.cli import cli
from toolkit.project import Project

MINIMAL = FIXTURES / "minimal"
REPORT = "中国工业和信息化可持续发展报告2021"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_edition_builds_every_output_and_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths under the current folder are printed relative to it; tmp_path is not
    code, output = run("edition", str(MINIMAL), "--root", str(ROOT), "--out", str(tmp_path))
    assert code == 0, output
    lines = output.splitlines()
    assert lines[-6:] == [
        "发现 0 个错误、3 个警告、0 条说明；仍有 1 处待补充",
        "已生成：",
        f"  {tmp_path / REPORT}.docx",
        f"  {tmp_path / REPORT}.pdf",
        f"  {tmp_path / 'html'}",
        "  PDF 共 7 页",
    ]
    # the missing photo is a warning, not a failure
    assert (
        "  tests/fixtures/editions/minimal/chapters/02-growth.md:31 警告 IM001 图片文件不存在：images/not-there.jpg；"
        "报告中将显示占位框" in lines
    )
    assert len(pdf_pages(tmp_path / f"{REPORT}.pdf")) == 7
    assert Document(str(tmp_path / f"{REPORT}.docx")).core_properties.title == REPORT
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".cache",
        "html",
        f"{REPORT}.docx",
        f"{REPORT}.pdf",
    ]  # no temp files


def test_format_option_builds_one_output(tmp_path: Path) -> None:
    code, output = run("edition", str(MINIMAL), "--root", str(ROOT), "--out", str(tmp_path), "--format", "docx")
    assert code == 0, output
    assert [p.name for p in tmp_path.iterdir() if p.name != ".cache"] == [f"{REPORT}.docx"]  # .cache: for a rebuild


def test_for_screen_writes_the_pdf_without_blank_pages(tmp_path: Path) -> None:
    """``--for screen`` writes the PDF for reading on screen only; repeated with ``--for print``, both."""
    code, output = run(
        "edition",
        str(MINIMAL),
        "--root",
        str(ROOT),
        "--out",
        str(tmp_path / "screen"),
        "--format",
        "pdf",
        "--for",
        "screen",
    )
    assert code == 0, output
    screen = tmp_path / "screen" / f"{REPORT}-屏幕阅读版.pdf"
    assert sorted(p.name for p in (tmp_path / "screen").iterdir()) == [".cache", screen.name]
    code, output = run(
        "edition",
        str(MINIMAL),
        "--root",
        str(ROOT),
        "--out",
        str(tmp_path / "both"),
        "--format",
        "pdf",
        "--for",
        "print",
        "--for",
        "screen",
    )
    assert code == 0, output
    printed = pdf_pages(tmp_path / "both" / f"{REPORT}.pdf")
    assert screen.read_bytes() == (tmp_path / "both" / screen.name).read_bytes()
    assert pdf_pages(screen) == [page for page in printed if page.strip()] and len(printed) == 7 > len(
        pdf_pages(screen)
    )
    assert output.splitlines()[-1] == "  PDF 共 7 页"


def test_strict_makes_warnings_stop_the_build(tmp_path: Path) -> None:
    code, output = run("edition", str(MINIMAL), "--root", str(ROOT), "--out", str(tmp_path), "--strict")
    assert code == 1
    assert output.splitlines()[-2:] == [
        "发现 0 个错误、3 个警告、0 条说明；仍有 1 处待补充",
        "报告未生成（--strict：警告也会中止生成），上一次生成的文件保持不变。",
    ]
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
    found = [
        (
            d["code"],
            Path(d["location"]["file"]).name,
            d["location"].get("line") or d["location"].get("row"),
            d["location"].get("column_name"),
        )
        for d in data["diagnostics"]
    ]
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
    code, output = run(
        "check", str(FIXTURES / "broken-chapter"), "--root", str(ROOT), "--lang", "en", "--out", str(tmp_path)
    )
    assert code == 1
    lines = output.splitlines()
    at = next(
        i
        for i, line in enumerate(lines)
        if line.endswith("chapters/01-body.md:7:1 error MD005 unknown directive “figur”")
    )
    assert lines[at + 1 : at + 3] == [
        "      hint: Did you mean “figure”?",
        "            Every directive is listed in docs/directives.md.",
    ]
    for word in ("未知", "错误", "提示", "发现"):  # the toolkit's own words; the fixture's column names stay Chinese
        assert word not in output, word


def test_user_errors_never_print_a_traceback(tmp_path: Path) -> None:
    summaries = {
        "bad-manifest": "发现 5 个错误、0 个警告、0 条说明",
        "broken-chapter": "发现 8 个错误、2 个警告、0 条说明；仍有 1 处待补充",
        "image-outside-edition": "发现 1 个错误、0 个警告、0 条说明",
    }
    for fixture, summary in summaries.items():
        code, output = run("edition", str(FIXTURES / fixture), "--root", str(ROOT), "--out", str(tmp_path))
        assert code == 1, fixture
        assert "Traceback" not in output
        assert output.splitlines()[-2:] == [summary, "报告未生成，上一次生成的文件保持不变。"]


def test_missing_edition_is_a_located_error(tmp_path: Path) -> None:
    code, output = run("edition", "1999", "--root", str(tmp_path))
    assert code == 1
    assert output.splitlines()[:3] == [
        "错误（1 个）",
        "（整个版本）",
        f"   错误 ED001 找不到版本文件夹 {tmp_path / 'editions' / '1999'}",
    ]


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


# --- a thin CLI: the library decides, the command reports (issue 12) ---------------------------------------

A_BUG = RuntimeError("a bug")


def _crash(monkeypatch, capsys, tmp_path: Path, *args: str, error: BaseException = A_BUG) -> tuple[int, str]:
    """Run the console entry point on ``compile ARGS`` with ``run_check`` raising ``error``: exit code and output."""
    import toolkit.cli as cli_module

    def explode(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("toolkit.check.run_check", explode)
    monkeypatch.setattr("sys.argv", ["compile", *args])
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with pytest.raises(SystemExit) as exit_:
        cli_module.main()
    captured = capsys.readouterr()
    return exit_.value.code, captured.out + captured.err


@pytest.mark.parametrize("spelling", [["--lang", "en"], ["--lang=en"]])
def test_a_bug_is_told_in_the_language_chosen_however_it_is_spelled(
    monkeypatch, capsys, tmp_path: Path, spelling: list[str]
) -> None:
    code, output = _crash(monkeypatch, capsys, tmp_path, "check", "2021", "--root", str(ROOT), *spelling)
    log = next(tmp_path.glob("compile-crash-*.log"))
    assert code == 70
    assert " ".join(output.split()) == (
        f"Internal error in the toolkit (not a problem in your input). Details are in "
        f"{log}; please send it to the maintainers."
    )
    assert "RuntimeError: a bug" in log.read_text()


def test_a_bug_is_told_in_chinese_when_chosen_even_with_en_elsewhere_on_the_line(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    """The old guess looked for "--lang" and "en" anywhere in the command line; click's parse is what counts."""
    code, output = _crash(monkeypatch, capsys, tmp_path, "check", "en", "--root", str(ROOT), "--lang", "zh")
    assert code == 70 and "工具内部出错" in output and "Internal error" not in output


@pytest.mark.parametrize(("lang", "said"), [("zh", "已中止。"), ("en", "Aborted.")])
def test_ctrl_c_is_told_in_the_language_chosen(monkeypatch, capsys, tmp_path: Path, lang: str, said: str) -> None:
    code, output = _crash(
        monkeypatch, capsys, tmp_path, "check", "2021", "--root", str(ROOT), f"--lang={lang}", error=KeyboardInterrupt()
    )
    assert (code, output.strip().splitlines()[-1]) == (130, said)
    assert list(tmp_path.glob("compile-crash-*.log")) == []


def test_check_exit_code_is_the_results(tmp_path: Path) -> None:
    """Warnings alone: 0, or 1 with --strict; the library's result says which (no exit inside the command)."""
    from toolkit.check import run_check

    minimal = FIXTURES / "minimal"
    assert run_check(Project.at(ROOT), str(minimal), out_dir=tmp_path).exit_code == 0
    assert run_check(Project.at(ROOT), str(minimal), out_dir=tmp_path, strict=True).exit_code == 1
    assert run("check", str(minimal), "--root", str(ROOT), "--out", str(tmp_path))[0] == 0
    code, output = run("check", str(minimal), "--root", str(ROOT), "--out", str(tmp_path), "--strict")
    assert code == 1 and "IM001" in output and "报告未生成" not in output


def test_text_to_a_file_is_the_text_printed_and_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "校对" / "minimal.txt"  # a folder that does not exist yet is made
    code, printed = run("text", str(FIXTURES / "minimal"), "--root", str(ROOT))
    assert code == 0 and printed.count("\n") > 5
    assert run("text", str(FIXTURES / "minimal"), "--root", str(ROOT), "-o", str(target)) == (0, "")
    assert target.read_text(encoding="utf-8") == printed
    assert [p.name for p in target.parent.iterdir()] == ["minimal.txt"]


def test_text_that_cannot_be_written_leaves_the_previous_file_whole(monkeypatch, tmp_path: Path) -> None:
    """The disk fills up while the text is written: exit code 4, the file as it was, no temporary file left."""
    target = tmp_path / "minimal.txt"
    target.write_text("上一次的文字\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("toolkit.atomic.os.fsync", disk_full)
    code, output = run("text", str(FIXTURES / "minimal"), "--root", str(ROOT), "-o", str(target))
    assert code == 4
    assert f"无法写入 {target}：No space left on device" in " ".join(output.split())
    assert target.read_text(encoding="utf-8") == "上一次的文字\n"
    assert [p.name for p in tmp_path.iterdir()] == ["minimal.txt"]


def test_text_of_an_edition_with_errors_prints_what_could_be_read_and_exits_1() -> None:
    result = CliRunner().invoke(cli, ["text", str(FIXTURES / "broken-chapter"), "--root", str(ROOT)])
    assert result.exit_code == 1
    assert "MD005" in result.stderr and "MD005" not in result.stdout
    assert result.stdout.strip()


@pytest.mark.parametrize("version", ["2; rm -rf /", "第 2 稿", "x" * 21, ""])
def test_a_draft_version_the_model_refuses_is_a_usage_error(tmp_path: Path, version: str) -> None:
    """One pattern, the model's (Draft.version); the command line says so as click says a bad value."""
    code, output = run(
        "edition",
        str(FIXTURES / "minimal"),
        "--root",
        str(ROOT),
        "--out",
        str(tmp_path),
        "--jobs",
        "1",
        "--draft",
        "--draft-version",
        version,
    )
    assert code == 2
    assert output.splitlines()[-1] == "Error: Invalid value for --draft-version: letters, digits, dots and hyphens only"
    assert list(tmp_path.iterdir()) == []


def test_several_formats_are_joined_by_commas(tmp_path: Path) -> None:
    from toolkit.build import parse_formats
    from toolkit.errors import UsageProblem

    assert parse_formats("docx, pdf") == ("pdf", "docx")
    assert parse_formats("html,all") == ("pdf", "docx", "html")
    for wrong in ("xml", "pdf,xml", ",", ""):
        with pytest.raises(UsageProblem):
            parse_formats(wrong)
    code, output = run("edition", str(MINIMAL), "--root", str(ROOT), "--out", str(tmp_path), "--format", "pdf,odt")
    assert code == 2
    assert output.splitlines()[-1] == (
        "Error: Invalid value for --format: pdf, docx, html or all, or several joined by commas (pdf,docx)"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_draft_version_accepted_is_the_models() -> None:
    import pydantic

    from toolkit.build import draft_round
    from toolkit.errors import UsageProblem
    from toolkit.model import Draft

    for version in ("2", "2.1", "final-b", "第2稿", "x" * 20):
        assert draft_round(version).version == version
        Draft.model_validate({"version": version, "date": "2021-10-08"})
    for version in ("2 1", "x" * 21, "2/3"):
        with pytest.raises(UsageProblem):
            draft_round(version)
        with pytest.raises(pydantic.ValidationError):
            Draft.model_validate({"version": version, "date": "2021-10-08"})
    assert draft_round().version is None  # the round after those recorded, found by the build


def test_the_command_and_the_library_build_with_one_set_of_options(monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit import build

    asked: list[build.BuildOptions] = []
    monkeypatch.setattr(build, "compile_edition", lambda project, year, options, stage: asked.append(options))
    monkeypatch.setattr("toolkit.console.Reporter.built", lambda self, result: None)
    CliRunner().invoke(cli, ["edition", "2021", "--root", str(ROOT)])
    CliRunner().invoke(cli, ["edition", "2021", "--root", str(ROOT), "--format", "docx", "-j", "1", "--strict"])
    assert asked == [build.BuildOptions(), build.BuildOptions(formats=("docx",), jobs=1, strict=True)]
    assert build.BuildOptions().formats == ("pdf", "docx", "html") and build.BuildOptions().jobs is None


def _command_bodies() -> dict[str, list[ast.stmt]]:
    """Each command of ``toolkit/cli.py``: the statements of its body, docstring left out."""
    bodies = {}
    for node in ast.parse((ROOT / "toolkit" / "cli.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and any(
            ("cli.command" in ast.unparse(d) or "portal.command" in ast.unparse(d)) for d in node.decorator_list
        ):
            body = node.body
            if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]
            bodies[node.name] = body
    return bodies


def test_every_command_is_thin_and_only_main_exits() -> None:
    bodies = _command_bodies()
    assert len(cli.commands) == 11  # ten commands and the portal's group
    assert len(bodies) == 10 + len(cli.commands["portal"].commands) == 12  # type: ignore[attr-defined]
    # statements, not lines: how the formatter wraps a call does not make a command thicker
    lengths = {
        name: sum(isinstance(node, ast.stmt) for s in body for node in ast.walk(s)) for name, body in bodies.items()
    }
    assert {name: n for name, n in lengths.items() if n > 10} == {}
    tree = ast.parse((ROOT / "toolkit" / "cli.py").read_text(encoding="utf-8"))
    exits = [
        f
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef)
        and any("sys.exit" in ast.unparse(n) for n in ast.walk(f) if isinstance(n, ast.Call))
    ]
    assert [f.name for f in exits] == ["main"]
