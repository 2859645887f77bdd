"""Every command in the README and the guides is run, in order, so that the pages never drift.

The shell blocks (```` ```sh ````) of each page are run line by line in a temporary project whose
``editions/2021`` is a copy of the small ``minimal`` fixture (and ``editions/2020`` the same, a year
earlier): the commands do there what they do to a real edition, in seconds. ``.venv/bin/compile``
runs in this process through click's runner; any other line (``>``, ``&&``, ``python -m …``) runs
in bash with ``.venv`` linked to the checkout's. Between commands the test plays the people the
page speaks of: an editor changes a sentence before ``diff``, a reviewer comments the DOCX before
``comments``, two associations fill the case template before ``ingest``.

Marks, an HTML comment on the line before a block (invisible on the rendered page):

- ``<!-- not-run: REASON -->`` before a shell block: not run (it installs system packages, runs
  a server until Ctrl+C, or takes minutes); the reason must be given, and its ``compile`` lines are
  still parsed by the CLI, so a renamed option fails here too.
- ``<!-- output -->`` before a text block: each of its lines is printed, in this order, by the
  commands of the shell block above it (``…`` stands for lines left out).
- ``<!-- letter: … -->`` before a text block: each of its lines is in the feedback letter the
  case steps wrote, in order (dates aside).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from tests.conftest import FIXTURES, ROOT
from tests.reviewer import Reviewer
from tests.submitter import fill, photo
from toolkit.cli import cli
from toolkit.model.domain import ORGANISATION_KINDS
from toolkit.submissions.form import FIELDS

pytestmark = pytest.mark.slow

COMPILE = ".venv/bin/compile"
MARK = re.compile(r"^<!--\s*(not-run|output|letter)\s*(?::\s*(.*?))?\s*-->\s*$")
ENV_PREFIX = re.compile(r"^[A-Z_][A-Z0-9_]*=")
SHELL_SYNTAX = re.compile(r"[<>|&;]")
DATE = re.compile(r"\d{4} 年 \d{1,2} 月 \d{1,2} 日|\b\d{4}-\d{2}-\d{2}\b")

GROUPS = {
    "readme": ["README.md", "docs/architecture.md", "docs/benchmarks.md", "docs/authoring.md"],
    "guides": ["docs/editor-guide.md", "docs/submitter-guide.md"],
}
"""Pages run one after another in one project: the README builds what the developers' pages measure,
the editor's year makes the letter the submitters' guide shows."""

EXIT_CODES = {
    "compile edition 2021 --strict": 1,  # the fixture has warnings, which --strict makes stop the build
    "compile ingest 2022 收件箱/*.docx": 1,  # one of the two forms is sent back with a letter
}
"""Commands expected to end with another code than 0 (their text after ``.venv/bin/``, comment dropped)."""

MADE = {
    "compile new 2022 --from 2021": ["editions/2022/edition.toml", "build/2022/案例征集模板-2022.docx"],
    "compile edition 2021": ["build/2021/*.pdf", "build/2021/*.docx", "build/2021/html/index.html"],
    "compile edition 2021 --out /tmp/x": ["x/*.pdf"],
    "compile edition 2021 --for screen": ["build/2021/*-屏幕阅读版.pdf"],
    "compile edition 2022 --draft": ["build/2022/drafts/1/*.pdf", "build/2022/drafts/1/*.docx"],
    "compile diff 2022": ["build/2022/diff/*.pdf", "build/2022/diff/*.html"],
    "compile comments 2022 王审阅-意见.docx": ["build/2022/review/*.csv"],
    "compile case-template --edition 2022": ["build/2022/案例征集模板-2022.docx"],
    "compile ingest 2022 收件箱/*.docx": [
        "editions/2022/cases/*/case.md",
        "editions/2022/submissions.toml",
        "build/2022/feedback/*.html",
    ],
    "compile edition 2022": ["build/2022/*.pdf", "build/2022/*.docx", "build/2022/html/index.html"],
    "compile text 2022 --output 2022.txt": ["2022.txt"],
}
"""What a command must leave in the project, as glob patterns."""


@dataclass
class Block:
    """A fenced block of a page, with the mark on the line before it."""

    page: str
    line: int
    info: str
    lines: list[str]
    mark: str | None = None
    reason: str | None = None


@dataclass
class Project:
    """The temporary project the pages' commands run in, and what they printed."""

    root: Path
    printed: list[str] = field(default_factory=list)
    """What each command of the current shell block printed."""
    letters: str = ""
    """The feedback letters as the last command that left any wrote them, as text."""


def blocks(page: str) -> list[Block]:
    """The fenced blocks of a page, in order."""
    found: list[Block] = []
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        fence = re.match(r"^(`{3,})(\S*)\s*$", lines[index])
        if not fence:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith(fence.group(1)))
        before = lines[index - 1] if index else ""
        mark = MARK.match(before)
        found.append(
            Block(
                page,
                index + 1,
                fence.group(2),
                lines[index + 1 : end],
                mark.group(1) if mark else None,
                mark.group(2) if mark else None,
            )
        )
        index = end + 1
    return found


def commands(block: Block) -> Iterator[str]:
    """The command lines of a shell block, without their comments."""
    for line in block.lines:
        tokens = shlex.split(line, comments=True)
        if tokens:
            yield line.split(" # ")[0].strip() if " # " in line else line.strip()


def key(command: str) -> str:
    """A command as the tables above name it: after ``.venv/bin/``, with single spaces."""
    return " ".join(shlex.split(command.removeprefix(".venv/bin/")))


# --- the people around the commands ---------------------------------------------------------------------------------


def edit_a_sentence(project: Project) -> None:
    """The editor changes a sentence after the draft went out (what ``diff`` then shows)."""
    chapter = project.root / "editions/2022/chapters/02-growth.md"
    text = chapter.read_text(encoding="utf-8")
    assert "工业增加值" in text
    chapter.write_text(text.replace("工业增加值", "全部工业增加值", 1), encoding="utf-8")


def association_resubmits(project: Project) -> None:
    """The association sent back answers its letter: the 登记号 typed in, a contact, the whole text."""
    folder = project.root / "收件箱/第二稿"
    folder.mkdir()
    body = (
        "2022 年，协会推动 36 家钢铁会员企业回收利用烧结、转炉和轧钢余热，新增余热发电装机 42 万千瓦，"
        "全年发电 25 亿千瓦时，相当于节约标准煤 76 万吨。"
    ) * 3
    fill(
        project.root / "build/2022/案例征集模板-2022.docx",
        folder / "中国节能协会-余热利用.docx",
        {
            "登记号": "2022-002",
            "案例标题": "钢铁企业余热利用",
            "提交单位": "中国节能协会",
            "单位类型": "协会",
            "案例正文": [body],
            "联系人": "赵强",
            "联系电话": "010-87654321",
            "同意发表": "是",
        },
    )


def editor_keeps_a_password(project: Project) -> None:
    """The editor's password, in the file the portal's command reads it from."""
    (project.root / "password.txt").write_text("Zhe-shi-mi-ma-2022\n", encoding="utf-8")


def editor_places_the_case(project: Project) -> None:
    """The editor adds the two lines ``ingest`` printed for each accepted case to a chapter."""
    chapter = project.root / "editions/2022/chapters/02-growth.md"
    with chapter.open("a", encoding="utf-8") as text:
        for case in sorted(path.parent.name for path in project.root.glob("editions/2022/cases/*/case.md")):
            text.write(f"\n::: case {case}\n:::\n")


def reviewer_comments(source: str, target: str) -> Callable[[Project], None]:
    """A reviewer sends back the DOCX at ``source`` (a glob) with one comment, as ``target``."""

    def review(project: Project) -> None:
        [docx] = sorted(project.root.glob(source))
        reviewer = Reviewer(docx)
        reviewer.comment("工业增加值", "工业", "请核对这一数字的口径。")
        reviewer.document.save(str(project.root / target))

    return review


def associations_send_forms(project: Project) -> None:
    """Two associations fill the case template: one completely, one without a contact and too short."""
    template = project.root / "build/2022/案例征集模板-2022.docx"
    inbox = project.root / "收件箱"
    inbox.mkdir()
    body = (
        "2022 年，协会组织 120 家会员企业开展绿色工厂创建，推广节能改造、清洁生产和资源循环利用，"
        "全年帮助会员企业节约标准煤 3.2 万吨，减少二氧化碳排放 8.5 万吨。"
    ) * 2
    fill(
        template,
        inbox / "中国绿色制造协会-绿色工厂创建行动.docx",
        {
            "案例标题": "绿色工厂创建行动",
            "提交单位": "中国绿色制造协会",
            "单位类型": "协会",
            "案例正文": [body],
            "照片一图注": "会员企业的光伏屋顶",
            "照片一来源": "中国绿色制造协会",
            "数据来源": "协会统计",
            "数据截至日期": "2022.7.15",
            "联系人": "李明",
            "联系电话": "010-12345678",
            "同意发表": "是",
        },
        {"照片一": photo()},
    )
    fill(
        template,
        inbox / "中国节能协会-余热利用.docx",
        {
            "案例标题": "钢铁企业余热利用",
            "提交单位": "中国节能协会",
            "单位类型": "协会",
            "案例正文": ["协会推动会员企业回收利用余热。"],
            "同意发表": "是",
        },
    )


HOOKS: dict[str, dict[str, Callable[[Project], None]]] = {
    "readme": {
        "compile comments 2021 reviewed.docx": reviewer_comments("build/2021/*报告2021.docx", "reviewed.docx"),
    },
    "guides": {
        "compile diff 2022": edit_a_sentence,
        "compile comments 2022 王审阅-意见.docx": reviewer_comments("build/2022/drafts/1/*.docx", "王审阅-意见.docx"),
        "compile ingest 2022 收件箱/*.docx": associations_send_forms,
        "compile ingest 2022 收件箱/第二稿/*.docx": association_resubmits,
        "compile portal add-user 2022 wang --role editor --password-stdin < password.txt": editor_keeps_a_password,
        "compile edition 2022": editor_places_the_case,
    },
}
"""What happens just before a command (the first time it is run)."""


# --- running ----------------------------------------------------------------------------------------------------------


def make_project(root: Path) -> Project:
    """A project folder holding the fixture edition as 2021 and as 2020, and the checkout's ``.venv``."""
    shutil.copytree(FIXTURES / "minimal", root / "editions/2021")
    shutil.copytree(FIXTURES / "minimal", root / "editions/2020")
    manifest = root / "editions/2020/edition.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        text.replace("year = 2021", "year = 2020")
        .replace("2021-11-30", "2020-11-30")
        .replace("edition_number = 2", "edition_number = 1"),
        encoding="utf-8",
    )
    for folder in ("2021", "2020"):  # the office the letters name, as an edition that sends them has it
        manifest = root / "editions" / folder / "edition.toml"
        manifest.write_text(
            manifest.read_text(encoding="utf-8")
            .replace('name = "测试编辑部"', 'name = "《中国工业和信息化可持续发展报告》编辑部"')
            .replace('person = "测试联系人"', 'person = "王编辑"'),
            encoding="utf-8",
        )
    (root / ".venv").symlink_to(ROOT / ".venv")
    (root / "docs").mkdir()
    return Project(root)


def environment() -> dict[str, str]:
    # No LibreOffice layout of the DOCX's page numbers (documented, MF020): the commands' effect is the
    # same and the test stays quick; tests/test_docx_pages.py holds the layout.
    return {"REPORT_TOOLKIT_SOFFICE": ""}


def run(project: Project, command: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Run one line of a page in the project: its exit code and what it printed."""
    command = command.replace("/tmp/x", str(project.root / "x"))
    tokens = shlex.split(command)
    env = dict(environment())
    while tokens and ENV_PREFIX.match(tokens[0]):
        name, _, value = tokens.pop(0).partition("=")
        env[name] = value
    # The portal's commands set Django up: they run as their own processes, as users run them.
    in_process = not SHELL_SYNTAX.search(command) and "portal" not in command
    if tokens and tokens[0] == COMPILE and in_process:
        monkeypatch.chdir(project.root)
        args = [
            match
            for token in tokens[1:]
            for match in (
                sorted(str(p.relative_to(project.root)) for p in project.root.glob(token)) if "*" in token else [token]
            )
        ]
        result = CliRunner(env=env).invoke(cli, args)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.output
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=project.root,
        capture_output=True,
        timeout=300,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
    )
    return done.returncode, done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")


def shown_lines(block: Block) -> list[str]:
    return [" ".join(line.split()) for line in block.lines if line.strip() and line.strip() != "…"]


def assert_in_order(shown: list[str], actual: str, where: str) -> None:
    """Each shown line is a line (or the end of a line) of ``actual``, in the order shown."""
    lines = [" ".join(line.split()) for line in DATE.sub("DATE", actual).splitlines()]
    position = 0
    for expected in shown:
        expected = DATE.sub("DATE", expected)
        found = next((i for i in range(position, len(lines)) if lines[i].endswith(expected)), None)
        assert found is not None, (
            f"{where}: the page shows “{expected}”, which the commands did not print "
            f"(after line {position}):\n" + "\n".join(lines)
        )
        position = found + 1


def letter_text(root: Path) -> str:
    """The feedback letters in the project's build folders, as text: a paragraph a line, and each row of
    the table of problems as its number, then one line per column (``类别：必须修改``)."""
    texts = []
    for path in sorted(root.glob("build/*/feedback/*.html")):
        document = lxml_html.fromstring(path.read_bytes())
        for table in document.xpath("//table"):
            heads = [" ".join(th.text_content().split()) for th in table.xpath(".//th")]
            lines = []
            for row in table.xpath(".//tbody/tr"):
                cells = [" ".join(td.text_content().split()) for td in row.xpath("./td")]
                lines += [f"{heads[0]} {cells[0]}", *(f"{head}：{cell}" for head, cell in zip(heads[1:], cells[1:]))]
            block = lxml_html.Element("div")
            block.text, block.tail = "\n".join(lines), table.tail
            table.getparent().replace(table, block)
        for element in document.xpath("//head|//style|//script"):
            element.drop_tree()
        for element in document.xpath("//h1|//p|//li|//div|//br"):
            element.tail = "\n" + (element.tail or "")
        texts.append(document.text_content())
    return "\n".join(texts)


def run_pages(group: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run every shell block of the group's pages in order; check the marks. The number of commands run."""
    project = make_project(root)
    hooks = dict(HOOKS[group])
    count = 0
    for page in GROUPS[group]:
        for block in blocks(page):
            where = f"{page}:{block.line}"
            if block.info == "sh" and block.mark is None:
                project.printed = []
                for command in commands(block):
                    name = key(command)
                    if name in hooks:
                        hooks.pop(name)(project)
                    code, printed = run(project, command, monkeypatch)
                    project.printed.append(printed)
                    assert code == EXIT_CODES.get(name, 0), f"{where}: `{command}` exited {code}:\n{printed}"
                    for pattern in MADE.get(name, []):
                        assert list(project.root.glob(pattern)), f"{where}: `{command}` made no {pattern}"
                    project.letters = letter_text(project.root) or project.letters
                    count += 1
            elif block.mark == "output":
                assert project.printed, f"{where}: an output block follows no command that was run"
                assert_in_order(shown_lines(block), "\n".join(project.printed), where)
            elif block.mark == "letter":
                assert project.letters, f"{where}: no command before this block wrote a letter"
                assert_in_order(shown_lines(block), project.letters, where)
    assert not hooks, f"commands the test prepares for are no longer on the pages: {sorted(hooks)}"
    return count


def test_the_readme_and_developer_pages_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_pages("readme", tmp_path, monkeypatch) >= 20
    # The developers' page regenerates the references made from the code: they are the ones checked in.
    for page in ("manifest.md", "directives.md", "diagnostics.md"):
        made = (tmp_path / "docs" / page).read_text(encoding="utf-8")
        assert made == (ROOT / "docs" / page).read_text(encoding="utf-8"), page


def test_the_editors_year_and_the_submitters_letter_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_pages("guides", tmp_path, monkeypatch) >= 15
    # The year went through: two rounds of cases read, one accepted, the final book built from the edition.
    register = (tmp_path / "editions/2022/submissions.toml").read_text(encoding="utf-8")
    assert register.count("[[submissions]]") == 2  # the resubmission is the second version of one entry
    assert register.count("[[submissions.history]]") == 1


PAGES = sorted({page for pages in GROUPS.values() for page in pages})


def parse(words: list[str], where: str) -> None:
    """Parse a command line as ``compile`` would, through its groups (``compile portal serve``), running nothing."""
    command: click.Command = cli
    context = None
    while True:
        context = command.make_context(words[0], words[1:], parent=context)
        if not isinstance(command, click.Group):
            return
        rest = context._protected_args + context.args
        name, command, _ = command.resolve_command(context, rest)
        assert command is not None, f"{where}: no command {name}"
        words = rest


@pytest.mark.parametrize("page", PAGES)
def test_every_block_left_out_says_why_and_still_parses(page: str) -> None:
    """A ``not-run`` mark gives its reason; its ``compile`` lines are commands and options the CLI knows."""
    for block in blocks(page):
        if block.mark != "not-run":
            continue
        assert block.info == "sh" and block.reason, f"{page}:{block.line}: a not-run mark needs a reason"
        for command in commands(block):
            tokens = shlex.split(command.split("&&")[-1])
            while tokens and ENV_PREFIX.match(tokens[0]):
                tokens.pop(0)
            if tokens[:1] != [COMPILE]:
                continue
            parse(["compile", *tokens[1:]], f"{page}:{block.line}")


def test_every_page_is_covered() -> None:
    """Every page with shell blocks is run by one of the groups above, and the guides have commands to run."""
    with_shell = {
        str(path.relative_to(ROOT))
        for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
        if any(block.info == "sh" for block in blocks(str(path.relative_to(ROOT))))
    }
    assert with_shell <= set(PAGES), with_shell - set(PAGES)
    for page in ("README.md", "docs/editor-guide.md"):
        runnable = [c for block in blocks(page) if block.info == "sh" and block.mark is None for c in commands(block)]
        assert len(runnable) >= 10, page
    assert any(block.mark == "letter" for block in blocks("docs/submitter-guide.md"))
    # The README keeps its two commands, exactly.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo   # installs what is missing, then compiles editions/2021 into build/2021/\n" in readme
    assert "make test   # installs what is missing (test tools too), then runs the test suite\n" in readme


def test_the_submitters_guide_names_every_field_of_the_form() -> None:
    """The guide sent with the template explains each of its rows, by the label the form prints."""
    guide = (ROOT / "docs/submitter-guide.md").read_text(encoding="utf-8")
    labels = [
        field.printed_label
        for field in FIELDS
        if not (field.key.startswith(("photos.1.", "photos.2.")) and not field.key.endswith(".src"))
    ]
    assert len(labels) > 15
    missing = [label for label in labels if label not in guide]
    assert not missing, f"docs/submitter-guide.md does not explain {missing}"
    assert " / ".join(ORGANISATION_KINDS) in guide
